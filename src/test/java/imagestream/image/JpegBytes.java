package imagestream.image;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** JPEG files written byte by byte, for tests of headers and data no encoder writes. */
final class JpegBytes {

  /** Start of image. */
  static final byte[] SOI = {(byte) 0xFF, (byte) 0xD8};

  /** End of image. */
  static final byte[] EOI = {(byte) 0xFF, (byte) 0xD9};

  private JpegBytes() {}

  /** A marker segment: 0xFF, the marker, the length, then the body's bytes. */
  static byte[] segment(int marker, int... body) {
    byte[] out = new byte[4 + body.length];
    out[0] = (byte) 0xFF;
    out[1] = (byte) marker;
    out[2] = (byte) ((body.length + 2) >> 8);
    out[3] = (byte) (body.length + 2);
    for (int i = 0; i < body.length; i++) {
      out[4 + i] = (byte) body[i];
    }
    return out;
  }

  /** The parts one after the other. */
  static int[] concat(int[]... parts) {
    return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
  }

  /** The parts one after the other. */
  static byte[] join(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Entropy-coded data: bits most significant first, a zero byte stuffed after each 0xFF. */
  static final class Bits {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int buffer;
    private int count;

    /** Appends the low {@code length} bits of {@code value}. */
    Bits put(int value, int length) {
      for (int i = length - 1; i >= 0; i--) {
        buffer = (buffer << 1) | ((value >> i) & 1);
        if (++count == 8) {
          out.write(buffer);
          if (buffer == 0xFF) {
            out.write(0);
          }
          buffer = 0;
          count = 0;
        }
      }
      return this;
    }

    /** The bytes, the last one padded with ones. */
    byte[] bytes() {
      while (count != 0) {
        put(1, 1);
      }
      return out.toByteArray();
    }
  }
}
