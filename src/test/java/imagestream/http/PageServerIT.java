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
