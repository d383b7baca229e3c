package imagestream.ws;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Unmasks a client's WebSocket frames eight bytes at a time, before Java-WebSocket reads them:
 * the library unmasks a payload one byte at a time through two buffers, which took 8% of the
 * server's CPU (about 80 µs of a 640x480 frame). Each frame comes out as the same frame
 * unmasked: the mask bit cleared, the 4-byte key taken out, the payload XORed with it. Frames
 * a client sent unmasked pass as they are; the library checks everything else as before (the
 * headers reach it unchanged but for the mask).
 *
 * <p>It reads the connection's bytes in the order they came, buffer by buffer, from a frame's
 * first byte on; a header split between two buffers is held over to the next. It allocates
 * nothing for a payload, whatever length a header claims. One thread uses it (the
 * connection's decoder).
 */
final class FrameUnmasker {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int MAX_HEADER = 14; // 2 + 8 bytes of length + 4 of key

  private final byte[] held = new byte[MAX_HEADER];
  private int heldBytes;
  private long payloadLeft; // bytes of the current frame's payload still to come
  private long mask; // the key eight times over, little-endian, turned to the next byte's place

  /**
   * The bytes to hand to the library in place of {@code bytes}: {@code bytes} itself with its
   * frames unmasked in place (its limit lowered by the keys taken out), or a new buffer when a
   * header was held over from the previous call. Either is positioned at its first byte.
   */
  ByteBuffer unmask(ByteBuffer bytes) {
    ByteBuffer in = bytes;
    if (heldBytes > 0 || !bytes.hasArray()) {
      in = ByteBuffer.allocate(heldBytes + bytes.remaining());
      in.put(held, 0, heldBytes).put(bytes).flip();
      heldBytes = 0;
    }
    byte[] a = in.array();
    int start = in.arrayOffset() + in.position();
    int end = in.arrayOffset() + in.limit();
    int read = start;
    int written = start;
    while (read < end) {
      if (payloadLeft > 0) {
        int n = (int) Math.min(payloadLeft, end - read);
        xor(a, read, written, n);
        read += n;
        written += n;
        payloadLeft -= n;
      } else {
        int length = headerLength(a, read, end);
        if (length < 0) {
          heldBytes = end - read; // the rest of a header comes with the next bytes
          System.arraycopy(a, read, held, 0, heldBytes);
          break;
        }
        written = copyHeader(a, read, written, length);
        read += length;
      }
    }
    in.limit(written - in.arrayOffset());
    return in;
  }

  /** The header's length if all of it is in {@code a[at..end)}, else -1. */
  private static int headerLength(byte[] a, int at, int end) {
    if (end - at < 2) {
      return -1;
    }
    int lengthCode = a[at + 1] & 0x7F;
    int length = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0)
        + ((a[at + 1] & 0x80) != 0 ? 4 : 0);
    return end - at >= length ? length : -1;
  }

  /**
   * Writes the header at {@code a[from..)} of {@code length} bytes, unmasked, at {@code to},
   * takes in its payload's length and key, and returns where the payload goes.
   */
  private int copyHeader(byte[] a, int from, int to, int length) {
    boolean masked = (a[from + 1] & 0x80) != 0;
    int lengthBytes = length - 2 - (masked ? 4 : 0);
    long payload = a[from + 1] & 0x7F;
    if (lengthBytes > 0) {
      payload = 0;
      for (int i = 0; i < lengthBytes; i++) {
        payload = payload << 8 | (a[from + 2 + i] & 0xFF);
      }
    }
    // A length of 2^63 or more: the library refuses the header and closes the connection.
    payloadLeft = payload < 0 ? Long.MAX_VALUE : payload;
    mask = 0;
    if (masked) {
      long key = Integer.toUnsignedLong((int) (a[from + length - 4] & 0xFF
          | (a[from + length - 3] & 0xFF) << 8
          | (a[from + length - 2] & 0xFF) << 16
          | (a[from + length - 1] & 0xFF) << 24));
      mask = key | key << 32;
    }
    a[to] = a[from];
    a[to + 1] = (byte) (a[from + 1] & 0x7F);
    System.arraycopy(a, from + 2, a, to + 2, lengthBytes);
    return to + 2 + lengthBytes;
  }

  /**
   * XORs {@code n} payload bytes from {@code a[from..)} into {@code a[to..)}, {@code to <= from}:
   * each step reads its eight bytes before it writes any, and writes only below the next read.
   */
  private void xor(byte[] a, int from, int to, int n) {
    int i = 0;
    for (; i + Long.BYTES <= n; i += Long.BYTES) {
      LONGS.set(a, to + i, (long) LONGS.get(a, from + i) ^ mask);
    }
    for (; i < n; i++) {
      a[to + i] = (byte) (a[from + i] ^ mask);
      mask = Long.rotateRight(mask, 8);
    }
  }
}
