package imagestream.image;

import java.io.ByteArrayOutputStream;

/**
 * Flat gray JPEGs written byte by byte, in the frame types and scan layouts that browsers, the
 * JDK and OpenCV do not write: a progressive frame whose AC scan is repeated (a scan bomb: each
 * repeat makes libjpeg walk every block again, and none of them warns), and a baseline frame with
 * one scan per component (which libjpeg must buffer whole before it outputs a row); and frames
 * whose coefficients no encoder writes (DC coefficients that drift, an 11-bit AC coefficient).
 *
 * <p>In the flat ones every block is 0 after the level shift (mid gray): its DC difference has
 * category 0 (code {@code 0}), and its AC coefficients are one end-of-block, coded in runs in a
 * progressive AC scan. Quantization tables are all ones, every component samples 1x1.
 */
public final class HandMadeJpegs {

  /** AC symbols: EOB0..EOB14 (progressive) or EOB and zero runs (baseline), all 4-bit codes. */
  private static final int[] AC_SYMBOLS =
      {0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xA0, 0xB0, 0xC0, 0xD0, 0xE0};

  private HandMadeJpegs() {}

  /**
   * A progressive gray frame: one DC scan, then the full AC scan ({@code Ss=1, Se=63}, no
   * successive approximation) {@code acScans} times over.
   */
  public static byte[] progressiveScanBomb(int width, int height, int acScans) {
    ByteArrayOutputStream out = head(0xC2, width, height, 1);
    int blocks = blocks(width) * blocks(height);
    scan(out, new int[] {1}, 0, 0, dcScan(blocks));
    byte[] ac = acScan(blocks);
    for (int i = 0; i < acScans; i++) {
      scan(out, new int[] {1}, 1, 63, ac);
    }
    return end(out);
  }

  /**
   * A baseline (SOF0) frame of {@code components} components: in one interleaved scan, or in one
   * scan per component when {@code scanPerComponent}.
   */
  public static byte[] baseline(int width, int height, int components, boolean scanPerComponent) {
    ByteArrayOutputStream out = head(0xC0, width, height, components);
    int blocks = blocks(width) * blocks(height);
    if (scanPerComponent) {
      for (int c = 1; c <= components; c++) {
        scan(out, new int[] {c}, 0, 63, sequentialScan(blocks));
      }
    } else {
      int[] all = new int[components];
      for (int c = 0; c < components; c++) {
        all[c] = c + 1;
      }
      scan(out, all, 0, 63, sequentialScan(blocks * components));
    }
    return end(out);
  }

  /**
   * A copy of {@code jpeg} whose first frame header says {@code sofMarker} (e.g. 0xC9,
   * arithmetic-coded) and {@code precision} bits per sample: what the guard reads, whatever the
   * data that follows.
   */
  public static byte[] withFrameType(byte[] jpeg, int sofMarker, int precision) {
    byte[] patched = jpeg.clone();
    int sof = TestFrames.sofOffset(patched);
    patched[sof + 1] = (byte) sofMarker;
    patched[sof + 4] = (byte) precision;
    return patched;
  }

