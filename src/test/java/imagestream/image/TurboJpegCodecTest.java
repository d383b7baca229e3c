package imagestream.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Platform;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** TurboJpegCodec: the same pictures as OpenCV's codec, bad frames refused, handles managed. */
class TurboJpegCodecTest {

  @RegisterExtension final CodecUnderTest<TurboJpegCodec> turbo = new CodecUnderTest<>(TestCodecs::turboJpeg);
  private final OpenCvJpegCodec opencv = new OpenCvJpegCodec();

  @ParameterizedTest(name = "{0}x{1} at 1/{2}, gray {3}")
  @CsvSource({
    "640, 480, 1, true", "640, 480, 1, false", "640, 480, 2, true", "640, 480, 2, false",
    "640, 480, 4, true", "640, 480, 8, false", "1280, 720, 2, true", "1280, 720, 4, false",
    "1280, 720, 8, true", "333, 257, 1, false", "333, 257, 2, true", "333, 257, 8, false",
  })
  void decodesTheSamePictureAsOpenCv(int width, int height, int scale, boolean gray) {
    assertSamePicture(TestFrames.sceneJpeg(width, height, 120), gray, scale);
  }

  @Test
  void decodesProgressiveAndGrayJpegsLikeOpenCv() {
    Mat scene = TestFrames.scene(320, 240, 90);
    Mat gray = new Mat();
    try {
      assertSamePicture(TestFrames.encode(scene, Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1), false, 2);
      Imgproc.cvtColor(scene, gray, Imgproc.COLOR_BGR2GRAY);
      byte[] grayJpeg = TestFrames.encode(gray, Imgcodecs.IMWRITE_JPEG_QUALITY, 80);
      assertSamePicture(grayJpeg, true, 1);
      assertSamePicture(grayJpeg, false, 4);
    } finally {
      scene.release();
      gray.release();
    }
  }

  /**
   * Behind the header guard, which refuses every progressive JPEG, TurboJPEG's own limit: a
   * progressive JPEG of more than 500 scans is not decoded (libjpeg itself would walk them all).
   */
  @Test
  void progressiveJpegsOfMoreThan500ScansAreNotDecoded() {
    Mat decoded = turbo.decode(HandMadeJpegs.progressiveScanBomb(64, 48, 499), true, 1);
    try {
      assertEquals(128, Core.mean(decoded).val[0], 1, "500 scans decode");
    } finally {
      decoded.release();
    }
    Mat refused = turbo.decode(HandMadeJpegs.progressiveScanBomb(64, 48, 500), true, 1);
    try {
      assertTrue(refused.empty(), "501 scans are refused");
    } finally {
      refused.release();
    }
  }

  /** Each codec encodes, each decodes: all four pairs give the same picture. */
  @ParameterizedTest(name = "gray {0}, quality {1}")
  @CsvSource({"true, 60", "false, 60", "true, 90", "false, 90"})
  void roundTripsAcrossCodecsGiveTheSamePicture(boolean gray, int quality) {
    Mat source = TestFrames.scene(640, 480, 130);
    if (gray) {
      Imgproc.cvtColor(source, source, Imgproc.COLOR_BGR2GRAY);
    }
    Mat reference = opencv.decode(opencv.encode(source, quality), gray, 1);
    try {
      for (JpegCodec encoder : List.of(opencv, turbo)) {
        byte[] jpeg = encoder.encode(source, quality);
        for (JpegCodec decoder : List.of(opencv, turbo)) {
          Mat decoded = decoder.decode(jpeg, gray, 1);
          try {
            String pair = encoder.getClass().getSimpleName() + " -> " + decoder.getClass().getSimpleName();
            double psnr = Core.PSNR(reference, decoded);
            assertTrue(psnr >= 35, pair + ": PSNR " + psnr + " dB against OpenCV's own round trip");
          } finally {
            decoded.release();
          }
        }
      }
    } finally {
      source.release();
      reference.release();
    }
  }

  @Test
  void aCutJpegIsRefusedRatherThanPartlyDecoded() {
    byte[] jpeg = TestFrames.sceneJpeg(640, 480, 120);
    for (int length : new int[] {2, 100, TestFrames.sofOffset(jpeg) + 12, 700, jpeg.length / 2, jpeg.length - 2}) {
      Mat image = turbo.decode(Arrays.copyOf(jpeg, length), true, 1);
      try {
        assertTrue(image.empty(), "cut at " + length + " of " + jpeg.length + ": " + image);
      } finally {
        image.release();
      }
    }
  }

