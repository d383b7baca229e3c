package imagestream.image;

import java.util.Arrays;

/**
 * JPEG luminance quantization tables: the one libjpeg writes for a quality, comparing two, and
 * writing one into a gray JPEG. Every table is 64 steps in natural (row by row) order, the order
 * of libjpeg's coefficient blocks; a JPEG file stores them in zigzag order.
 */
final class QuantTables {

  /** Zigzag position to natural position (libjpeg's {@code jpeg_natural_order}). */
  static final int[] NATURAL_ORDER = {
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
    12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
    35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
    58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
  };

  /** The luminance table of the JPEG standard (Annex K.1), which libjpeg scales by quality. */
  private static final int[] STANDARD_LUMINANCE = {
    16, 11, 10, 16, 24, 40, 51, 61,
    12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77,
    24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101,
    72, 92, 95, 98, 112, 100, 103, 99,
  };

  private static final int DQT = 0xDB;
  private static final int SOS = 0xDA;

  private QuantTables() {}

  /**
   * The luminance table libjpeg writes for {@code quality} (0-100): {@code jpeg_set_quality}
   * with baseline-compatible steps, as both codecs call it.
   */
  static int[] luminance(int quality) {
    int q = Math.max(1, Math.min(100, quality)); // jpeg_quality_scaling: 0 counts as 1
    int percent = q < 50 ? 5000 / q : 200 - 2 * q;
    int[] table = new int[64];
    for (int i = 0; i < 64; i++) {
      table[i] = Math.max(1, Math.min(255, (STANDARD_LUMINANCE[i] * percent + 50) / 100));
    }
    return table;
  }

  /**
   * Writes {@code table} over the only quantization table of a JPEG with one component (as
   * libjpeg writes it: one 8-bit table before the first scan).
   *
   * @return false, leaving the JPEG as it was, if it does not hold exactly one such table
   */
  static boolean replaceOnly(byte[] jpeg, int[] table) {
    int at = -1;
    for (int i = 2; i + 4 <= jpeg.length && u8(jpeg, i) == 0xFF; ) {
      int marker = u8(jpeg, i + 1);
      if (marker == SOS) {
        break;
      }
      int length = u16(jpeg, i + 2);
      if (marker == DQT) {
        // One 8-bit table: precision 0 and 64 steps after the length and the Pq/Tq byte.
        if (at >= 0 || length != 2 + 1 + 64 || (u8(jpeg, i + 4) >> 4) != 0) {
          return false;
        }
        at = i + 5;
      }
      i += 2 + length;
    }
    if (at < 0 || at + 64 > jpeg.length) {
      return false;
    }
    for (int z = 0; z < 64; z++) {
      jpeg[at + z] = (byte) table[NATURAL_ORDER[z]];
    }
    return true;
  }

  /** Whether every step of {@code coarse} is at least that of {@code fine}. */
  static boolean noFinerThan(int[] coarse, int[] fine) {
    for (int i = 0; i < 64; i++) {
      if (coarse[i] < fine[i]) {
        return false;
      }
    }
    return true;
  }

  /** Whether the two tables are the same. */
  static boolean same(int[] a, int[] b) {
    return Arrays.equals(a, b);
  }

  private static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  private static int u16(byte[] b, int i) {
    return (u8(b, i) << 8) | u8(b, i + 1);
  }
}
