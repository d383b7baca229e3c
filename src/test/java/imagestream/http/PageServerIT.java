package imagestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.LogCapture;
import imagestream.SilentClients;
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
   * Silent sockets from one address (more than the JDK's server would take in all) hold at most
   * MAX_CONNECTIONS_PER_ADDRESS places, for the head timeout: a GET from another address is
   * answered at once all along, and the refusals are logged once.
   */
  @Test
  void silentSocketsFromOneAddressDoNotBlockAnothersRequests() throws Exception {
    int count = PageServer.MAX_CONNECTIONS + 44;
    try (LogCapture log = LogCapture.start();
        SilentClients silent = SilentClients.open("127.0.0.2", server.port(), count)) {
      long start = System.nanoTime();
      for (int i = 0; i < 5; i++) {
        assertEquals(200, send("GET", "/healthz").statusCode());
      }
      double ms = (System.nanoTime() - start) / 1e6;
      silent.assertClosedBeyond(8);
      double seconds = silent.secondsUntilClosed(8);
      System.out.printf("PageServerIT: %d silent sockets from one address: %d closed at once, 8"
          + " after %.1f s; 5 requests from another address took %.0f ms%n",
          count, count - 8, seconds, ms);
      assertTrue(ms < 2000, "took " + ms + " ms");
      assertTrue(seconds < 4.5, "the silent ones were held " + seconds + " s");
      String refusals = log.single("MAX_CONNECTIONS_PER_ADDRESS"); // one line for them all
      assertTrue(refusals.contains("127.0.0.2"), refusals);
    }
  }

  /**
   * Behind a trusted proxy every request comes from the proxy's address: a request is counted
   * against the client its X-Forwarded-For names once its head is in, and that client gets 429
   * beyond the limit while other clients through the same proxy are served.
   */
  @Test
  void behindATrustedProxyTheLimitCountsTheClientItNames() throws Exception {
    Settings proxied = Settings.fromMap(Map.of("HOST", "127.0.0.1", "HTTP_PORT", "0",
        "MAX_CONNECTIONS_PER_ADDRESS", "2", "TRUSTED_PROXIES", "127.0.0.2"));
    // An answer far larger than the sockets' buffers: a client that does not read it holds its place.
    Path big = Files.writeString(dir.resolve("big.html"), "x".repeat(24 << 20));
    PageServer behind = PageServer.start(proxied, () -> proxied, new PageTemplate(big));
    List<Socket> held = new java.util.ArrayList<>();
    try (LogCapture log = LogCapture.start()) {
      for (int i = 0; i < 2; i++) {
        held.add(throughProxy(behind.port(), "203.0.113.9"));
        assertEquals("HTTP/1.1 200", statusLine(held.get(i)), "its answer has begun: it is counted");
      }
      try (Socket third = throughProxy(behind.port(), "203.0.113.9")) {
        assertEquals("HTTP/1.1 429", statusLine(third));
      }
      for (int i = 10; i < 13; i++) {
        held.add(throughProxy(behind.port(), "203.0.113." + i));
        assertEquals("HTTP/1.1 200", statusLine(held.get(held.size() - 1)),
            "another client through the same proxy");
      }
      String refusal = log.single("MAX_CONNECTIONS_PER_ADDRESS");
      assertTrue(refusal.contains("refused a client from 203.0.113.9 (through 127.0.0.2)"), refusal);
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
      behind.stop();
    }
  }

  /** A request from the proxy's address naming {@code client}; its answer is left unread. */
  private static Socket throughProxy(int port, String client) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
    socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    socket.setSoTimeout(5000);
    socket.getOutputStream().write(("GET /client.html HTTP/1.1\r\nHost: cam.example.org\r\n"
        + "X-Forwarded-For: " + client + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  /** The first 12 bytes of the answer: {@code HTTP/1.1 200}. */
  private static String statusLine(Socket socket) throws IOException {
    return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
  }

  /**
   * Clients sending their request a byte every half second, from one address, hold no thread
   * of the server: requests from another address are answered at once, and the slow ones are cut
   * off at the head timeout.
   */
  @Test
  void slowClientsDoNotDelayOthersAndAreCutOff() throws Exception {
    byte[] request = "GET /client.html HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1234567890\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII);
    SilentClients clients = SilentClients.open("127.0.0.3", server.port(), 8);
    List<Socket> slow = clients.sockets();
    java.util.concurrent.atomic.AtomicBoolean trickling = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread trickler = new Thread(() -> {
      for (int k = 0; k < request.length && trickling.get(); k++) {
        for (Socket socket : slow) {
          try {
            socket.getOutputStream().write(request[k]);
          } catch (IOException e) {
            // cut off
          }
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    trickler.start();
    try {
      long slowest = 0;
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        assertEquals(200, send("GET", "/client.html").statusCode());
        slowest = Math.max(slowest, System.nanoTime() - start);
      }
      long start = System.nanoTime();
      for (Socket socket : slow) {
        socket.setSoTimeout(10_000);
        assertEquals(-1, socket.getInputStream().read(), "the slow client is cut off, unanswered");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("PageServerIT: 10 requests beside 8 clients sending a byte every 0.5 s:"
          + " slowest %.0f ms; the slow ones cut off %.1f s later%n", slowest / 1e6, seconds);
      assertTrue(slowest < 1_000_000_000L, "a request took " + slowest / 1e6 + " ms");
    } finally {
      trickling.set(false);
      trickler.interrupt();
      clients.close();
    }
  }

  /** The answers the JDK's server writes by itself (404, 400, 501) carry the safe headers too. */
  @ParameterizedTest
  @ValueSource(strings = {
      "GET //client.html HTTP/1.1\r\nHost: 127.0.0.1\r\n", // no path: 404
      "GET /\\ HTTP/1.1\r\nHost: 127.0.0.1\r\n", // not a URI: 400
      "GET / HTTP/1.1\r\nBad Key: 1\r\n", // not a header name: 400
      "GET /client.html HTTP/1.1\r\nTransfer-Encoding: gzip\r\n"}) // 501
  void theJdksOwnAnswersHaveTheSafeHeaders(String head) throws IOException {
    String response = raw(head + "Connection: close\r\n\r\n");
    String answer = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
    assertTrue(answer.matches("(?s)HTTP/1\\.1 [45]\\d\\d .*"), response);
    assertTrue(answer.contains("\r\nX-Content-Type-Options: nosniff"), answer);
    assertTrue(answer.contains("\r\nCache-Control: no-store"), answer);
    assertTrue(answer.contains("\r\nReferrer-Policy: no-referrer"), answer);
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

  @Test
  void readinessCheck() throws Exception {
    HttpResponse<String> r = send("GET", "/readyz");
    assertEquals(200, r.statusCode());
    assertEquals("ready\n", r.body());
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
