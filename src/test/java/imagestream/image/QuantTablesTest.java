package imagestream.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * QuantTables: the luminance table computed for each quality is the one each codec's encoder
 * writes; tables are written into a gray JPEG and compared step by step.
 */
class QuantTablesTest {

  private static Mat gray;
  private static Mat colour;

  @BeforeAll
  static void makeImages() {
    OpenCvNatives.load();
    gray = new Mat(16, 16, CvType.CV_8UC1, new Scalar(100));
    colour = new Mat(16, 16, CvType.CV_8UC3, new Scalar(100, 150, 200));
  }

  @AfterAll
  static void releaseImages() {
    gray.release();
    colour.release();
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("imagestream.image.TestCodecs#NAMES")
  void theTableOfEachQualityIsWhatTheEncoderWrites(String codecName) {
    try (JpegCodec codec = TestCodecs.open(codecName)) {
      for (int quality = 0; quality <= 100; quality++) {
        int[] expected = QuantTables.luminance(quality);
        assertArrayEquals(expected, LumaHeaders.lumaTable(codec.encode(gray, quality)),
            "gray, quality " + quality);
        assertArrayEquals(expected, LumaHeaders.lumaTable(codec.encode(colour, quality)),
            "colour, quality " + quality);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("imagestream.image.TestCodecs#NAMES")
  void aTableIsWrittenIntoAGrayJpeg(String codecName) {
    try (JpegCodec codec = TestCodecs.open(codecName)) {
      byte[] jpeg = codec.encode(gray, 90);
      int[] table = QuantTables.luminance(30);
      table[63] = 1; // not a standard table: the zigzag order shows
      assertTrue(QuantTables.replaceOnly(jpeg, table));
      assertArrayEquals(table, LumaHeaders.lumaTable(jpeg));
      byte[] twoTables = codec.encode(colour, 90);
      byte[] before = twoTables.clone();
      assertFalse(QuantTables.replaceOnly(twoTables, table), "a colour JPEG has two tables");
      assertArrayEquals(before, twoTables);
    }
  }

  @Test
  void eachLowerQualityIsCoarser() {
    for (int quality = 1; quality <= 100; quality++) {
      int[] table = QuantTables.luminance(quality);
      assertTrue(QuantTables.noFinerThan(table, table));
      assertTrue(QuantTables.noFinerThan(QuantTables.luminance(quality - 1), table), "q" + quality);
      // and strictly coarser somewhere, except quality 0, which libjpeg reads as 1
      assertTrue(QuantTables.noFinerThan(table, QuantTables.luminance(quality - 1)) == (quality == 1),
          "q" + quality);
    }
  }
}
