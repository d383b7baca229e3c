package imagestream.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/** JpegHeader: the declared size of real JPEGs, and refusal of anything else. */
class JpegHeaderTest {

  @BeforeAll
  static void loadOpenCv() {
    OpenCvNatives.load();
  }

  /** A baseline JPEG of a scene of {@code width} x {@code height} pixels, brightness 100. */
  private static byte[] scene(int width, int height) {
    return jpeg(TestFrames.scene(width, height, 100));
  }

  private static byte[] jpeg(Mat image, int... params) {
    try {
      return TestFrames.encode(image, params);
    } finally {
      image.release();
    }
  }

  @Test
  void colourJpeg() throws FrameException {
    byte[] jpeg = jpeg(TestFrames.scene(640, 480, 120));
    assertEquals(new JpegHeader(640, 480, 3), JpegHeader.parse(jpeg));
  }

  @Test
  void grayJpeg() throws FrameException {
    byte[] jpeg = jpeg(new Mat(30, 41, CvType.CV_8UC1, new Scalar(90)));
    assertEquals(new JpegHeader(41, 30, 1), JpegHeader.parse(jpeg));
  }

  @Test
  void progressiveJpegIsRefusedSayingWhy() {
    byte[] jpeg = jpeg(TestFrames.scene(333, 257, 80), Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1);
    assertEquals(0xC2, jpeg[TestFrames.sofOffset(jpeg) + 1] & 0xFF, "not progressive (SOF2)");
    assertUnsupported(jpeg, "progressive (SOF2)");
  }

  @Test
  void progressiveScanBombIsRefusedWithoutReadingItsScans() {
    assertUnsupported(HandMadeJpegs.progressiveScanBomb(7680, 4320, 1000), "progressive (SOF2)");
  }

  @Test
  void arithmeticCodedLosslessAndHierarchicalFramesAreRefused() {
    byte[] baseline = scene(64, 48);
    assertUnsupported(HandMadeJpegs.withFrameType(baseline, 0xC9, 8), "arithmetic-coded (SOF9)");
    assertUnsupported(HandMadeJpegs.withFrameType(baseline, 0xCA, 8), "arithmetic-coded progressive (SOF10)");
    assertUnsupported(HandMadeJpegs.withFrameType(baseline, 0xC3, 8), "lossless (SOF3)");
    assertUnsupported(HandMadeJpegs.withFrameType(baseline, 0xC5, 8), "hierarchical (SOF5)");
  }

  @Test
  void twelveBitFramesAreRefused() {
    assertUnsupported(HandMadeJpegs.withFrameType(scene(64, 48), 0xC1, 12), "12 bits per sample");
  }

  @Test
  void extendedSequentialEightBitFramesAreBaseline() throws FrameException {
    assertEquals(new JpegHeader(64, 48, 3), JpegHeader.parse(HandMadeJpegs.withFrameType(scene(64, 48), 0xC1, 8)));
  }

  @Test
  void aScanPerComponentIsRefused() {
    assertUnsupported(HandMadeJpegs.baseline(64, 48, 3, true), "a scan of 1 of its 3 components");
  }

  @Test
  void aSecondScanIsRefusedWhateverTheFrameHeaderSays() {
    byte[] scans = HandMadeJpegs.withFrameType(HandMadeJpegs.progressiveScanBomb(64, 48, 3), 0xC0, 8);
    assertUnsupported(scans, "more than one scan");
  }

  @Test
  void aScanCoveringSomeComponentsIsRefused() {
    byte[] jpeg = HandMadeJpegs.baseline(64, 48, 3, true);
    int second = secondScan(jpeg);
    byte[] firstScanOnly = Arrays.copyOf(jpeg, second + 2);
    firstScanOnly[second + 1] = (byte) 0xD9; // end of image where the second scan began
    assertUnsupported(firstScanOnly, "a scan of 1 of its 3 components");
  }

  @Test
  void handMadeBaselineFramesPass() throws FrameException {
    assertEquals(new JpegHeader(64, 48, 1), JpegHeader.parse(HandMadeJpegs.baseline(64, 48, 1, false)));
    assertEquals(new JpegHeader(64, 48, 3), JpegHeader.parse(HandMadeJpegs.baseline(64, 48, 3, false)));
  }

