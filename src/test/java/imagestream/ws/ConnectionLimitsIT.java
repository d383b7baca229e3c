package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.Settings;
import imagestream.image.TestFrames;
import java.io.ByteArrayOutputStream;
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
    start("MAX_CONNECTIONS", Integer.toString(max));
    HttpClient http = HttpClient.newHttpClient();
    List<Peer> peers = new ArrayList<>();
    try {
      for (int i = 0; i < max; i++) {
        peers.add(Peer.open(http, server.getPort()).get(10, TimeUnit.SECONDS));
      }
      assertEquals(max, server.openConnections());

      ExecutionException refused =
          assertThrows(ExecutionException.class,
              () -> Peer.open(http, server.getPort()).get(10, TimeUnit.SECONDS));
      WebSocketHandshakeException handshake =
          assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
      assertEquals(404, handshake.getResponse().statusCode(), "the library's refusal status");
      assertEquals(1, server.refusedHandshakes());
      assertEquals(max, server.openConnections());

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
      waitFor(() -> server.openConnections() == max - 1);
      peers.add(Peer.open(http, server.getPort()).get(10, TimeUnit.SECONDS));
      assertEquals(max, server.openConnections());
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
    assertEquals(5, server.refusedHandshakes());
    assertEquals(0, server.openConnections());
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
    assertEquals(0, server.refusedHandshakes());
  }

  @Test
  void configuredOriginsReplaceTheDefaults() throws Exception {
    start("ALLOWED_ORIGINS", "https://cam.example.org");
    try (RawWebSocket allowed = RawWebSocket.connect(server.getPort(), "Origin: https://cam.example.org");
        RawWebSocket local = RawWebSocket.connect(server.getPort(), "Origin: http://localhost:8123")) {
      assertTrue(allowed.accepted(), allowed.response());
      assertFalse(local.accepted(), local.response());
    }
  }

  @Test
  void clientsWithoutAnOriginAreAllowedByDefault() throws Exception {
    start();
    try (RawWebSocket tool = RawWebSocket.connect(server.getPort())) {
      assertTrue(tool.accepted(), tool.response());
    }
  }

  @Test
  void clientsWithoutAnOriginAreRefusedWhenTheSettingSaysSo() throws Exception {
    start("ALLOW_NO_ORIGIN", "false");
    try (RawWebSocket tool = RawWebSocket.connect(server.getPort());
        RawWebSocket page = RawWebSocket.connect(server.getPort(), "Origin: http://localhost:8123")) {
      assertFalse(tool.accepted(), tool.response());
      assertTrue(page.accepted(), page.response());
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not met within 5 s");
      Thread.sleep(10);
    }
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
