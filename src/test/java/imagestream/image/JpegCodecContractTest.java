package imagestream.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** What every JpegCodec must do, checked on both: sizes, channels, bad input, threads. */
@ParameterizedClass(name = "{0}")
@FieldSource("imagestream.image.TestCodecs#NAMES")
class JpegCodecContractTest {

  @Parameter String codecName;

  @RegisterExtension final CodecUnderTest<JpegCodec> codec = CodecUnderTest.named(() -> codecName);

  @ParameterizedTest(name = "{0}x{1} at 1/{2}, gray {3}")
  @CsvSource({
    "640, 480, 1, true", "640, 480, 1, false", "640, 480, 2, true", "640, 480, 8, false",
    "333, 257, 2, true", "333, 257, 4, false", "333, 257, 8, true", "1280, 720, 4, true",
    "7, 5, 8, false",
  })
  void decodesToTheScaledSizeRoundedUp(int width, int height, int scale, boolean gray) {
    Mat image = codec.decode(TestFrames.sceneJpeg(width, height, 120), gray, scale);
    try {
      assertEquals((width + scale - 1) / scale, image.cols());
      assertEquals((height + scale - 1) / scale, image.rows());
      assertEquals(gray ? CvType.CV_8UC1 : CvType.CV_8UC3, image.type());
      assertEquals(120, Core.mean(image).val[0], 20, "mean of the first channel");
    } finally {
      image.release();
    }
  }

  @Test
  void grayJpegDecodesToColourToo() {
    Mat gray = new Mat(48, 64, CvType.CV_8UC1, new Scalar(90));
    byte[] jpeg = TestFrames.encode(gray, Imgcodecs.IMWRITE_JPEG_QUALITY, 95);
    gray.release();
    Mat colour = codec.decode(jpeg, false, 1);
    try {
      assertEquals(CvType.CV_8UC3, colour.type());
      Scalar mean = Core.mean(colour);
      for (int c = 0; c < 3; c++) {
        assertEquals(90, mean.val[c], 2, "channel " + c);
      }
    } finally {
      colour.release();
    }
  }

  @Test
  void progressiveJpegDecodes() {
    Mat scene = TestFrames.scene(160, 120, 100);
    byte[] jpeg =
        TestFrames.encode(
            scene, Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1, Imgcodecs.IMWRITE_JPEG_QUALITY, 100);
    Mat decoded = codec.decode(jpeg, false, 1);
    try {
      // The scene's noise and 4:2:0 chroma keep even quality 100 near 35 dB: 30 is the picture.
      assertTrue(Core.PSNR(scene, decoded) >= 30, "PSNR " + Core.PSNR(scene, decoded));
    } finally {
      scene.release();
      decoded.release();
    }
  }

  @Test
  void encodesGrayAsAGrayJpegAndColourAsColour() throws FrameException {
    Mat colour = TestFrames.scene(64, 48, 120);
    Mat gray = new Mat();
    try {
      Imgproc.cvtColor(colour, gray, Imgproc.COLOR_BGR2GRAY);
      assertEquals(new JpegHeader(64, 48, 1), JpegHeader.parse(codec.encode(gray, 60)));
      assertEquals(new JpegHeader(64, 48, 3), JpegHeader.parse(codec.encode(colour, 60)));
    } finally {
      colour.release();
      gray.release();
    }
  }

  /**
   * A codec may transcode a frame to gray without its pixels, or leave it to the pixel path;
   * what it gives is a gray JPEG of the frame's size quantized with the quality's table.
   */
  @Test
  void transcodesToAGrayJpegOfTheFramesSizeOrNotAtAll() throws FrameException {
    byte[] frame = TestFrames.sceneJpeg(64, 48, 120); // quality 90
    for (int quality : new int[] {90, 50, 95}) {
      Optional<byte[]> gray = codec.transcodeToGray(frame, quality);
      if (gray.isPresent()) {
        JpegHeader header = JpegHeader.parse(gray.get());
        assertEquals(List.of(64, 48, 1), List.of(header.width(), header.height(), header.components()));
        assertArrayEquals(QuantTables.luminance(quality), LumaHeaders.lumaTable(gray.get()));
      }
    }
  }

  @Test
  void encodeKeepsThePictureAndQualityMatters() {
    Mat scene = TestFrames.scene(320, 240, 120);
    try {
      byte[] high = codec.encode(scene, 100);
      byte[] low = codec.encode(scene, 20);
      assertTrue(high.length > low.length * 1.5, "q100: " + high.length + ", q20: " + low.length);
      Mat decoded = TestFrames.decodeUnchanged(high);
      try {
        assertTrue(Core.PSNR(scene, decoded) >= 35, "PSNR " + Core.PSNR(scene, decoded));
      } finally {
        decoded.release();
      }
    } finally {
      scene.release();
    }
  }

