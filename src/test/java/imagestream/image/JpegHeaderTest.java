package imagestream.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
  void progressiveJpeg() throws FrameException {
    byte[] jpeg = jpeg(TestFrames.scene(333, 257, 80), Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1);
    assertEquals(0xC2, jpeg[TestFrames.sofOffset(jpeg) + 1] & 0xFF, "not progressive (SOF2)");
    assertEquals(new JpegHeader(333, 257, 3), JpegHeader.parse(jpeg));
  }

  @Test
  void frameHeaderAfterTheHuffmanTables() throws FrameException {
    byte[] jpeg = sofBeforeScan(jpeg(TestFrames.scene(120, 90, 100)));
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
    byte[] jpeg = TestFrames.withDeclaredSize(jpeg(TestFrames.scene(16, 16, 100)), 65535, 40000);
    JpegHeader header = JpegHeader.parse(jpeg);
    assertEquals(new JpegHeader(65535, 40000, 3), header);
    assertEquals(65535L * 40000, header.pixels());
  }

  @Test
  void declaredZeroSizeIsParsedAsZero() throws FrameException {
    byte[] jpeg = TestFrames.withDeclaredSize(jpeg(TestFrames.scene(32, 24, 100)), 0, 0);
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
    byte[] jpeg = jpeg(TestFrames.scene(64, 48, 100));
    assertCode(FrameException.NOT_JPEG, Arrays.copyOf(jpeg, 20));
  }

  @Test
  void jpegTruncatedInsideItsFrameHeader() {
    byte[] jpeg = jpeg(TestFrames.scene(64, 48, 100));
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

  private static void assertCode(String code, byte[] bytes) {
    FrameException e = assertThrows(FrameException.class, () -> JpegHeader.parse(bytes));
    assertEquals(code, e.code(), e.getMessage());
  }
}
