package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.Settings;
import imagestream.image.OpenCvNatives;
import imagestream.image.TestFrames;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Frames masked as browsers mask them reach the frame core whole, however the network cuts
 * them, and whether they come after the handshake's answer or with the handshake itself.
 */
class MaskedFramesIT {

  private static byte[] jpeg;
  private FrameServer server;

  @BeforeAll
  static void makeFrame() {
    OpenCvNatives.load();
    jpeg = TestFrames.sceneJpeg(320, 240, 100);
  }

  @BeforeEach
  void startServer() {
    server = FrameServerMain.start(Settings.fromMap(Map.of(
        "HOST", "127.0.0.1", "WS_PORT", "0", "SERVER_WIDTH", "64", "SERVER_HEIGHT", "48")));
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    server.shutdown(1000);
  }

  @Test
  void framesCutIntoSmallPiecesAreAnswered() throws IOException {
    Random random = new Random(11);
    try (RawWebSocket client = RawWebSocket.connect(server.getPort())) {
      assertTrue(client.accepted(), client.response());
      for (int frame = 0; frame < 3; frame++) {
        byte[] bytes = RawWebSocket.maskedFrame(0x2, jpeg, key(random));
        // Byte by byte through the header and the payload's first bytes, then larger pieces.
        for (int at = 0; at < bytes.length; ) {
          int n = Math.min(bytes.length - at, at < 24 ? 1 : 1 + random.nextInt(3000));
          client.sendRaw(Arrays.copyOfRange(bytes, at, at + n));
          at += n;
        }
        assertIsAJpeg(nextBinary(client));
      }
    }
  }

  /** The first frame's start comes with the handshake, its rest later: the library unmasks it. */
  @Test
  void aFrameStartedWithTheHandshakeIsAnswered() throws IOException {
    Random random = new Random(12);
    byte[] first = RawWebSocket.maskedFrame(0x2, jpeg, key(random));
    try (RawWebSocket client =
        RawWebSocket.connectSending(server.getPort(), Arrays.copyOf(first, 100))) {
      assertTrue(client.accepted(), client.response());
      client.sendRaw(Arrays.copyOfRange(first, 100, first.length));
      assertIsAJpeg(nextBinary(client));
      client.sendRaw(RawWebSocket.maskedFrame(0x2, jpeg, key(random)));
      assertIsAJpeg(nextBinary(client));
    }
  }

  private static byte[] key(Random random) {
    byte[] key = new byte[4];
    random.nextBytes(key);
    return key;
  }

  /** The next binary message, past the server's text messages (its settings, notices). */
  private static byte[] nextBinary(RawWebSocket client) throws IOException {
    while (true) {
      RawWebSocket.Frame frame = client.readFrame();
      if (frame.opcode() == 0x2) {
        return frame.payload();
      }
      assertTrue(frame.opcode() == 0x1 || frame.opcode() == 0x9, "opcode " + frame.opcode());
    }
  }

  private static void assertIsAJpeg(byte[] reply) {
    assertTrue(reply.length > 100, reply.length + " bytes");
    assertEquals((byte) 0xFF, reply[0]);
    assertEquals((byte) 0xD8, reply[1]);
    assertEquals((byte) 0xFF, reply[reply.length - 2]);
    assertEquals((byte) 0xD9, reply[reply.length - 1]);
  }
}
