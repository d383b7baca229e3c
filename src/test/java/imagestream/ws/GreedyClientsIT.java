package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.Settings;
import imagestream.Await;
import imagestream.image.TestFrames;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that take more than their share: oversized messages, never reading, vanishing
 * mid-frame, going silent. Each is cut off or bounded, and everything it held is freed.
 */
@Timeout(60)
class GreedyClientsIT {

  private static final int LIMIT = 100_000;
  private FrameServer server;

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server != null) {
      server.shutdown(1000);
    }
  }

  /** Starts a server whose lost-connection and handshake timeouts are {@code timeoutSeconds}. */
  private void start(int timeoutSeconds, String... keyValues) {
    Map<String, String> raw = new HashMap<>(
        Map.of("HOST", "127.0.0.1", "WS_PORT", "0", "SERVER_WIDTH", "64", "SERVER_HEIGHT", "48",
            "MAX_FRAME_BYTES", Integer.toString(LIMIT)));
    for (int i = 0; i < keyValues.length; i += 2) {
      raw.put(keyValues[i], keyValues[i + 1]);
    }
    server = FrameServerMain.start(Settings.fromMap(raw), timeoutSeconds, timeoutSeconds);
  }

  /** Declares one byte too many and sends nothing more: the close proves nothing was buffered. */
  @Test
  void messageOverMaxFrameBytesClosesWith1009BeforeItsPayloadArrives() throws Exception {
    start(30);
    TestClient other = TestClient.connect(server.getPort());
    try (RawWebSocket greedy = RawWebSocket.connect(server.getPort())) {
      greedy.sendHeader(0x2, true, LIMIT + 1);
      RawWebSocket.Frame close = greedy.readUntilClose();
      assertEquals(1009, close.closeCode(), "close code: message too big");
      assertFalse(close.closeReason().isBlank(), "a reason is given");
    }
    assertAnswered(other);
    other.close();
  }

  @Test
  void messageOfExactlyMaxFrameBytesIsProcessed() throws Exception {
    start(30);
    byte[] jpeg = TestFrames.sceneJpeg(320, 240, 90);
    byte[] padded = Arrays.copyOf(jpeg, LIMIT); // zeros after the end-of-image marker
    try (RawWebSocket client = RawWebSocket.connect(server.getPort())) {
      client.sendBinary(padded);
      RawWebSocket.Frame reply = client.readFrame();
      assertEquals(0x2, reply.opcode(), "a binary reply");
      assertEquals(90, TestFrames.meanOf(reply.payload()), 15);
    }
  }

  @Test
  void fragmentedMessageOverMaxFrameBytesClosesWith1009() throws Exception {
    start(30);
    try (RawWebSocket greedy = RawWebSocket.connect(server.getPort())) {
      byte[] part = new byte[LIMIT * 2 / 3];
      greedy.sendHeader(0x2, false, part.length);
      greedy.sendRaw(part);
      greedy.sendHeader(0x0, false, part.length);
      greedy.sendRaw(part);
      assertEquals(1009, greedy.readUntilClose().closeCode());
    }
  }

  /**
   * A client that sends frames and never reads: once its socket buffers are full, replies are
   * dropped and counted, and what waits for it stays within the bound.
   */
  @Test
  void clientThatNeverReadsGetsItsRepliesDroppedNotQueued() throws Exception {
    // Large replies (640x480 at quality 100) fill the kernel's buffers in a few dozen frames.
    start(30, "SERVER_WIDTH", "640", "SERVER_HEIGHT", "480", "SERVER_JPG_COMPRESSION", "1.0",
        "MAX_FRAME_BYTES", "2097152");
    byte[] frame = TestFrames.sceneJpeg(640, 480, 120);
    TestClient reader = TestClient.connect(server.getPort());
    reader.send(frame);
    int replyBytes = reader.nextFrame().length;

    long mostQueued = 0;
    try (RawWebSocket greedy = RawWebSocket.connect(server.getPort(), 4096)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (server.stats().repliesDropped() < 20) {
        assertTrue(System.nanoTime() < deadline, "no reply was dropped within 30 s; queued "
            + server.queuedBytes() + " bytes, " + server.stats().framesProcessed() + " processed");
        greedy.sendBinary(frame);
        Thread.sleep(2);
        mostQueued = Math.max(mostQueued, server.queuedBytes());
      }
      System.out.printf(
          "GreedyClientsIT: %d replies of %d bytes dropped; at most %d bytes queued (bound %d + one reply)%n",
          server.stats().repliesDropped(), replyBytes, mostQueued, FrameServer.SEND_BUFFER_BYTES);
      assertTrue(mostQueued <= FrameServer.SEND_BUFFER_BYTES + replyBytes,
          "queued " + mostQueued + " bytes");
      assertAnswered(reader);
    }
    waitFor("the greedy client's connection to be freed", () -> server.stats().connectionsOpen() == 1);
    assertEquals(0, server.queuedBytes(), "nothing left queued");
    reader.close();
  }

  /**
   * Pings sent faster than their pongs are read: pongs stop being queued once the client's queue
   * is full, and the latest ping is answered once the client reads again (RFC 6455, 5.5.3).
   */
  @Test
  void pingsOfAClientThatDoesNotReadAreNotAllAnsweredButTheLatestIs() throws Exception {
    start(30);
    // 26 MB of pongs: several times what the kernel's socket buffers hold (tcp_wmem's maximum is
    // commonly 4 MiB), so the pongs they take in cannot make up half of them.
    int pings = 200_000;
    try (RawWebSocket client = RawWebSocket.connect(server.getPort(), 4096)) {
      ByteBuffer block = ByteBuffer.allocate(1000 * (6 + 125));
      for (int i = 0; i < pings; i++) {
        block.put((byte) 0x89).put((byte) (0x80 | 125)).putInt(0).put(payload(i)); // a masked ping
        if (!block.hasRemaining()) {
          client.sendRaw(block.array());
          block.clear();
        }
      }
      int pongs = 0;
      byte[] last = payload(pings - 1);
      while (true) {
        RawWebSocket.Frame frame = client.readFrame();
        assertEquals(0xA, frame.opcode(), "a pong");
        pongs++;
        if (Arrays.equals(last, frame.payload())) {
          break;
        }
      }
      System.out.printf("GreedyClientsIT: %d pings sent unread, %d answered, the latest among them%n",
          pings, pongs);
      assertTrue(pongs < pings / 2, pongs + " of " + pings + " pings were answered");
      TestClient other = TestClient.connect(server.getPort());
      assertAnswered(other);
      other.close();
    }
  }

  /** A ping payload of 125 bytes that says which ping it is. */
  private static byte[] payload(int i) {
    byte[] payload = new byte[125];
    ByteBuffer.wrap(payload).putInt(i);
    return payload;
  }

  /** Clients that vanish mid-message or mid-processing leave nothing behind. */
  @Test
  void abruptDisconnectsMidFrameFreeEverything() throws Exception {
    start(30, "MAX_CONNECTIONS_PER_ADDRESS", "100"); // 50 in a row from one address
    byte[] frame = TestFrames.sceneJpeg(320, 240, 90);
    for (int i = 0; i < 50; i++) {
      RawWebSocket client = RawWebSocket.connect(server.getPort());
      if (i % 2 == 0) {
        client.sendHeader(0x2, true, frame.length); // then only half the payload
        client.sendRaw(Arrays.copyOf(frame, frame.length / 2));
      } else {
        client.sendBinary(frame); // whole, so the server may be processing it as it goes
      }
      client.abort();
    }
    waitFor("every connection to be freed", () -> server.stats().connectionsOpen() == 0);
    assertANewClientIsAnswered();
  }

  /** A client that stops answering pings is dropped; a live one beside it is not. */
  @Test
  void silentClientIsDisconnectedByTheLostConnectionTimeout() throws Exception {
    start(1);
    TestClient live = TestClient.connect(server.getPort()); // answers pings by itself
    try (RawWebSocket silent = RawWebSocket.connect(server.getPort())) {
      byte[] frame = TestFrames.sceneJpeg(320, 240, 90);
      silent.sendHeader(0x2, true, frame.length);
      silent.sendRaw(Arrays.copyOf(frame, 100)); // and then nothing, not even a pong
      assertEquals(2, server.stats().connectionsOpen());
      long start = System.nanoTime();
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> silent.readUntilEnd());
      System.out.printf("GreedyClientsIT: silent client dropped after %.1f s (timeout 1 s)%n",
          (System.nanoTime() - start) / 1e9);
    }
    waitFor("the silent connection to be freed", () -> server.stats().connectionsOpen() == 1);
    assertTrue(live.isOpen(), "the client that answers pings stays");
    assertAnswered(live);
    live.close();
  }

  /** An endless handshake header is cut off; the heap does not hold it. */
  @Test
  void endlessHandshakeIsCutOff() throws Exception {
    start(30);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Endless: ".getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[16 * 1024];
      Arrays.fill(chunk, (byte) 'a');
      long sent = 0;
      try {
        while (sent < 64L * 1024 * 1024) {
          out.write(chunk);
          sent += chunk.length;
        }
      } catch (IOException e) {
        // the server closed the connection: what the test waits for
      }
      System.out.printf("GreedyClientsIT: endless handshake cut off after %d KiB sent%n", sent / 1024);
      assertTrue(sent < 8L * 1024 * 1024, "the server read " + sent + " bytes of handshake");
    }
    waitFor("the connection to be closed", () -> server.stats().connectionsOpen() == 0);
    assertANewClientIsAnswered();
  }

  /** A client that connects and never sends its handshake is closed after the timeout. */
  @Test
  void silentConnectionWithoutHandshakeIsClosed() throws Exception {
    start(1);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getPort())) {
      socket.setSoTimeout(10_000);
      long start = System.nanoTime();
      assertEquals(-1, socket.getInputStream().read(), "closed without a word");
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("GreedyClientsIT: connection without handshake closed after %.1f s%n", seconds);
      assertTrue(seconds < 5, "closed after " + seconds + " s");
    }
  }

  /** A client that connects now is served. */
  private void assertANewClientIsAnswered() throws Exception {
    TestClient after = TestClient.connect(server.getPort());
    assertAnswered(after);
    after.close();
  }

  private static void assertAnswered(TestClient client) throws Exception {
    client.send(TestFrames.sceneJpeg(64, 48, 100));
    byte[] reply = client.nextFrame();
    assertEquals(100, TestFrames.meanOf(reply), 15);
  }

  private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
    Await.until(what, Duration.ofSeconds(10), condition);
  }
}
