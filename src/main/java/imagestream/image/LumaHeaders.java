package imagestream.image;

/**
 * What a JPEG's headers, up to its first scan, say about passing its luma through in the DCT
 * domain: the luma's quantization table, when the luma's coefficients are known to fit a
 * baseline JPEG's Huffman codes.
 *
 * <p>That holds for a sequential, Huffman-coded, 8-bit frame (SOF0 or SOF1) whose first scan
 * holds the luma (the first component) and whose AC Huffman tables code magnitudes of at most
 * 10 bits: each luma AC coefficient is then within +-1023 as it was decoded. Progressive and
 * arithmetic-coded frames build coefficients that no table bounds, and libjpeg's baseline
 * encoder writes an out-of-range coefficient as a corrupt code without a word, so they take the
 * pixel path. DC coefficients are differences chained across blocks and are checked as they are
 * written (see {@link LumaRowFilter}).
 */
final class LumaHeaders {

  private static final int DHT = 0xC4;
  private static final int DQT = 0xDB;
  private static final int SOS = 0xDA;
  private static final int BASELINE = 0xC0;
  private static final int EXTENDED_SEQUENTIAL = 0xC1;

  private LumaHeaders() {}

  /**
   * The luma's quantization table in natural order, or null when the frame's luma cannot be
   * passed through: not a sequential 8-bit Huffman frame, AC codes for magnitudes over 10 bits,
   * a first scan without the luma, or headers that do not settle its table.
   */
  static int[] lumaTable(byte[] jpeg) {
    int[][] tables = new int[4][];
    int lumaId = -1;
    int lumaTable = -1;
    for (int i = 2; i + 4 <= jpeg.length; ) {
      if (u8(jpeg, i) != 0xFF) {
        return null;
      }
      int marker = u8(jpeg, i + 1);
      if (marker == 0xFF || marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        i += marker == 0xFF ? 1 : 2; // a fill byte, or a marker without a length
        continue;
      }
      int end = i + 2 + u16(jpeg, i + 2);
      if (end > jpeg.length || end < i + 4) {
        return null;
      }
      if (marker == SOS) {
        return lumaTable >= 0 && lumaTable < 4 && scanHolds(jpeg, i + 4, end, lumaId)
            ? tables[lumaTable]
            : null;
      } else if (marker == DQT) {
        if (!readQuantTables(jpeg, i + 4, end, tables)) {
          return null;
        }
      } else if (marker == DHT) {
        if (!acCodesFitBaseline(jpeg, i + 4, end)) {
          return null;
        }
      } else if (isStartOfFrame(marker)) {
        boolean sequential = marker == BASELINE || marker == EXTENDED_SEQUENTIAL;
        if (!sequential || lumaId >= 0 || i + 13 > end || u8(jpeg, i + 4) != 8) {
          return null; // another coding, a second frame header, or not 8 bits a sample
        }
        lumaId = u8(jpeg, i + 10);
        lumaTable = u8(jpeg, i + 12);
      }
      i = end;
    }
    return null;
  }

  /** Reads the tables of one DQT segment into {@code tables}; false if it is malformed. */
  private static boolean readQuantTables(byte[] jpeg, int from, int end, int[][] tables) {
    for (int i = from; i < end; ) {
      int precision = u8(jpeg, i) >> 4;
      int id = u8(jpeg, i) & 0x0F;
      int bytes = precision + 1;
      if (precision > 1 || id > 3 || i + 1 + 64 * bytes > end) {
        return false;
      }
      int[] table = new int[64];
      for (int z = 0; z < 64; z++) {
        int at = i + 1 + z * bytes;
        table[QuantTables.NATURAL_ORDER[z]] = bytes == 1 ? u8(jpeg, at) : u16(jpeg, at);
      }
      tables[id] = table;
      i += 1 + 64 * bytes;
    }
    return true;
  }

  /**
   * Whether every AC table of one DHT segment codes only run/size symbols of at most 10 bits of
   * magnitude; false too if the segment is malformed.
   */
  private static boolean acCodesFitBaseline(byte[] jpeg, int from, int end) {
    for (int i = from; i < end; ) {
      if (i + 17 > end) {
        return false;
      }
      boolean ac = (u8(jpeg, i) >> 4) == 1;
      int symbols = 0;
      for (int length = 1; length <= 16; length++) {
        symbols += u8(jpeg, i + length);
      }
      int values = i + 17;
      if (values + symbols > end) {
        return false;
      }
      for (int s = 0; ac && s < symbols; s++) {
        if ((u8(jpeg, values + s) & 0x0F) > 10) {
          return false;
        }
      }
      i = values + symbols;
    }
    return true;
  }

  /** Whether the scan header between {@code from} and {@code end} lists component {@code id}. */
  private static boolean scanHolds(byte[] jpeg, int from, int end, int id) {
    int count = u8(jpeg, from);
    for (int c = 0; c < count && from + 1 + 2 * c < end; c++) {
      if (u8(jpeg, from + 1 + 2 * c) == id) {
        return true;
      }
    }
    return false;
  }

  // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  private static int u16(byte[] b, int i) {
    return (u8(b, i) << 8) | u8(b, i + 1);
  }
}
