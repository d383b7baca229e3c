package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.Await;
import imagestream.SilentClients;
import imagestream.TestCertificate;
import imagestream.config.Settings;
import imagestream.image.JpegHeader;
import imagestream.image.OpenCvNatives;
import imagestream.image.TestFrames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame server over TLS ({@code TLS=files}) on 127.0.0.1, with clients that trust the test
 * certificate: frames round trip over {@code wss:}; a plain {@code ws:} client, plain HTTP,
 * garbage and handshakes that never finish are closed without harming a streaming client; the
 * per-address limit counts connections still in their TLS handshake; a renewed certificate
 * reaches new connections; a browser opening the port gets a page linking back to the page.
 */
@Timeout(60)
class WssIT {

  private static byte[] frame;
  private FrameServer server;
  private final List<TestClient> clients = new ArrayList<>();

  @TempDir Path dir;

  @BeforeAll
  static void makeFrame() {
    OpenCvNatives.load();
    frame = TestFrames.sceneJpeg(320, 240, 90);
  }

  @AfterEach
  void stop() throws InterruptedException {
    clients.forEach(TestClient::close);
    if (server != null) {
      server.shutdown(1000);
    }
  }

  private TestCertificate start(int handshakeTimeoutSeconds, String... keyValues) {
    TestCertificate certificate = TestCertificate.make(dir.resolve("tls"));
    Map<String, String> settings = new HashMap<>(certificate.settings());
    settings.putAll(Map.of("HOST", "127.0.0.1", "WS_PORT", "0", "HTTP_PORT", "8443",
        "SERVER_WIDTH", "64", "SERVER_HEIGHT", "48"));
    for (int i = 0; i < keyValues.length; i += 2) {
      settings.put(keyValues[i], keyValues[i + 1]);
    }
    server = FrameServerMain.start(Settings.fromMap(settings),
        FrameServer.CONNECTION_LOST_TIMEOUT_SECONDS, handshakeTimeoutSeconds);
    return certificate;
  }

  /** A {@code wss:} client from {@code from} (127.0.0.1, 127.0.0.2, ...) trusting {@code certificate}. */
  @SuppressWarnings("deprecation") // setSocket: the one way to give the client a bound socket
  private TestClient secure(TestCertificate certificate, String from) throws Exception {
    TestClient client = new TestClient(URI.create("wss://127.0.0.1:" + server.getPort()));
    Socket plain = SilentClients.connect(from, server.getPort());
    client.setSocket(certificate.clientContext().getSocketFactory()
        .createSocket(plain, "127.0.0.1", server.getPort(), true));
    clients.add(client);
    assertTrue(client.connectBlocking(10, TimeUnit.SECONDS), "a wss client trusting the certificate connects");
    return client;
  }

  private static void assertAnswered(TestClient client) throws Exception {
    client.send(frame);
    byte[] reply = client.nextFrame();
    assertEquals(64, JpegHeader.parse(reply).width(), "a processed frame");
  }