  /**
   * A 32x16 4:2:0 baseline frame (two MCUs of four luma blocks), all steps 1, whose luma DC
   * coefficients climb by 2047 from block to block in the order they are coded (the chroma's
   * fall by as much) and whose AC coefficients are all 0: valid codes, which libjpeg decodes
   * without a warning, but in a gray frame's block order the luma would step by up to 6141.
   */
  public static byte[] driftingDc() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    marker(out, 0xD8);
    segment(out, 0xDB, concat(new byte[] {0}, filled(64, 1)));
    segment(out, 0xC0, bytes(8, 0, 16, 0, 32, 3, 1, 0x22, 0, 2, 0x11, 0, 3, 0x11, 0));
    segment(out, 0xC4, oneCodeTable(0x00, 11)); // DC: "0" for 11 bits of magnitude
    segment(out, 0xC4, oneCodeTable(0x10, 0x00)); // AC: "0" for end of block
    Bits bits = new Bits();
    for (int mcu = 0; mcu < 2; mcu++) {
      for (int block = 0; block < 6; block++) {
        bits.write(block < 4 ? 0b0_11111111111 : 0b0_00000000000, 12); // +2047 luma, -2047 chroma
        bits.write(0, 1); // end of block
      }
    }
    scan(out, new int[] {1, 2, 3}, 0, 63, bits.bytes());
    return end(out);
  }

  /**
   * An 8x8 gray baseline frame, all steps 1, whose one block has DC 0 and its first AC
   * coefficient 2047, coded with a run/size symbol of 11 bits (more than a baseline JPEG's
   * standard tables code).
   */
  public static byte[] elevenBitAc() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    marker(out, 0xD8);
    segment(out, 0xDB, concat(new byte[] {0}, filled(64, 1)));
    segment(out, 0xC0, bytes(8, 0, 8, 0, 8, 1, 1, 0x11, 0));
    segment(out, 0xC4, oneCodeTable(0x00, 0)); // DC: "0" for a difference of 0
    byte[] ac = new byte[1 + 16 + 2];
    ac[0] = 0x10;
    ac[1] = 1; // "0": run 0, 11 bits
    ac[2] = 1; // "10": end of block
    ac[17] = 0x0B;
    ac[18] = 0x00;
    segment(out, 0xC4, ac);
    Bits bits = new Bits();
    bits.write(0, 1); // DC difference 0
    bits.write(0b0_11111111111, 12); // AC: 2047
    bits.write(0b10, 2); // end of block
    scan(out, new int[] {1}, 0, 63, bits.bytes());
    return end(out);
  }

  /**
   * The headers of an 8x8 gray frame whose component uses table 2, defined after the frame
   * header with 16-bit steps ({@code zigzag}, 64 of them, in the file's order), up to its scan
   * header: no data.
   */
  public static byte[] lateSixteenBitTable(int[] zigzag) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    marker(out, 0xD8);
    segment(out, 0xC0, bytes(8, 0, 8, 0, 8, 1, 1, 0x11, 2));
    byte[] dqt = new byte[1 + 128];
    dqt[0] = 0x12; // 16-bit steps, table 2
    for (int z = 0; z < 64; z++) {
      dqt[1 + 2 * z] = (byte) (zigzag[z] >> 8);
      dqt[2 + 2 * z] = (byte) zigzag[z];
    }
    segment(out, 0xDB, dqt);
    segment(out, 0xDA, bytes(1, 1, 0x00, 0, 63, 0));
    return out.toByteArray();
  }

  /** A Huffman table of class and id {@code tableClassAndId} with one 1-bit code, "0". */
  private static byte[] oneCodeTable(int tableClassAndId, int symbol) {
    byte[] table = new byte[1 + 16 + 1];
    table[0] = (byte) tableClassAndId;
    table[1] = 1;
    table[17] = (byte) symbol;
    return table;
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static ByteArrayOutputStream head(int sofMarker, int width, int height, int components) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    marker(out, 0xD8);
    // DQT: table 0, 8-bit, all ones
    segment(out, 0xDB, concat(new byte[] {0}, filled(64, 1)));
    // SOF: 8 bits, height, width, components each sampling 1x1 with table 0
    byte[] sof = new byte[6 + 3 * components];
    sof[0] = 8;
    sof[1] = (byte) (height >> 8);
    sof[2] = (byte) height;
    sof[3] = (byte) (width >> 8);
    sof[4] = (byte) width;
    sof[5] = (byte) components;
    for (int c = 0; c < components; c++) {
      sof[6 + 3 * c] = (byte) (c + 1);
      sof[7 + 3 * c] = 0x11;
      sof[8 + 3 * c] = 0;
    }
    segment(out, sofMarker, sof);
    // DHT: DC table 0 with one 1-bit code (category 0); AC table 0 with 15 4-bit codes
    byte[] dc = new byte[1 + 16 + 1];
    dc[0] = 0x00;
    dc[1] = 1;
    segment(out, 0xC4, dc);
    byte[] ac = new byte[1 + 16 + AC_SYMBOLS.length];
    ac[0] = 0x10;
    ac[4] = (byte) AC_SYMBOLS.length;
    for (int i = 0; i < AC_SYMBOLS.length; i++) {
      ac[17 + i] = (byte) AC_SYMBOLS[i];
    }
    segment(out, 0xC4, ac);
    return out;
  }

  private static void scan(ByteArrayOutputStream out, int[] components, int ss, int se, byte[] data) {
    byte[] sos = new byte[1 + 2 * components.length + 3];
    sos[0] = (byte) components.length;
    for (int i = 0; i < components.length; i++) {
      sos[1 + 2 * i] = (byte) components[i];
      sos[2 + 2 * i] = 0x00; // DC table 0, AC table 0
    }
    sos[sos.length - 3] = (byte) ss;
    sos[sos.length - 2] = (byte) se;
    sos[sos.length - 1] = 0; // no successive approximation
    segment(out, 0xDA, sos);
    out.writeBytes(data);
  }

  /** A DC first scan: category 0 for every block. */
  private static byte[] dcScan(int blocks) {
    Bits bits = new Bits();
    for (int i = 0; i < blocks; i++) {
      bits.write(0, 1);
    }
    return bits.bytes();
  }

  /** An AC first scan: end-of-band runs of at most 32767 blocks. */
  private static byte[] acScan(int blocks) {
    Bits bits = new Bits();
    for (int left = blocks; left > 0; ) {
      int run = Math.min(left, 32767);
      int n = 31 - Integer.numberOfLeadingZeros(run); // EOBn: a run of 2^n plus n bits
      bits.write(n, 4); // the code of symbol n << 4 is n, in 4 bits
      bits.write(run - (1 << n), n);
      left -= run;
    }
    return bits.bytes();
  }

  /** A sequential scan: category 0 and an end-of-block for every block. */
  private static byte[] sequentialScan(int blocks) {
    Bits bits = new Bits();
    for (int i = 0; i < blocks; i++) {
      bits.write(0, 1); // DC
      bits.write(0, 4); // EOB, symbol 0x00
    }
    return bits.bytes();
  }

  private static byte[] end(ByteArrayOutputStream out) {
    marker(out, 0xD9);
    return out.toByteArray();
  }

  private static int blocks(int pixels) {
    return (pixels + 7) / 8;
  }

  private static void marker(ByteArrayOutputStream out, int marker) {
    out.write(0xFF);
    out.write(marker);
  }

  private static void segment(ByteArrayOutputStream out, int marker, byte[] body) {
    marker(out, marker);
    out.write((body.length + 2) >> 8);
    out.write(body.length + 2);
    out.writeBytes(body);
  }

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** Entropy-coded bits, most significant first, with 0xFF bytes stuffed and 1s as padding. */
  private static final class Bits {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int current;
    private int count;

    void write(int value, int length) {
      for (int i = length - 1; i >= 0; i--) {
        current = (current << 1) | ((value >> i) & 1);
        if (++count == 8) {
          flush();
        }
      }
    }

    byte[] bytes() {
      while (count != 0) {
        write(1, 1);
      }
      return out.toByteArray();
    }

    private void flush() {
      out.write(current);
      if (current == 0xFF) {
        out.write(0x00);
      }
      current = 0;
      count = 0;
    }
  }
}