  /**
   * Bad frames between good ones neither leave state in the handle nor hand back leftover memory:
   * every good frame decodes to exactly the same pixels, every bad one to nothing.
   */
  @Test
  void badFramesLeaveNothingBehind() {
    byte[] good = TestFrames.sceneJpeg(640, 480, 120);
    byte[] reference = pixels(turbo.decode(good, false, 1));
    List<byte[]> bad =
        List.of(
            new byte[] {(byte) 0xFF, (byte) 0xD8},
            Arrays.copyOf(good, 200),
            Arrays.copyOf(good, good.length / 3),
            TestFrames.withDeclaredSize(good, 640, 0));
    for (int round = 0; round < 3; round++) {
      for (byte[] frame : bad) {
        for (boolean gray : new boolean[] {false, true}) {
          Mat image = turbo.decode(frame, gray, 1);
          assertTrue(image.empty(), "a bad frame gave " + image);
          image.release();
        }
        assertArrayEquals(reference, pixels(turbo.decode(good, false, 1)));
      }
    }
  }

  @Test
  void buffersGrowForLargerFramesAndStillServeSmallOnes() {
    for (int[] size : new int[][] {{64, 48}, {1920, 1080}, {320, 240}, {1920, 1080}}) {
      byte[] jpeg = TestFrames.sceneJpeg(size[0], size[1], 100); // the 1920x1080 one is > 64 KB
      Mat decoded = turbo.decode(jpeg, false, 1);
      try {
        assertSamePicture(jpeg, false, 1);
        Mat again = opencv.decode(turbo.encode(decoded, 90), false, 1);
        try {
          assertEquals(size[0], again.cols());
          assertTrue(Core.PSNR(decoded, again) >= 35, "PSNR " + Core.PSNR(decoded, again));
        } finally {
          again.release();
        }
      } finally {
        decoded.release();
      }
    }
  }

  @Test
  void resetThreadFreesTheThreadsHandlesAndItsNextCallMakesNewOnes() {
    byte[] jpeg = TestFrames.sceneJpeg(64, 48, 100);
    turbo.decode(jpeg, true, 1).release();
    assertEquals(1, turbo.get().openSessions());
    turbo.resetThread();
    assertEquals(0, turbo.get().openSessions(), "freed");
    Mat decoded = turbo.decode(jpeg, true, 1);
    try {
      assertEquals(100, Core.mean(decoded).val[0], 15, "decodes with new handles");
    } finally {
      decoded.release();
    }
    assertEquals(1, turbo.get().openSessions());
  }

  @Test
  void eachThreadGetsItsOwnHandlesAndCloseFreesThemAll() throws Exception {
    byte[] jpeg = TestFrames.sceneJpeg(64, 48, 100);
    turbo.decode(jpeg, true, 1).release();
    assertTrue(turbo.transcodeToGray(jpeg, 90).isPresent(), "a transform handle too");
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      for (int i = 0; i < 9; i++) {
        pool.submit(() -> turbo.decode(jpeg, true, 1).release()).get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
    assertEquals(1 + 3, turbo.get().openSessions(), "the test thread and the pool's three");
    turbo.close();
    assertEquals(0, turbo.get().openSessions());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> turbo.decode(jpeg, true, 1));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> turbo.transcodeToGray(jpeg, 90));
    Mat gray = new Mat(4, 4, CvType.CV_8UC1, new Scalar(1));
    try {
      assertThrows(IllegalStateException.class, () -> turbo.encode(gray, 60));
    } finally {
      gray.release();
    }
    turbo.close(); // twice is harmless
  }

  @Test
  void aMissingLibraryIsAOneLineLinkError() {
    UnsatisfiedLinkError e =
        assertThrows(
            UnsatisfiedLinkError.class,
            () -> TurboJpegCodec.load(List.of("libimagestream-no-such-turbojpeg.so.0")));
    assertTrue(e.getMessage().startsWith("libimagestream-no-such-turbojpeg.so.0: "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void aLibraryWithoutTheTurboJpegFunctionsIsRefused() {
    assumeTrue(Platform.isLinux(), "uses libz.so.1");
    UnsatisfiedLinkError e =
        assertThrows(UnsatisfiedLinkError.class, () -> TurboJpegCodec.load(List.of("libz.so.1")));
    assertTrue(e.getMessage().startsWith("libz.so.1: "), e.getMessage());
    // and the real library still binds afterwards
    TurboJpegCodec again = TestCodecs.turboJpeg();
    try {
      assertSamePicture(TestFrames.sceneJpeg(64, 48, 100), true, 1, again);
    } finally {
      again.close();
    }
  }

  private void assertSamePicture(byte[] jpeg, boolean gray, int scale) {
    assertSamePicture(jpeg, gray, scale, turbo);
  }

  private void assertSamePicture(byte[] jpeg, boolean gray, int scale, JpegCodec codec) {
    Mat expected = opencv.decode(jpeg, gray, scale);
    Mat actual = codec.decode(jpeg, gray, scale);
    try {
      assertEquals(expected.size(), actual.size());
      assertEquals(expected.type(), actual.type());
      double psnr = Core.PSNR(expected, actual);
      assertTrue(psnr >= 35, "PSNR " + psnr + " dB");
    } finally {
      expected.release();
      actual.release();
    }
  }

  private static byte[] pixels(Mat image) {
    try {
      byte[] all = new byte[(int) (image.total() * image.channels())];
      image.get(0, 0, all);
      return all;
    } finally {
      image.release();
    }
  }
}