  @Test
  void encodesASubmatAsItsOwnPicture() {
    Mat scene = TestFrames.scene(200, 150, 120);
    Mat region = scene.submat(new Rect(30, 20, 100, 80)); // rows spaced by the parent's width
    Mat copy = region.clone();
    try {
      Mat decoded = TestFrames.decodeUnchanged(codec.encode(region, 100));
      try {
        assertEquals(100, decoded.cols());
        // A wrong row stride gives a scrambled picture (PSNR near 10 dB); 4:2:0 chroma costs a few.
        assertTrue(Core.PSNR(copy, decoded) >= 30, "PSNR " + Core.PSNR(copy, decoded));
      } finally {
        decoded.release();
      }
    } finally {
      copy.release();
      region.release();
      scene.release();
    }
  }

  @Test
  void encodesBgraAndSixteenBitImagesLikeOpenCv() {
    Mat bgra = new Mat(30, 40, CvType.CV_8UC4, new Scalar(10, 120, 200, 255));
    Mat deep = new Mat(30, 40, CvType.CV_16UC1, new Scalar(77));
    try {
      byte[] jpeg = codec.encode(bgra, 95);
      assertEquals(10, meanOfChannel(jpeg, 0), 4, "blue");
      assertEquals(120, meanOfChannel(jpeg, 1), 4, "green");
      assertEquals(200, meanOfChannel(jpeg, 2), 4, "red");
      assertEquals(77, TestFrames.meanOf(codec.encode(deep, 95)), 2);
    } finally {
      bgra.release();
      deep.release();
    }
  }

  @Test
  void encodingAnEmptyImageIsAnErrorNotACrash() {
    Mat empty = new Mat();
    assertThrows(RuntimeException.class, () -> codec.encode(empty, 60));
  }

  @Test
  void undecodableBytesGiveAnEmptyMat() {
    byte[] jpeg = TestFrames.sceneJpeg(64, 48, 100);
    byte[] noise = new byte[3000];
    new Random(3).nextBytes(noise);
    byte[] noisyBody = jpeg.clone();
    System.arraycopy(noise, 0, noisyBody, TestFrames.sofOffset(jpeg) + 4, 40); // a broken header
    List<byte[]> bad =
        List.of(
            new byte[0],
            noise,
            new byte[] {(byte) 0xFF, (byte) 0xD8},
            new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9},
            Arrays.copyOf(jpeg, 20),
            Arrays.copyOf(jpeg, TestFrames.sofOffset(jpeg) + 12),
            noisyBody);
    for (int i = 0; i < bad.size(); i++) {
      for (boolean gray : new boolean[] {true, false}) {
        Mat image = codec.decode(bad.get(i), gray, 1);
        try {
          assertTrue(image.empty(), "bad input " + i + " gave " + image);
        } finally {
          image.release();
        }
      }
    }
  }

  /** A cut JPEG is refused or decoded to its full size; it never throws or crashes. */
  @Test
  void truncatedJpegsNeverThrow() {
    byte[] jpeg = TestFrames.sceneJpeg(320, 240, 120);
    for (int length = 2; length < jpeg.length; length += 97) {
      Mat image = codec.decode(Arrays.copyOf(jpeg, length), true, 2);
      try {
        assertTrue(image.empty() || (image.cols() == 160 && image.rows() == 120), "cut at " + length);
      } finally {
        image.release();
      }
    }
  }

  /** Several threads at once get exactly what one thread alone gets. */
  @Test
  void threadsDecodingAndEncodingAtOnceGetTheSameBytesAsOneThread() throws Exception {
    int[][] sizes = {{640, 480}, {320, 240}, {333, 257}, {1280, 720}};
    List<byte[]> jpegs = new ArrayList<>();
    List<byte[]> expected = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      jpegs.add(TestFrames.sceneJpeg(sizes[i][0], sizes[i][1], 60 + 40 * i));
      expected.add(roundTrip(jpegs.get(i), i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int first = t;
        results.add(
            pool.submit(
                () -> {
                  for (int round = 0; round < 25; round++) {
                    int i = (first + round) % sizes.length;
                    assertArrayEquals(expected.get(i), roundTrip(jpegs.get(i), i), "frame " + i);
                  }
                  return null;
                }));
      }
      for (Future<?> result : results) {
        result.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Decodes frame {@code i} gray or colour at a scale that depends on i, and encodes it again. */
  private byte[] roundTrip(byte[] jpeg, int i) {
    Mat image = codec.decode(jpeg, i % 2 == 0, 1 << i);
    try {
      return codec.encode(image, 50 + 10 * i);
    } finally {
      image.release();
    }
  }

  private static double meanOfChannel(byte[] jpeg, int channel) {
    Mat image = TestFrames.decodeUnchanged(jpeg);
    try {
      return Core.mean(image).val[channel];
    } finally {
      image.release();
    }
  }
}
