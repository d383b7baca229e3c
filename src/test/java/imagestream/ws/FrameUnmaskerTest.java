package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameUnmaskerTest {

  /** A client's frames as sent (masked) and as the library should get them (unmasked). */
  private record Stream(byte[] sent, byte[] unmasked) {}

  @Test
  void framesOfEveryLengthCutAnywhereComeOutUnmasked() {
    Random random = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      Stream stream = frames(random, 1 + random.nextInt(12));
      int largest = 1 + random.nextInt(trial % 4 == 0 ? 8 : 70_000); // often cuts every header
      assertArrayEquals(stream.unmasked(), feed(stream.sent(), random, largest), "trial " + trial);
    }
  }

  @Test
  void oneBufferOfWholeFramesIsUnmaskedInPlace() {
    Stream stream = frames(new Random(7), 5);
    ByteBuffer bytes = ByteBuffer.wrap(stream.sent().clone());
    ByteBuffer out = new FrameUnmasker().unmask(bytes);
    assertEquals(bytes.array(), out.array(), "no new buffer");
    assertArrayEquals(stream.unmasked(), remaining(out));
  }

  @Test
  void aFrameSentUnmaskedPassesAsItIs() {
    byte[] frame = {(byte) 0x82, 3, 1, 2, 3};
    assertArrayEquals(frame, remaining(new FrameUnmasker().unmask(ByteBuffer.wrap(frame.clone()))));
  }

  /** A header claiming 2^63 bytes or more: passed on for the library to refuse, nothing allocated. */
  @Test
  void anImpossibleLengthIsLeftToTheLibrary() {
    byte[] frame = {(byte) 0x82, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 9, 9, 9, 9, 1, 2};
    byte[] out = remaining(new FrameUnmasker().unmask(ByteBuffer.wrap(frame.clone())));
    assertArrayEquals(new byte[] {(byte) 0x82, 0x7F, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0,
        1 ^ 9, 2 ^ 9}, out);
  }

  @Test
  void directBuffersAndSlicesWork() {
    Stream stream = frames(new Random(3), 4);
    ByteBuffer direct = ByteBuffer.allocateDirect(stream.sent().length).put(stream.sent()).flip();
    assertArrayEquals(stream.unmasked(), remaining(new FrameUnmasker().unmask(direct)));
    byte[] padded = new byte[stream.sent().length + 10];
    System.arraycopy(stream.sent(), 0, padded, 7, stream.sent().length);
    ByteBuffer slice = ByteBuffer.wrap(padded, 7, stream.sent().length).slice();
    assertArrayEquals(stream.unmasked(), remaining(new FrameUnmasker().unmask(slice)));
  }

  /** Feeds {@code sent} in random pieces of 1 to {@code largest} bytes; returns what came out. */
  private static byte[] feed(byte[] sent, Random random, int largest) {
    FrameUnmasker unmasker = new FrameUnmasker();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int at = 0; at < sent.length; ) {
      int n = Math.min(sent.length - at, 1 + random.nextInt(largest));
      byte[] piece = new byte[n];
      System.arraycopy(sent, at, piece, 0, n);
      out.writeBytes(remaining(unmasker.unmask(ByteBuffer.wrap(piece))));
      at += n;
    }
    return out.toByteArray();
  }

  private static byte[] remaining(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  /** {@code count} frames with payloads of each length kind, mostly masked, some not. */
  private static Stream frames(Random random, int count) {
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    ByteArrayOutputStream unmasked = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      int length = switch (random.nextInt(5)) {
        case 0 -> 0;
        case 1 -> random.nextInt(126);
        case 2 -> 126 + random.nextInt(3);
        case 3 -> 126 + random.nextInt(65_536 - 126);
        default -> 65_536 + random.nextInt(100_000);
      };
      byte[] payload = new byte[length];
      random.nextBytes(payload);
      int first = (random.nextBoolean() ? 0x80 : 0) | (random.nextBoolean() ? 0x2 : 0x9);
      boolean masked = random.nextInt(10) > 0;
      byte[] key = new byte[4];
      random.nextBytes(key);
      writeHeader(sent, first, length, masked);
      writeHeader(unmasked, first, length, false);
      if (masked) {
        sent.writeBytes(key);
      }
      for (int j = 0; j < length; j++) {
        sent.write(masked ? payload[j] ^ key[j & 3] : payload[j]);
      }
      unmasked.writeBytes(payload);
    }
    return new Stream(sent.toByteArray(), unmasked.toByteArray());
  }

  private static void writeHeader(ByteArrayOutputStream out, int first, int length, boolean masked) {
    out.write(first);
    int maskBit = masked ? 0x80 : 0;
    if (length < 126) {
      out.write(maskBit | length);
    } else if (length < 65_536) {
      out.write(maskBit | 126);
      out.write(length >>> 8);
      out.write(length);
    } else {
      out.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) ((long) length >>> shift));
      }
    }
  }
}
