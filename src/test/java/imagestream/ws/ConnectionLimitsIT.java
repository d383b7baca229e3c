package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.Await;
import imagestream.LogCapture;
import imagestream.SilentClients;
import imagestream.config.Settings;
import imagestream.image.TestFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who may connect: at most MAX_CONNECTIONS clients, and browsers only from allowed origins. */
@Timeout(60)
class ConnectionLimitsIT {

  private FrameServer server;

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server != null) {
      server.shutdown(1000);
    }
  }

  private void start(String... keyValues) {
    Map<String, String> raw = new HashMap<>(
        Map.of("HOST", "127.0.0.1", "WS_PORT", "0", "HTTP_PORT", "8123",
            "SERVER_WIDTH", "32", "SERVER_HEIGHT", "24"));
    for (int i = 0; i < keyValues.length; i += 2) {
      raw.put(keyValues[i], keyValues[i + 1]);
    }
    server = FrameServerMain.start(Settings.fromMap(raw));
  }

  @Test
  void beyondMaxConnectionsHandshakesAreRefusedAndTheOthersGoOn() throws Exception {
    int max = 200;
    // All from 127.0.0.1, as behind a reverse proxy: the per-address limit out of the way.
    start("MAX_CONNECTIONS", Integer.toString(max),
        "MAX_CONNECTIONS_PER_ADDRESS", Integer.toString(max + 1));
    HttpClient http = HttpClient.newHttpClient();
    List<Peer> peers = new ArrayList<>();
    try {
      for (int i = 0; i < max; i++) {
        peers.add(Peer.open(http, server.getPort()).get(10, TimeUnit.SECONDS));
      }
      assertEquals(max, server.stats().connectionsOpen());

      ExecutionException refused =
          assertThrows(ExecutionException.class,
              () -> Peer.open(http, server.getPort()).get(10, TimeUnit.SECONDS));
      WebSocketHandshakeException handshake =
          assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
      assertEquals(404, handshake.getResponse().statusCode(), "the library's refusal status");
      assertEquals(1, server.stats().clientsRefusedInAll());
      assertEquals(max, server.stats().connectionsOpen());

      // Every existing client is unaffected: each still gets its own frame answered.
      byte[] frame = TestFrames.sceneJpeg(64, 48, 120);
      for (Peer peer : peers) {
        peer.socket.sendBinary(ByteBuffer.wrap(frame), true);
      }
      for (Peer peer : peers) {
        byte[] reply = peer.replies.poll(10, TimeUnit.SECONDS);
        assertTrue(reply != null && (reply[1] & 0xFF) == 0xD8, "a JPEG reply for every client");
      }

      // A client that leaves frees its place for the next.
      Peer leaving = peers.remove(0);
      leaving.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
      waitFor(() -> server.stats().connectionsOpen() == max - 1);
      peers.add(Peer.open(http, server.getPort()).get(10, TimeUnit.SECONDS));
      assertEquals(max, server.stats().connectionsOpen());
    } finally {
      peers.forEach(p -> p.socket.abort());
    }
  }

  @Test
  void browsersFromOtherOriginsAreRefused() throws Exception {
    start();
    for (String origin : List.of("http://evil.example", "http://localhost:8124",
        "https://localhost:8123", "null", "http://localhost:8123.evil.example")) {
      try (RawWebSocket client = RawWebSocket.connect(server.getPort(), "Origin: " + origin)) {
        assertFalse(client.accepted(), origin + " should be refused: " + client.response());
        assertTrue(client.response().startsWith("HTTP/1.1 404"), client.response());
      }
    }
    assertEquals(5, server.stats().clientsRefusedInAll());
    assertEquals(0, server.stats().connectionsOpen());
  }

  @Test
  void pagesFromThePageServersOwnOriginsAreAllowed() throws Exception {
    start();
    for (String origin : List.of("http://localhost:8123", "http://127.0.0.1:8123",
        "http://[::1]:8123")) {
      try (RawWebSocket client = RawWebSocket.connect(server.getPort(), "Origin: " + origin)) {
        assertTrue(client.accepted(), origin + " should be accepted: " + client.response());
      }
    }
    assertEquals(0, server.stats().clientsRefusedInAll());
  }

  @Test
  void configuredOriginsReplaceTheDefaults() throws Exception {
    start("ALLOWED_ORIGINS", "https://cam.example.org");
    assertHandshake(true, "Origin: https://cam.example.org");
    assertHandshake(false, "Origin: http://localhost:8123");
  }

  @Test
  void clientsWithoutAnOriginAreAllowedByDefault() throws Exception {
    start();
    assertHandshake(true);
  }

  @Test
  void clientsWithoutAnOriginAreRefusedWhenTheSettingSaysSo() throws Exception {
    start("ALLOW_NO_ORIGIN", "false");
    assertHandshake(false);
    assertHandshake(true, "Origin: http://localhost:8123");
  }

  /** Whether a handshake with {@code headers} is accepted, as {@code accepted} says. */
  private void assertHandshake(boolean accepted, String... headers) throws IOException {
    try (RawWebSocket client = RawWebSocket.connect(server.getPort(), headers)) {
      assertEquals(accepted, client.accepted(), client.response());
    }
  }

  /**
   * Silent TCP connections from one address (no handshake, not a byte) hold at most
   * MAX_CONNECTIONS_PER_ADDRESS places, for the handshake timeout; a page from another address
   * is served all along, and the refusals are logged once.
   */
  @Test
  void silentSocketsFromOneAddressDoNotLockOutAnother() throws Exception {
    start();
    try (LogCapture log = LogCapture.start();
        SilentClients silent = SilentClients.open("127.0.0.2", server.getPort(), 60)) {
      assertAnswered(TestClient.connect(server.getPort()));
      silent.assertClosedBeyond(8);
      try (RawWebSocket page = RawWebSocket.connect(server.getPort(), "Origin: http://localhost:8123")) {
        assertTrue(page.accepted(), page.response());
      }
      double seconds = silent.secondsUntilClosed(8);
      System.out.printf("ConnectionLimitsIT: 52 of 60 silent sockets from one address closed at"
          + " once, the other 8 after %.1f s; a client from another address served meanwhile%n",
          seconds);
      assertTrue(seconds < 4.5, "the silent ones were held " + seconds + " s");
      String refusals = log.single("MAX_CONNECTIONS_PER_ADDRESS"); // one line for them all
      assertTrue(refusals.contains("127.0.0.2"), refusals);
    }
  }

  /** Idle WebSocket clients from one address cannot take every place of MAX_CONNECTIONS. */
  @Test
  void idleClientsFromOneAddressDoNotFillMaxConnections() throws Exception {
    start("MAX_CONNECTIONS", "50");
    List<RawWebSocket> idle = new ArrayList<>();
    try {
      int accepted = 0;
      for (int i = 0; i < 50; i++) {
        try {
          RawWebSocket client = RawWebSocket.connect(InetAddress.getByName("127.0.0.3"), server.getPort(), 0);
          idle.add(client);
          accepted += client.accepted() ? 1 : 0;
        } catch (IOException e) {
          // closed on arrival
        }
      }
      assertEquals(8, accepted, "MAX_CONNECTIONS_PER_ADDRESS clients from one address");
      assertEquals(8, server.stats().connectionsOpen());
      try (RawWebSocket page = RawWebSocket.connect(server.getPort(), "Origin: http://localhost:8123")) {
        assertTrue(page.accepted(), "a page from another address: " + page.response());
      }
      idle.remove(0).close(); // one leaves: its address may connect once more
      waitFor(() -> server.stats().connectionsOpen() == 7);
      try (RawWebSocket again = RawWebSocket.connect(InetAddress.getByName("127.0.0.3"), server.getPort(), 0)) {
        assertTrue(again.accepted(), again.response());
      }
    } finally {
      for (RawWebSocket client : idle) {
        client.close();
      }
    }
  }

  /**
   * Behind a trusted proxy every client comes from the proxy's address: the limit counts the
   * client its X-Forwarded-For names instead, and the log names both. From any other address
   * the header counts for nothing.
   */
  @Test
  void behindATrustedProxyTheLimitCountsTheClientItNames() throws Exception {
    start("MAX_CONNECTIONS_PER_ADDRESS", "2", "TRUSTED_PROXIES", "127.0.0.2");
    InetAddress proxy = InetAddress.getByName("127.0.0.2");
    InetAddress stranger = InetAddress.getByName("127.0.0.3");
    List<RawWebSocket> open = new ArrayList<>();
    try (LogCapture log = LogCapture.start()) {
      assertTrue(accepted(open, proxy, "X-Forwarded-For: 198.51.100.1, 203.0.113.9"));
      assertTrue(accepted(open, proxy, "X-Real-IP: 203.0.113.9"));
      assertFalse(accepted(open, proxy, "X-Forwarded-For: 203.0.113.9"),
          "a third connection of the client the proxy names");
      for (int i = 10; i < 14; i++) {
        assertTrue(accepted(open, proxy, "X-Forwarded-For: 203.0.113." + i),
            "other clients through the same proxy");
      }
      assertEquals(6, server.stats().connectionsOpen());
      String refusal = log.single("MAX_CONNECTIONS_PER_ADDRESS");
      assertTrue(refusal.contains("Refused a client from 203.0.113.9 (through /127.0.0.2:"), refusal);

      assertTrue(accepted(open, stranger, "X-Forwarded-For: 203.0.113.20"));
      assertTrue(accepted(open, stranger, "X-Forwarded-For: 203.0.113.21"));
      assertFalse(accepted(open, stranger, "X-Forwarded-For: 203.0.113.22"),
          "not a trusted proxy: counted as itself, whatever it says");
    } finally {
      for (RawWebSocket client : open) {
        client.close();
      }
    }
  }

  /** Connects from {@code from} with {@code header}; keeps an accepted client in {@code open}. */
  private boolean accepted(List<RawWebSocket> open, InetAddress from, String header) {
    try {
      RawWebSocket client = RawWebSocket.connect(from, server.getPort(), 0, header);
      open.add(client);
      return client.accepted();
    } catch (IOException e) {
      return false; // closed on arrival
    }
  }

  /**
   * Connections waiting for their handshake have a cap of their own, apart from MAX_CONNECTIONS:
   * here 5 open clients are allowed, and 8 silent sockets from each of 16 addresses still wait.
   */
  @Test
  void waitingHandshakesHaveTheirOwnCap() throws Exception {
    start("MAX_CONNECTIONS", "5");
    List<Socket> waiting = new ArrayList<>();
    try {
      for (int a = 0; a < HandshakeGuard.MAX_PENDING / 8; a++) {
        for (int i = 0; i < 8; i++) {
          waiting.add(SilentClients.connect("127.0.1." + (a + 1), server.getPort()));
        }
      }
      try (Socket extra = SilentClients.connect("127.0.2.1", server.getPort())) {
        extra.setSoTimeout(5000);
        assertEquals(-1, extra.getInputStream().read(), "one more than the cap is closed");
      }
      Socket last = waiting.get(waiting.size() - 1);
      last.setSoTimeout(100);
      assertThrows(SocketTimeoutException.class, () -> last.getInputStream().read(),
          "the last of them still waits");
    } finally {
      for (Socket socket : waiting) {
        socket.close();
      }
    }
    assertAnswered(TestClient.connect(server.getPort())); // once they are gone
  }


  private static void assertAnswered(TestClient client) throws Exception {
    client.send(TestFrames.sceneJpeg(64, 48, 100));
    assertEquals(100, TestFrames.meanOf(client.nextFrame()), 15);
    client.close();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    Await.until("the condition", condition);
  }

  /** One client on the JDK's own WebSocket, so hundreds share one HttpClient's threads. */
  private static final class Peer implements WebSocket.Listener {
    final java.util.concurrent.BlockingQueue<byte[]> replies =
        new java.util.concurrent.LinkedBlockingQueue<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    WebSocket socket;

    static CompletableFuture<Peer> open(HttpClient http, int port) {
      Peer peer = new Peer();
      return http.newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + port), peer)
          .thenApply(socket -> {
            peer.socket = socket;
            return peer;
          });
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      partial.writeBytes(bytes);
      if (last) {
        replies.add(partial.toByteArray());
        partial.reset();
      }
      webSocket.request(1);
      return null;
    }
  }
}
