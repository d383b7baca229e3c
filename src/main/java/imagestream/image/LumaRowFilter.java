package imagestream.image;

import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

/**
 * The custom filter of a gray {@link TurboJpegTranscoder transform}, which TurboJPEG calls with
 * each row of 8x8 blocks of luma coefficients, top to bottom, before it writes them. It
 * requantizes them when the output's table is coarser, and it checks that each block's DC
 * coefficient differs from the one before by at most 2047, as a baseline JPEG's DC codes
 * require: a malformed JPEG can decode to DC coefficients that drift without bound, and libjpeg
 * would write them as corrupt codes without a word. A failed check fails the transform.
 *
 * <p>Requantizing turns a coefficient {@code c} quantized with step {@code from[k]} into
 * {@code c * from[k] / to[k]}, rounded half away from zero, as libjpeg rounds when it quantizes.
 * Most coefficients of a photo are zero, so it reads a row four coefficients at a time and
 * skips the groups that are all zero; the division is a multiplication by a 20-bit fixed-point
 * ratio rounded up, which is exact for magnitudes up to 2047 and steps up to 255 (the error
 * stays under 2047 / 2^20, less than the 1/510 by which any other quotient misses a half).
 * Larger magnitudes, which only a malformed JPEG holds, fail the transform.
 */
final class LumaRowFilter implements TurboJpegTranscoder.CoefficientFilter {

  /** The largest DC difference a baseline JPEG can code (11 bits of magnitude). */
  static final int MAX_DC_STEP = 2047;

  /** The largest coefficient magnitude requantized exactly. */
  static final int MAX_MAGNITUDE = 2047;

  // Bit offset of each of the four 16-bit coefficients in a 64-bit word read from memory.
  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
  private static final int LANE0 = LITTLE_ENDIAN ? 0 : 48;
  private static final int LANE1 = LITTLE_ENDIAN ? 16 : 32;
  private static final int LANE2 = LITTLE_ENDIAN ? 32 : 16;
  private static final int LANE3 = LITTLE_ENDIAN ? 48 : 0;

  private static final int FRACTION_BITS = 20;
  private static final int HALF = 1 << (FRACTION_BITS - 1);

  private final int[] ratio = new int[64]; // from / to in 20-bit fixed point, rounded up
  private boolean requantizing;
  private int words;
  private int rowsLeft;
  private int rowsDone;
  private int lastDc;
  private int magnitudes; // every magnitude requantized in the row, ORed together

  // Native memory from one row on, read in place: libjpeg keeps a frame's rows of blocks one
  // after the other, so one window usually serves the whole frame, without a JNI call per row.
  // Only the bytes of the rows TurboJPEG hands over are ever read or written through it.
  private ByteBuffer window = ByteBuffer.allocate(0);
  private LongBuffer windowWords = window.asLongBuffer();
  private long windowStart;

  /**
   * Prepares for a frame: tables in natural order, {@code to} no finer than {@code from} and at
   * most 255 at every step (the same table: the coefficients are only checked).
   */
  void start(int[] from, int[] to, int blocksPerRow, int rows) {
    requantizing = !QuantTables.same(from, to);
    for (int k = 0; k < 64; k++) {
      long scaled = (long) from[k] << FRACTION_BITS;
      ratio[k] = (int) ((scaled + to[k] - 1) / to[k]);
    }
    words = blocksPerRow * 16;
    rowsLeft = rows;
    rowsDone = 0;
    lastDc = 0;
    window = ByteBuffer.allocate(0); // no memory of an earlier frame is ever reached
    windowWords = window.asLongBuffer();
  }

  /** Rows filtered since {@link #start}; the frame is whole when it is its height in blocks. */
  int rowsDone() {
    return rowsDone;
  }

  @Override
  public int apply(long coefficients) {
    try {
      if (rowsLeft <= 0) {
        return -1; // more rows than the frame has: not the frame that was started
      }
      int at = windowOffset(coefficients);
      // In place: requantized word by word (most are zero and only read), then checked.
      if ((requantizing && !requantize(windowWords, at / 8, words)) || !dcStepsFit(at)) {
        return -1;
      }
      rowsLeft--;
      rowsDone++;
      return 0;
    } catch (RuntimeException e) {
      return -1; // TurboJPEG then fails the transform, and the frame takes the pixel path
    }
  }

  /** The row at {@code address} as an offset in the window, after moving it there if need be. */
  private int windowOffset(long address) {
    long rowBytes = words * 8L;
    long offset = address - windowStart;
    if (offset < 0 || offset + rowBytes > window.capacity()) {
      long rows = Math.min(rowsLeft, Integer.MAX_VALUE / rowBytes); // at least 1: a row fits
      window = new Pointer(address).getByteBuffer(0, rows * rowBytes).order(ByteOrder.nativeOrder());
      windowWords = window.asLongBuffer();
      windowStart = address;
      offset = 0;
    }
    return (int) offset;
  }

  /**
   * Whether each block's DC in the row at {@code at} in the window differs from the one before
   * (across rows too) by at most 2047.
   */
  private boolean dcStepsFit(int at) {
    for (int i = 0; i < words; i += 16) {
      if (!dcStepFits(window.getShort(at + i * 8))) {
        return false;
      }
    }
    return true;
  }

  private boolean dcStepFits(int dc) {
    int step = dc - lastDc;
    lastDc = dc;
    return step <= MAX_DC_STEP && step >= -MAX_DC_STEP;
  }

  /**
   * Requantizes the first {@code count} words of {@code packed}, blocks of 16 words each; false
   * if a magnitude was over {@link #MAX_MAGNITUDE} (the words are then not all requantized).
   */
  boolean requantize(long[] packed, int count) {
    return requantize(LongBuffer.wrap(packed), 0, count);
  }

  /** The same for {@code count} words of {@code packed} from index {@code from}. */
  private boolean requantize(LongBuffer packed, int from, int count) {
    magnitudes = 0;
    for (int i = 0; i < count; i++) {
      long word = packed.get(from + i);
      if (word != 0) {
        int k = (i & 15) << 2; // the position in its block of the word's first coefficient
        packed.put(from + i, (requantize((short) (word >>> LANE0), k) & 0xFFFFL) << LANE0
            | (requantize((short) (word >>> LANE1), k + 1) & 0xFFFFL) << LANE1
            | (requantize((short) (word >>> LANE2), k + 2) & 0xFFFFL) << LANE2
            | (requantize((short) (word >>> LANE3), k + 3) & 0xFFFFL) << LANE3);
      }
    }
    return magnitudes <= MAX_MAGNITUDE;
  }

  /** One coefficient at natural position {@code k}; exact up to {@link #MAX_MAGNITUDE}. */
  int requantize(int c, int k) {
    int sign = c >> 31;
    int magnitude = (c ^ sign) - sign;
    magnitudes |= magnitude;
    int quotient = (magnitude * ratio[k] + HALF) >>> FRACTION_BITS;
    return (quotient ^ sign) - sign;
  }
}
