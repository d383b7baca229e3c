package imagestream.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * LumaHeaders: the luma's table of the frames that can be passed through, and null for every
 * frame whose luma coefficients the headers do not bound or whose table they do not settle.
 */
class LumaHeadersTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"4:2:0", "4:4:4", "gray", "restart markers", "optimized Huffman tables"})
  void theLumaTableOfASequentialFrame(String layout) {
    assertArrayEquals(QuantTables.luminance(72), LumaHeaders.lumaTable(jpeg(layout, 72)));
  }

  /** A table with 16-bit steps, and one defined after the frame header, are read too. */
  @Test
  void sixteenBitStepsAndLateTables() {
    int[] steps = new int[64];
    Arrays.fill(steps, 300);
    steps[0] = 2;
    int[] zigzag = new int[64];
    for (int z = 0; z < 64; z++) {
      zigzag[z] = steps[QuantTables.NATURAL_ORDER[z]];
    }
    assertArrayEquals(steps, LumaHeaders.lumaTable(HandMadeJpegs.lateSixteenBitTable(zigzag)));
  }

  @Test
  void progressiveAndArithmeticFramesAreNotPassedThrough() {
    assertNull(LumaHeaders.lumaTable(jpeg("progressive", 72)));
    byte[] arithmetic = jpeg("4:2:0", 72);
    arithmetic[TestFrames.sofOffset(arithmetic) + 1] = (byte) 0xC9;
    assertNull(LumaHeaders.lumaTable(arithmetic));
  }

  @Test
  void twelveBitSamplesAreNotPassedThrough() {
    byte[] twelve = jpeg("4:2:0", 72);
    twelve[TestFrames.sofOffset(twelve) + 4] = 12;
    assertNull(LumaHeaders.lumaTable(twelve));
  }

  /** An AC run/size symbol of 11 bits of magnitude, anywhere in a table, rules the frame out. */
  @Test
  void acCodesOverTenBitsAreNotPassedThrough() {
    byte[] jpeg = jpeg("gray", 72);
    int dht = offsetOf(jpeg, 0xC4, 1); // the AC table (DC first)
    int symbols = dht + 4 + 1 + 16;
    jpeg[symbols + 100] = (byte) 0x3B; // run 3, 11 bits
    assertNull(LumaHeaders.lumaTable(jpeg));
  }

  @Test
  void aFirstScanWithoutTheLumaIsNotPassedThrough() {
    byte[] jpeg = jpeg("4:2:0", 72);
    int sos = offsetOf(jpeg, 0xDA, 0);
    jpeg[sos + 5] = 9; // the first component listed is no longer the luma
    assertNull(LumaHeaders.lumaTable(jpeg));
  }

  @Test
  void tablesTheHeadersDoNotSettleAreNotPassedThrough() {
    byte[] jpeg = jpeg("gray", 72);
    byte[] missing = jpeg.clone();
    missing[TestFrames.sofOffset(missing) + 12] = 3; // the luma uses table 3, never defined
    assertNull(LumaHeaders.lumaTable(missing));
    for (int cut : new int[] {3, 30, offsetOf(jpeg, 0xDA, 0) + 2}) {
      assertNull(LumaHeaders.lumaTable(Arrays.copyOf(jpeg, cut)), "cut at " + cut);
    }
    byte[] badLength = jpeg.clone();
    badLength[offsetOf(jpeg, 0xDB, 0) + 3] = 3; // a DQT segment too short for its table
    assertNull(LumaHeaders.lumaTable(badLength));
  }

  private static byte[] jpeg(String layout, int quality) {
    Mat scene = TestFrames.scene(64, 48, 120);
    try {
      if (layout.equals("gray")) {
        Imgproc.cvtColor(scene, scene, Imgproc.COLOR_BGR2GRAY);
      }
      return switch (layout) {
        case "4:2:0", "gray" -> TestFrames.encode(scene, Imgcodecs.IMWRITE_JPEG_QUALITY, quality);
        case "4:4:4" -> TestFrames.encode(scene, Imgcodecs.IMWRITE_JPEG_QUALITY, quality,
            Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR, Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_444);
        case "restart markers" -> TestFrames.encode(scene, Imgcodecs.IMWRITE_JPEG_QUALITY, quality,
            Imgcodecs.IMWRITE_JPEG_RST_INTERVAL, 2);
        case "optimized Huffman tables" -> TestFrames.encode(scene,
            Imgcodecs.IMWRITE_JPEG_QUALITY, quality, Imgcodecs.IMWRITE_JPEG_OPTIMIZE, 1);
        case "progressive" -> TestFrames.encode(scene, Imgcodecs.IMWRITE_JPEG_QUALITY, quality,
            Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1);
        default -> throw new IllegalArgumentException(layout);
      };
    } finally {
      scene.release();
    }
  }

  /** The offset of the {@code nth} (from 0) segment with {@code marker}, walking the headers. */
  private static int offsetOf(byte[] jpeg, int marker, int nth) {
    for (int i = 2; i + 4 <= jpeg.length; i += 2 + ((jpeg[i + 2] & 0xFF) << 8 | jpeg[i + 3] & 0xFF)) {
      if ((jpeg[i + 1] & 0xFF) == marker && nth-- == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("no such segment");
  }
}