  @Test
  void restartMarkersTrailingDataAndSegmentsAfterTheScanAreAllowed() throws FrameException {
    byte[] restarts = jpeg(TestFrames.scene(64, 48, 100), Imgcodecs.IMWRITE_JPEG_RST_INTERVAL, 1);
    assertEquals(new JpegHeader(64, 48, 3), JpegHeader.parse(restarts));
    byte[] comment = {(byte) 0xFF, (byte) 0xFE, 0, 5, (byte) 0xFF, (byte) 0xDA, 0};
    byte[] jpeg = scene(64, 48);
    byte[] commentBeforeEnd = splice(jpeg, jpeg.length - 2, comment);
    assertEquals(new JpegHeader(64, 48, 3), JpegHeader.parse(commentBeforeEnd));
    byte[] trailing = Arrays.copyOf(jpeg, jpeg.length + 4);
    System.arraycopy(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8}, 0, trailing, jpeg.length, 4);
    assertEquals(new JpegHeader(64, 48, 3), JpegHeader.parse(trailing), "after the end of image");
  }

  @Test
  void frameHeaderAfterTheHuffmanTables() throws FrameException {
    byte[] jpeg = sofBeforeScan(scene(120, 90));
    Mat decoded = TestFrames.decodeUnchanged(jpeg);
    try {
      assertEquals(120, decoded.cols(), "the reordered JPEG is still valid");
    } finally {
      decoded.release();
    }
    assertEquals(new JpegHeader(120, 90, 3), JpegHeader.parse(jpeg));
  }

  @Test
  void largeSidesAreReadAsUnsigned() throws FrameException {
    byte[] jpeg = TestFrames.withDeclaredSize(scene(16, 16), 65535, 40000);
    JpegHeader header = JpegHeader.parse(jpeg);
    assertEquals(new JpegHeader(65535, 40000, 3), header);
    assertEquals(65535L * 40000, header.pixels());
  }

  @Test
  void declaredZeroSizeIsParsedAsZero() throws FrameException {
    byte[] jpeg = TestFrames.withDeclaredSize(scene(32, 24), 0, 0);
    assertEquals(new JpegHeader(0, 0, 3), JpegHeader.parse(jpeg));
  }

  @Test
  void emptyBytes() {
    assertCode(FrameException.EMPTY, new byte[0]);
  }

  @Test
  void randomBytes() {
    byte[] noise = new byte[1000];
    new Random(42).nextBytes(noise);
    noise[0] = 0x12; // make sure it does not start like a JPEG by chance
    assertCode(FrameException.NOT_JPEG, noise);
  }

  @Test
  void pngBytes() {
    byte[] png =
        Base64.getDecoder()
            .decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    assertCode(FrameException.NOT_JPEG, png);
  }

  @Test
  void startOfImageAloneIsNotAJpeg() {
    assertCode(FrameException.NOT_JPEG, new byte[] {(byte) 0xFF, (byte) 0xD8});
    assertCode(FrameException.NOT_JPEG, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
  }

  @Test
  void jpegTruncatedBeforeItsFrameHeader() {
    byte[] jpeg = scene(64, 48);
    assertCode(FrameException.NOT_JPEG, Arrays.copyOf(jpeg, 20));
  }

  @Test
  void jpegTruncatedInsideItsFrameHeader() {
    byte[] jpeg = scene(64, 48);
    assertCode(FrameException.NOT_JPEG, Arrays.copyOf(jpeg, TestFrames.sofOffset(jpeg) + 8));
  }

  /** Moves the frame header from before the tables (libjpeg's order) to just before the scan. */
  private static byte[] sofBeforeScan(byte[] jpeg) {
    int sof = TestFrames.sofOffset(jpeg);
    int sofLength = 2 + (((jpeg[sof + 2] & 0xFF) << 8) | (jpeg[sof + 3] & 0xFF));
    int sos = sof + sofLength;
    while ((jpeg[sos + 1] & 0xFF) != 0xDA) {
      sos += 2 + (((jpeg[sos + 2] & 0xFF) << 8) | (jpeg[sos + 3] & 0xFF));
    }
    assertEquals(0xC4, jpeg[sof + sofLength + 1] & 0xFF, "Huffman tables follow the frame header");
    ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length);
    out.write(jpeg, 0, sof);
    out.write(jpeg, sof + sofLength, sos - sof - sofLength);
    out.write(jpeg, sof, sofLength);
    out.write(jpeg, sos, jpeg.length - sos);
    return out.toByteArray();
  }

  /** The word-at-a-time search finds the first 0xFF wherever it is, or none. */
  @Test
  void indexOfFFFindsTheFirstOneAtEveryOffset() {
    Random random = new Random(7);
    for (int length = 0; length < 40; length++) {
      for (int trial = 0; trial < 50; trial++) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        for (int k = 0; k < length; k++) {
          if (bytes[k] == (byte) 0xFF || random.nextInt(8) == 0) {
            bytes[k] = (byte) (random.nextBoolean() ? 0xFE : 0x7F); // near misses
          }
        }
        int expected = -1;
        if (length > 0 && random.nextBoolean()) {
          expected = random.nextInt(length);
          bytes[expected] = (byte) 0xFF;
          if (expected + 1 < length && random.nextBoolean()) {
            bytes[expected + 1 + random.nextInt(length - expected - 1)] = (byte) 0xFF; // a later one
          }
        }
        int from = expected > 0 ? random.nextInt(expected + 1) : 0;
        assertEquals(expected, JpegHeader.indexOfFF(bytes, from), "length " + length);
      }
    }
  }

  /** The offset of the second start-of-scan marker of a hand-made JPEG (no 0xFF in its data). */
  private static int secondScan(byte[] jpeg) {
    int found = 0;
    for (int i = 0; i + 1 < jpeg.length; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDA && ++found == 2) {
        return i;
      }
    }
    throw new AssertionError("no second scan");
  }

  private static byte[] splice(byte[] bytes, int at, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, at);
    out.writeBytes(insert);
    out.write(bytes, at, bytes.length - at);
    return out.toByteArray();
  }

  private static void assertUnsupported(byte[] jpeg, String found) {
    FrameException e = assertThrows(FrameException.class, () -> JpegHeader.parse(jpeg));
    assertEquals(FrameException.UNSUPPORTED, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains(found), e.getMessage());
    assertTrue(e.getMessage().contains("baseline"), "says what is accepted: " + e.getMessage());
  }

  private static void assertCode(String code, byte[] bytes) {
    FrameException e = assertThrows(FrameException.class, () -> JpegHeader.parse(bytes));
    assertEquals(code, e.code(), e.getMessage());
  }
}
