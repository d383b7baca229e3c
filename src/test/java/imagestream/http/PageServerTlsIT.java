package imagestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.Await;
import imagestream.SilentClients;
import imagestream.TestCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page server over HTTPS ({@code TLS=files}) on 127.0.0.1, started as its main class starts
 * it: the page reaches a client that trusts the test certificate; plain HTTP, garbage and
 * handshakes that never finish are closed without harming other clients; connections still in
 * their handshake count against their address; a renewed certificate reaches new connections.
 */
@Timeout(60)
class PageServerTlsIT {

  @TempDir Path dir;
  private PageServer server;
  private TestCertificate certificate;

  @AfterEach
  void stop() {
    Optional.ofNullable(server).ifPresent(PageServer::stop);
  }

  private void start(String... lines) throws IOException {
    certificate = TestCertificate.make(dir.resolve("tls"));
    List<String> env = new ArrayList<>(List.of("HOST=127.0.0.1", "HTTP_PORT=0", "WS_PORT=7345"));
    env.addAll(certificate.envLines());
    env.addAll(List.of(lines));
    server = PageServerMain.start(Files.write(dir.resolve(".env"), env));
  }

  @Test
  void thePageIsServedOverHttps() throws Exception {
    start();
    assertTrue(server.url().startsWith("https://127.0.0.1:"), server.url());
    HttpClient client = HttpClient.newBuilder().sslContext(certificate.clientContext()).build();
    HttpResponse<String> page = client.send(
        HttpRequest.newBuilder(URI.create(server.url())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("wss:"), "the page builds wss: over https");
    assertTrue(page.body().strip().endsWith("</html>"), "the whole page arrived");
    String session = page.sslSession().orElseThrow().getProtocol();
    assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(session), session);
  }

  @Test
  void fullHandshakesTakeMilliseconds() throws Exception {
    start("MAX_CONNECTIONS_PER_ADDRESS=1000"); // 70 in turn, each freed a little after it closes
    certificate.assertHandshakesTakeMilliseconds("PageServerTlsIT, the page server", server.port());
  }

  @Test
  void plainHttpGarbageAndUnfinishedHandshakesAreClosedWhileOthersAreServed() throws Exception {
    start();
    int port = server.port();
    List<Socket> hostile = new ArrayList<>();
    try {
      Socket http = SilentClients.connect("127.0.0.2", port);
      http.getOutputStream().write("GET /client.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      Socket garbage = SilentClients.connect("127.0.0.2", port);
      byte[] noise = new byte[4096];
      new Random(12).nextBytes(noise);
      noise[0] = 0x42;
      garbage.getOutputStream().write(noise);
      Socket halfHello = SilentClients.connect("127.0.0.2", port);
      halfHello.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
      Socket silent = SilentClients.connect("127.0.0.2", port);
      hostile.addAll(List.of(http, garbage, halfHello, silent));
      for (int i = 0; i < 5; i++) {
        assertTrue(httpsGet("127.0.0.3", "/healthz").startsWith("HTTP/1.1 200 "), "served meanwhile");
      }
      for (Socket socket : List.of(http, garbage)) {
        assertClosedUnanswered(socket);
      }
      long start = System.nanoTime();
      for (Socket socket : List.of(halfHello, silent)) {
        assertClosedUnanswered(socket); // at the head's time limit
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(seconds < PageGate.HEAD_TIMEOUT_MILLIS / 1000.0 + 2, seconds + " s");
      assertTrue(httpsGet("127.0.0.2", "/healthz").startsWith("HTTP/1.1 200 "));
    } finally {
      for (Socket socket : hostile) {
        socket.close();
      }
    }
  }

  @Test
  void connectionsInTheirTlsHandshakeCountAgainstTheirAddress() throws Exception {
    start("MAX_CONNECTIONS_PER_ADDRESS=3");
    try (SilentClients pending = SilentClients.open("127.0.0.2", server.port(), 5)) {
      for (Socket socket : pending.sockets().subList(0, 3)) {
        socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
      }
      pending.assertClosedBeyond(3);
      assertTrue(httpsGet("127.0.0.3", "/healthz").startsWith("HTTP/1.1 200 "), "another address is served");
      for (Socket socket : pending.sockets().subList(0, 3)) {
        socket.setSoTimeout(200);
        assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read(),
            "still waiting for its handshake");
      }
    }
  }

  @Test
  void aRenewedCertificateReachesNewConnectionsWithoutARestart() throws Exception {
    start("MAX_CONNECTIONS_PER_ADDRESS=1000"); // probed over and over, each freed a little later
    TestCertificate renewed = TestCertificate.make(dir.resolve("renewed"));
    certificate.replaceWith(renewed);
    Await.until("a new connection to get the renewed certificate", Duration.ofSeconds(15),
        () -> renewed.isPresentedBy(server.port()));
    HttpClient client = HttpClient.newBuilder().sslContext(renewed.clientContext()).build();
    assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(server.url())).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode());
  }

  /** One GET over HTTPS from {@code from}, trusting the test certificate: the whole answer. */
  private String httpsGet(String from, String path) throws IOException {
    Socket plain = SilentClients.connect(from, server.port());
    try (SSLSocket socket = (SSLSocket) certificate.clientContext().getSocketFactory()
        .createSocket(plain, "127.0.0.1", server.port(), true)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * Reads until the server closes the connection: a TLS alert may come first, an HTTP answer
   * may not. Fails if the server leaves it open.
   */
  private static void assertClosedUnanswered(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    StringBuilder text = new StringBuilder();
    try {
      for (int b = in.read(); b != -1; b = in.read()) {
        text.append((char) b);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server left the connection open", e);
    } catch (IOException e) {
      // reset by the server: closed too
    }
    assertFalse(text.toString().startsWith("HTTP/"), text.toString());
  }
}
