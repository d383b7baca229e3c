package imagestream.image;

import com.sun.jna.Pointer;
import java.nio.ByteOrder;

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
 * skips the groups that are all zero.
 */
final class LumaRowFilter implements TurboJpegTranscoder.CoefficientFilter {

  /** The largest DC difference a baseline JPEG can code (11 bits of magnitude). */
  static final int MAX_DC_STEP = 2047;

  /** Bit offset of each of the four 16-bit coefficients in a 64-bit word read from memory. */
  private static final int[] SHIFT =
      ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
          ? new int[] {0, 16, 32, 48}
          : new int[] {48, 32, 16, 0};

  private final int[] twiceFrom = new int[64];
  private final int[] to = new int[64];
  private final int[] twiceTo = new int[64];
  private boolean requantizing;
  private long[] row = new long[0];
  private int words;
  private int rowsDone;
  private int lastDc;

  /**
   * Prepares for a frame: tables in natural order, {@code to} no finer than {@code from} (the
   * same table: the coefficients are only checked).
   */
  void start(int[] from, int[] to, int blocksPerRow) {
    requantizing = !QuantTables.same(from, to);
    for (int k = 0; k < 64; k++) {
      twiceFrom[k] = 2 * from[k];
      this.to[k] = to[k];
      twiceTo[k] = 2 * to[k];
    }
    words = blocksPerRow * 16;
    if (row.length < words) {
      row = new long[words];
    }
    rowsDone = 0;
    lastDc = 0;
  }

  /** Rows filtered since {@link #start}; the frame is whole when it is its height in blocks. */
  int rowsDone() {
    return rowsDone;
  }

  @Override
  public int apply(Pointer coefficients) {
    try {
      coefficients.read(0, row, 0, words);
      if (requantizing) {
        requantize(row, words);
        coefficients.write(0, row, 0, words);
      }
      if (!dcStepsFit(row, words)) {
        return -1;
      }
      rowsDone++;
      return 0;
    } catch (RuntimeException e) {
      return -1; // TurboJPEG then fails the transform, and the frame takes the pixel path
    }
  }

  /** Whether each block's DC differs from the one before (across rows too) by at most 2047. */
  private boolean dcStepsFit(long[] packed, int count) {
    for (int i = 0; i < count; i += 16) {
      int dc = (short) (packed[i] >>> SHIFT[0]);
      int step = dc - lastDc;
      lastDc = dc;
      if (step > MAX_DC_STEP || step < -MAX_DC_STEP) {
        return false;
      }
    }
    return true;
  }

  /** Requantizes the first {@code count} words of {@code packed}: blocks of 16 words each. */
  void requantize(long[] packed, int count) {
    for (int i = 0; i < count; i++) {
      long word = packed[i];
      if (word != 0) {
        int k = (i & 15) << 2; // the position in its block of the word's first coefficient
        long result = 0;
        for (int lane = 0; lane < 4; lane++) {
          int c = (short) (word >>> SHIFT[lane]);
          result |= (requantize(c, k + lane) & 0xFFFFL) << SHIFT[lane];
        }
        packed[i] = result;
      }
    }
  }

  /** One coefficient at natural position {@code k}. */
  int requantize(int c, int k) {
    int magnitude = (Math.abs(c) * twiceFrom[k] + to[k]) / twiceTo[k];
    return c < 0 ? -magnitude : magnitude;
  }
}