  @Test
  void framesRoundTripOverWss() throws Exception {
    TestCertificate certificate = start(HandshakeGuard.HANDSHAKE_TIMEOUT_SECONDS);
    TestClient client = secure(certificate, "127.0.0.1");
    for (int i = 0; i < 10; i++) {
      assertAnswered(client);
    }
    SSLSocket socket = (SSLSocket) client.getSocket();
    assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(socket.getSession().getProtocol()));
    assertEquals(certificate.certificate(), socket.getSession().getPeerCertificates()[0]);
  }

  @Test
  void fullHandshakesTakeMilliseconds() throws Exception {
    // 70 connections one after the other: their places may be freed a little after they close.
    start(HandshakeGuard.HANDSHAKE_TIMEOUT_SECONDS, "MAX_CONNECTIONS_PER_ADDRESS", "1000")
        .assertHandshakesTakeMilliseconds("WssIT, the frame server", server.getPort());
  }

  /**
   * A ClientHello that comes a while after the TCP connection (a slow link; a client that makes
   * its TLS context once connected, as Java-WebSocket's own client does) is answered at once.
   */
  @Test
  void aLateClientHelloIsAnswered() throws Exception {
    TestCertificate certificate = start(HandshakeGuard.HANDSHAKE_TIMEOUT_SECONDS);
    try (Socket plain = SilentClients.connect("127.0.0.1", server.getPort())) {
      Thread.sleep(500); // the scenario itself: the server's first turns pass without a ClientHello
      plain.setSoTimeout(2000);
      SSLSocket socket = (SSLSocket) certificate.clientContext().getSocketFactory()
          .createSocket(plain, "127.0.0.1", server.getPort(), true);
      socket.startHandshake();
      assertEquals(certificate.certificate(), socket.getSession().getPeerCertificates()[0]);
    }
    assertAnswered(secure(certificate, "127.0.0.1"));
  }

  @Test
  void plainWebSocketOnTheTlsPortIsRefusedAndTheServerGoesOn() throws Exception {
    TestCertificate certificate = start(HandshakeGuard.HANDSHAKE_TIMEOUT_SECONDS);
    TestClient user = secure(certificate, "127.0.0.1");
    TestClient plain = new TestClient(URI.create("ws://127.0.0.1:" + server.getPort()));
    clients.add(plain);
    long start = System.nanoTime();
    assertFalse(plain.connectBlocking(10, TimeUnit.SECONDS), "a plain ws: client does not get in");
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds < 2, "refused at once, not left to time out: " + seconds + " s");
    assertAnswered(user);
    assertAnswered(secure(certificate, "127.0.0.1"));
  }

  @Test
  void plainHttpGarbageAndUnfinishedHandshakesAreClosedWithoutHarmingAStreamingClient()
      throws Exception {
    TestCertificate certificate = start(HandshakeGuard.HANDSHAKE_TIMEOUT_SECONDS);
    TestClient user = secure(certificate, "127.0.0.1");
    List<Socket> hostile = new ArrayList<>();
    try (SilentClients silent = SilentClients.open("127.0.0.2", server.getPort(), 2)) {
      Socket http = SilentClients.connect("127.0.0.3", server.getPort());
      http.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      Socket garbage = SilentClients.connect("127.0.0.3", server.getPort());
      byte[] noise = new byte[4096];
      new Random(11).nextBytes(noise);
      noise[0] = 0x42; // not a TLS record's first byte
      garbage.getOutputStream().write(noise);
      Socket halfHello = SilentClients.connect("127.0.0.3", server.getPort());
      // A handshake record's header announcing 512 bytes, which never come.
      halfHello.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
      hostile.addAll(List.of(http, garbage, halfHello));
      hostile.addAll(silent.sockets());
      long slowest = 0;
      for (int i = 0; i < 20; i++) {
        long sent = System.nanoTime();
        assertAnswered(user);
        slowest = Math.max(slowest, System.nanoTime() - sent);
      }
      for (Socket socket : hostile) {
        assertClosedByServer(socket);
      }
      System.out.printf("WssIT: plain HTTP, 4 KiB of garbage, half a ClientHello and two silent"
          + " sockets on the TLS port all closed; a streaming client's slowest frame meanwhile"
          + " %.1f ms%n", slowest / 1e6);
      assertTrue(slowest < 1_000_000_000L, "a frame took " + slowest / 1e6 + " ms");
      assertAnswered(user);
      assertAnswered(secure(certificate, "127.0.0.2"));
    } finally {
      for (Socket socket : hostile) {
        socket.close();
      }
    }
  }

  /** Reads (and drops) what the server sends, a TLS alert say, until it closes the connection. */
  private static void assertClosedByServer(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    try {
      while (in.read() != -1) {
        // an alert, or the library's answer
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server left the connection open", e);
    } catch (IOException e) {
      // reset by the server: closed too
    }
  }

  @Test
  void connectionsInTheirTlsHandshakeCountAgainstTheirAddress() throws Exception {
    TestCertificate certificate = start(30, "MAX_CONNECTIONS_PER_ADDRESS", "3");
    try (SilentClients pending = SilentClients.open("127.0.0.2", server.getPort(), 5)) {
      for (Socket socket : pending.sockets().subList(0, 3)) {
        OutputStream out = socket.getOutputStream();
        out.write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00}); // a ClientHello begun, never ended
      }
      pending.assertClosedBeyond(3);
      // Another address is not affected, and its connections are served.
      assertAnswered(secure(certificate, "127.0.0.3"));
      // The three still wait for their handshake, within the 30 s timeout.
      for (Socket socket : pending.sockets().subList(0, 3)) {
        socket.setSoTimeout(200);
        assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read(),
            "still open, still waiting");
      }
      pending.sockets().get(0).close();
      Await.until("the closed one's place to be free", Duration.ofSeconds(5), () -> {
        try (Socket next = SilentClients.connect("127.0.0.2", server.getPort())) {
          next.setSoTimeout(300);
          return next.getInputStream().read() != -1;
        } catch (SocketTimeoutException e) {
          return true; // kept open: admitted
        } catch (IOException e) {
          return false;
        }
      });
    }
  }

  @Test
  void aRenewedCertificateReachesNewConnectionsWithoutARestart() throws Exception {
    // Probed over and over: the probes' places may be freed a little after they close.
    TestCertificate first =
        start(HandshakeGuard.HANDSHAKE_TIMEOUT_SECONDS, "MAX_CONNECTIONS_PER_ADDRESS", "1000");
    TestClient open = secure(first, "127.0.0.1");
    TestCertificate renewed = TestCertificate.make(dir.resolve("renewed"));
    first.replaceWith(renewed);
    Await.until("a new connection to get the renewed certificate", Duration.ofSeconds(15),
        () -> renewed.isPresentedBy(server.getPort()));
    assertAnswered(secure(renewed, "127.0.0.1"));
    assertAnswered(open); // a connection open before keeps its own
  }

  @Test
  void aBrowserOpeningThePortGetsAPageLinkingToThePage() throws Exception {
    TestCertificate certificate = start(HandshakeGuard.HANDSHAKE_TIMEOUT_SECONDS);
    HttpClient browser = HttpClient.newBuilder().sslContext(certificate.clientContext()).build();
    HttpResponse<String> page = browser.send(
        HttpRequest.newBuilder(URI.create("https://localhost:" + server.getPort() + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("href=\"https://localhost:8443/client.html\""), page.body());
    assertAnswered(secure(certificate, "127.0.0.1"));
  }

  @Test
  void aForgedHostHeaderDoesNotReachTheLink() throws Exception {
    TestCertificate certificate = start(HandshakeGuard.HANDSHAKE_TIMEOUT_SECONDS);
    try (Socket plain = SilentClients.connect("127.0.0.1", server.getPort());
        SSLSocket socket = (SSLSocket) certificate.clientContext().getSocketFactory()
            .createSocket(plain, "127.0.0.1", server.getPort(), true)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: \"><script>alert(1)</script>\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
      assertFalse(answer.contains("<script"), answer);
      assertTrue(answer.contains("href=\"https://localhost:8443/client.html\""), answer);
    }
  }
}
