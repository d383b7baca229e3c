package imagestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.StartException;
import imagestream.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real page server on 127.0.0.1: the page, the redirect, the health check, and nothing else. */
@Timeout(30)
class PageServerIT {

  private static final Settings SETTINGS =
      Settings.fromMap(
          Map.of("HOST", "127.0.0.1", "HTTP_PORT", "0", "WS_PORT", "7345", "CLIENT_WIDTH", "321"));

  @TempDir static Path dir;
  private static PageServer server;
  private static HttpClient http;

  @BeforeAll
  static void start() throws IOException {
    Path page =
        Files.writeString(
            dir.resolve("page.html"),
            "<p>##CLIENT_WIDTH##x##CLIENT_HEIGHT## q=##CLIENT_JPG_COMPRESSION## ws=##WS_PORT##</p>");
    // A secret next to the template: it must never be served.
    Files.writeString(dir.resolve(".env"), "SECRET=1\n");
    server = PageServer.start(SETTINGS, () -> SETTINGS, new PageTemplate(page));
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void pageIsServedFilledWithSafeHeaders() throws Exception {
    HttpResponse<String> r = send("GET", "/client.html");
    assertEquals(200, r.statusCode());
    assertEquals("<p>321x30 q=0.6 ws=7345</p>", r.body());
    assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
  }

  @Test
  void pageHasAContentSecurityPolicyLimitingConnectionsToTheWebSocket() throws Exception {
    HttpResponse<String> r = send("GET", "/client.html");
    String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("default-src 'none'"), csp);
    assertTrue(csp.contains("connect-src ws://127.0.0.1:7345 wss://127.0.0.1:7345;"), csp);
    assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(null));
  }

  @Test
  void pageNamesTheHostItWasLoadedFromAsTheWebSocketsHost() throws IOException {
    String response =
        raw("GET /client.html HTTP/1.1\r\nHost: localhost:8080\r\nConnection: close\r\n\r\n");
    assertTrue(response.contains("connect-src ws://localhost:7345 wss://localhost:7345;"), response);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/healthz", "/nothing-here"})
  void everyAnswerHasTheSafeHeaders(String path) throws Exception {
    HttpResponse<String> r = send("GET", path);
    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
    assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(null));
    assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
  }

  @ParameterizedTest
  @ValueSource(ints = {2049, 10_000, 60_000})
  void veryLongUrlsAre414(int length) throws IOException {
    String path = "/client.html?" + "a".repeat(length);
    String response = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 414"), response.lines().findFirst().orElse(response));
  }

  /** Beyond what the JDK's server reads of a request head, it drops the connection unanswered. */
  @Test
  void urlsLongerThanTheRequestHeadLimitGetNoAnswer() {
    String path = "/" + "a".repeat(PageServer.MAX_REQUEST_HEAD_BYTES + 1);
    String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    String response;
    try {
      response = raw(request);
    } catch (IOException e) {
      response = ""; // reset while we were still sending
    }
    assertEquals("", response, "no answer, and no file contents");
  }

  @Test
  void urlsOfTheLongestAllowedLengthAreRouted() throws IOException {
    String path = "/" + "a".repeat(PageHandler.MAX_URI_LENGTH - 1);
    String response = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 404"), response.lines().findFirst().orElse(response));
  }

  /**
   * Slow clients that never finish their request hold a thread each until the request timeout;
   * meanwhile everyone else is served at once, and then the slow ones are cut off.
   */
  @Test
  void slowClientsDoNotBlockOthersAndAreCutOff() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < PageServer.THREADS - 1; i++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.getOutputStream().write("GET /client.html HTTP/1.1\r\nHost: 12".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        slow.add(socket);
      }
      long start = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        assertEquals(200, send("GET", "/healthz").statusCode());
      }
      double ms = (System.nanoTime() - start) / 1e6;
      System.out.printf("PageServerIT: 5 requests beside %d slow clients took %.0f ms%n", slow.size(), ms);
      assertTrue(ms < 2000, "took " + ms + " ms");

      start = System.nanoTime();
      for (Socket socket : slow) {
        socket.setSoTimeout((PageServer.REQUEST_TIMEOUT_SECONDS + 5) * 1000);
        assertEquals(-1, socket.getInputStream().read(), "the slow client is cut off");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("PageServerIT: slow clients cut off after %.1f s%n", seconds);
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void rootRedirectsToThePage() throws Exception {
    HttpResponse<String> r = send("GET", "/");
    assertEquals(302, r.statusCode());
    assertEquals("/client.html", r.headers().firstValue("Location").orElse(null));
  }

  @Test
  void healthCheck() throws Exception {
    HttpResponse<String> r = send("GET", "/healthz");
    assertEquals(200, r.statusCode());
    assertEquals("ok\n", r.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/.env", "/pom.xml", "/page.html", "/%2e%2e/pom.xml", "/src", "/client.html/"})
  void everythingElseIsNotFound(String path) throws Exception {
    HttpResponse<String> r = send("GET", path);
    assertEquals(404, r.statusCode());
    assertFalse(r.body().contains("SECRET"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/../pom.xml", "/../.env", "/./client.html/../.env"})
  void dotDotPathsAreNotFound(String path) throws IOException {
    String response = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertTrue(response.startsWith("HTTP/1.1 404"), response);
    assertFalse(response.contains("SECRET"), response);
    assertFalse(response.contains("<project"), response);
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "DELETE", "PUT"})
  void otherMethodsAreNotAllowed(String method) throws Exception {
    HttpResponse<String> r = send(method, "/client.html");
    assertEquals(405, r.statusCode());
    assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(null));
  }

  @Test
  void headGivesHeadersWithoutABody() throws Exception {
    HttpResponse<String> r = send("HEAD", "/client.html");
    assertEquals(200, r.statusCode());
    assertEquals("", r.body());
    int pageLength = send("GET", "/client.html").body().getBytes(StandardCharsets.UTF_8).length;
    assertEquals(
        Long.valueOf(pageLength), r.headers().firstValueAsLong("Content-Length").orElse(-1),
        "HEAD tells the length GET would send");
    assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null));
  }

  @Test
  void takenPortIsAStartExceptionNamingHttpPort() {
    Settings same =
        Settings.fromMap(
            Map.of("HOST", "127.0.0.1", "HTTP_PORT", Integer.toString(server.port())));
    PageTemplate template = new PageTemplate(dir.resolve("page.html"));
    StartException e =
        assertThrows(StartException.class, () -> PageServer.start(same, () -> same, template));
    assertTrue(e.getMessage().contains("HTTP_PORT"), e.getMessage());
  }

  private static HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest.BodyPublisher body =
        method.equals("POST") || method.equals("PUT")
            ? BodyPublishers.ofString("x=1")
            : BodyPublishers.noBody();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(5))
            .method(method, body)
            .build();
    return http.send(request, BodyHandlers.ofString());
  }

  /** Sends a request exactly as written, since HttpClient would normalize the path. */
  private static String raw(String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }
}
