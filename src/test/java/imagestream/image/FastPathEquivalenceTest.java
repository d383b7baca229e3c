package imagestream.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.bench.SyntheticFrames;
import imagestream.image.processors.Grayscale;
import imagestream.image.processors.ProcessingChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Every fast path of {@link FramePipeline} (gray decode, reduced-scale decode, skipped resize,
 * INTER_AREA down and INTER_LINEAR up) gives the same picture as the plain path (decode colour
 * with OpenCV, resize, cvtColor): PSNR of at least 35 dB on real-looking frames, with each JPEG
 * codec. The picture compared is the one handed to the encoder, so the output JPEG's own loss
 * does not blur the comparison.
 *
 * <p>And the DCT-domain transcode, which hands no picture to the encoder: where TurboJPEG takes
 * it, a lossless one decodes to exactly the frame's luma and a requantized one is within 0.5 dB
 * of a pixel re-encode; every other frame, and every frame with OpenCV's codec, takes the pixel
 * path.
 */
@ParameterizedClass(name = "{0}")
@FieldSource("imagestream.image.TestCodecs#NAMES")
class FastPathEquivalenceTest {

  private static final double MIN_PSNR = 35;

  @Parameter String codecName;

  @RegisterExtension final CodecUnderTest<JpegCodec> codec = CodecUnderTest.named(() -> codecName);

  @BeforeAll
  static void loadOpenCv() {
    OpenCvNatives.load();
  }

  @ParameterizedTest(name = "{0}x{1} -> {2}x{3}: decode {4}, q{5}")
  @CsvSource({
    // in       out       decode the pipeline must choose   client JPEG quality
    "640, 480, 640, 480, gray 1/1, 60", // gray decode, no resize
    "640, 480, 320, 240, gray 1/2, 60", // libjpeg halves, no resize
    "640, 480, 160, 120, gray 1/4, 60",
    "640, 480, 80, 60, gray 1/8, 60",
    "1280, 720, 640, 480, gray 1/1, 60", // gray decode, INTER_AREA by 2 x 1.5
    "1280, 720, 100, 60, gray 1/8, 60", // 1/8 to 160x90, then INTER_AREA
    "1920, 1080, 640, 360, gray 1/2, 60", // 1/2 to 960x540, then INTER_AREA
    "644, 484, 80, 60, gray 1/4, 60", // 8 does not divide 644x484: 1/4 to 161x121, INTER_AREA
    "333, 257, 64, 48, gray 1/1, 60", // no scale divides 333x257: full size, INTER_AREA
    "40, 30, 40, 30, gray 1/1, 60",
    "40, 30, 640, 480, gray 1/1, 60", // INTER_LINEAR up
    "640, 480, 800, 240, gray 1/1, 60", // wider but lower: INTER_LINEAR
    "640, 480, 160, 120, gray 1/4, 90",
    "1280, 720, 640, 480, gray 1/1, 90",
  })
  void grayOutputLooksLikeThePlainPath(
      int inW, int inH, int outW, int outH, String decode, int quality) throws FrameException {
    for (int brightness : new int[] {50, 128, 200}) {
      byte[] frame = clientFrame(inW, inH, brightness, quality);
      Capture capture = new Capture(codec);
      new FramePipeline(capture, outW, outH, 95, Long.MAX_VALUE).process(frame, new Grayscale());
      assertEquals(List.of("decode " + decode), capture.decodes, "the fast path taken");
      assertSamePicture(capture.encoded, plainPath(frame, outW, outH, true), brightness);
      capture.encoded.release();
    }
  }

  @ParameterizedTest(name = "{0}x{1} -> {2}x{3}: decode {4}")
  @CsvSource({
    "640, 480, 160, 120, colour 1/4",
    "1280, 720, 640, 480, colour 1/1",
    "40, 30, 40, 30, colour 1/1",
  })
  void colourOutputLooksLikeThePlainPath(int inW, int inH, int outW, int outH, String decode)
      throws FrameException {
    byte[] frame = clientFrame(inW, inH, 128, 60);
    Capture capture = new Capture(codec);
    FrameProcessor keepColour = image -> image;
    new FramePipeline(capture, outW, outH, 95, Long.MAX_VALUE).process(frame, keepColour);
    assertEquals(List.of("decode " + decode), capture.decodes, "the fast path taken");
    assertEquals(3, capture.encoded.channels());
    assertSamePicture(capture.encoded, plainPath(frame, outW, outH, false), 128);
    capture.encoded.release();
  }

  /**
   * Same size, gray out: TurboJPEG passes the luma's coefficients through, and the reply decodes
   * to exactly the frame's luma; OpenCV's codec cannot, and takes the pixel path.
   */
  @ParameterizedTest(name = "{0}x{1} {2}, {3}")
  @CsvSource({
    "640, 480, 4:2:0, grayscale", "40, 30, 4:2:0, grayscale", "333, 257, 4:2:0, grayscale",
    "41, 31, 4:4:4, grayscale", "320, 240, restart markers, grayscale", "96, 64, gray, none",
    "96, 64, gray, grayscale",
  })
  void sameSizeGrayIsTheFramesLuma(int width, int height, String layout, String chain)
      throws FrameException {
    byte[] frame = TurboJpegTranscodeTest.frame(width, height, 60, layout);
    Capture capture = new Capture(codec);
    byte[] reply = new FramePipeline(capture, width, height, 60, Long.MAX_VALUE)
        .process(frame, ProcessingChain.parse(chain).build());
    Mat luma = TestFrames.decodeGray(frame);
    Mat decoded = TestFrames.decodeGray(reply);
    try {
      if (codecName.equals(JpegCodecs.TURBOJPEG)) {
        assertEquals(List.of("transcoded"), capture.transcodes);
        assertEquals(List.of(), capture.decodes);
        assertEquals(1, JpegHeader.parse(reply).components(), "a gray JPEG");
        assertEquals(0, Core.norm(luma, decoded, Core.NORM_INF), "largest pixel difference");
      } else {
        // none decodes colour: gray channels in a colour JPEG, the picture as before
        assertEquals(List.of("refused"), capture.transcodes);
        assertEquals(List.of(chain.equals("none") ? "decode colour 1/1" : "decode gray 1/1"),
            capture.decodes);
        assertTrue(Core.PSNR(luma, decoded) >= 40, "PSNR " + Core.PSNR(luma, decoded));
      }
    } finally {
      luma.release();
      decoded.release();
      capture.release();
    }
  }

  /**
   * Same size, gray out at a lower quality than the frame's: TurboJPEG requantizes the luma's
   * coefficients, within 0.5 dB of decoding them and encoding the pixels at that quality.
   */
  @ParameterizedTest(name = "{0}x{1} q{2} -> q{3}")
  @CsvSource({"640, 480, 90, 60", "640, 480, 60, 50", "333, 257, 80, 40", "40, 30, 60, 30"})
  void requantizedIsWithinHalfADecibelOfAPixelReEncode(
      int width, int height, int inQuality, int outQuality) throws FrameException {
    byte[] frame = TurboJpegTranscodeTest.frame(width, height, inQuality, "4:2:0");
    Capture capture = new Capture(codec);
    byte[] reply = new FramePipeline(capture, width, height, outQuality, Long.MAX_VALUE)
        .process(frame, new Grayscale());
    assertEquals(List.of(codecName.equals(JpegCodecs.TURBOJPEG) ? "transcoded" : "refused"),
        capture.transcodes);
    Mat luma = codec.decode(frame, true, 1);
    try {
      double pixels = TurboJpegTranscodeTest.psnr(luma, codec.encode(luma, outQuality));
      double replied = TurboJpegTranscodeTest.psnr(luma, reply);
      assertTrue(replied >= pixels - 0.5, "reply " + replied + " dB, pixel re-encode " + pixels + " dB");
    } finally {
      luma.release();
      capture.release();
    }
  }

  /** Where the reply is not the frame's luma as it is coded, the pixel path is taken. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "a finer table than the frame's, 320, 240, 4:2:0, grayscale, 90, refused, decode gray 1/1",
    "a resize, 320, 160, 4:2:0, grayscale, 60, , decode gray 1/1",
    "colour kept, 320, 240, 4:2:0, none, 60, , decode colour 1/1",
    "another chain, 320, 240, 4:2:0, 'grayscale,edges', 60, , decode gray 1/1",
  })
  void everyOtherFrameTakesThePixelPath(String why, int outWidth, int outHeight, String layout,
      String chain, int quality, String transcode, String decode) throws FrameException {
    byte[] frame = TurboJpegTranscodeTest.frame(320, 240, 60, layout);
    Capture capture = new Capture(codec);
    new FramePipeline(capture, outWidth, outHeight, quality, Long.MAX_VALUE)
        .process(frame, ProcessingChain.parse(chain).build());
    assertEquals(transcode == null ? List.of() : List.of(transcode), capture.transcodes, why);
    assertEquals(List.of(decode), capture.decodes, why);
    capture.release();
  }

  /**
   * The test's own check: its frames hold enough fine detail that a shortcut which samples
   * instead of averaging falls below the threshold, so the tests above can fail.
   */
  @Test
  void samplingInsteadOfAveragingFailsTheThreshold() {
    byte[] frame = clientFrame(640, 480, 128, 60);
    Mat gray = TestFrames.decodeUnchanged(frame);
    Mat sampled = new Mat();
    Mat wrongGray = new Mat();
    try {
      Imgproc.resize(gray, sampled, new Size(160, 120), 0, 0, Imgproc.INTER_NEAREST);
      Imgproc.cvtColor(sampled, wrongGray, Imgproc.COLOR_BGR2GRAY);
      Mat plain = plainPath(frame, 160, 120, true);
      try {
        double psnr = Core.PSNR(wrongGray, plain);
        assertTrue(psnr < MIN_PSNR, "nearest-neighbour sampling scored " + psnr + " dB");
      } finally {
        plain.release();
      }
    } finally {
      gray.release();
      sampled.release();
      wrongGray.release();
    }
  }

  /** A frame as the page sends it, with fine texture at every scale: {@link SyntheticFrames}. */
  private static byte[] clientFrame(int width, int height, int brightness, int quality) {
    return SyntheticFrames.detailedJpeg(width, height, brightness, quality);
  }

  /** Decode colour at full size, resize (INTER_AREA down, INTER_LINEAR up), then cvtColor. */
  private static Mat plainPath(byte[] jpeg, int width, int height, boolean gray) {
    Mat colour = TestFrames.decodeUnchanged(jpeg);
    Mat resized = new Mat();
    try {
      boolean shrinking = colour.cols() >= width && colour.rows() >= height;
      Imgproc.resize(colour, resized, new Size(width, height), 0, 0,
          shrinking ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
      if (!gray) {
        return resized.clone();
      }
      Mat result = new Mat();
      Imgproc.cvtColor(resized, result, Imgproc.COLOR_BGR2GRAY);
      return result;
    } finally {
      colour.release();
      resized.release();
    }
  }

  private static void assertSamePicture(Mat fast, Mat plain, int brightness) {
    try {
      assertEquals(plain.size(), fast.size(), "size");
      assertEquals(plain.channels(), fast.channels(), "channels");
      double psnr = Core.PSNR(fast, plain);
      assertTrue(psnr >= MIN_PSNR,
          "PSNR " + psnr + " dB against the plain path, at brightness " + brightness);
    } finally {
      plain.release();
    }
  }

  /**
   * A real codec, recording each decode asked and each transcode asked (and whether it was
   * given), and keeping a copy of the picture encoded.
   */
  private static final class Capture implements JpegCodec {
    final JpegCodec real;
    final List<String> decodes = new ArrayList<>();
    final List<String> transcodes = new ArrayList<>();
    Mat encoded;

    Capture(JpegCodec real) {
      this.real = real;
    }

    @Override
    public Mat decode(byte[] jpeg, boolean gray, int scale) {
      decodes.add("decode " + (gray ? "gray" : "colour") + " 1/" + scale);
      return real.decode(jpeg, gray, scale);
    }

    @Override
    public byte[] encode(Mat image, int quality) {
      encoded = image.clone();
      return real.encode(image, quality);
    }

    @Override
    public Optional<byte[]> transcodeToGray(byte[] jpeg, int quality) {
      Optional<byte[]> gray = real.transcodeToGray(jpeg, quality);
      transcodes.add(gray.isPresent() ? "transcoded" : "refused");
      return gray;
    }

    /** Releases the copy of the picture encoded, if any. */
    void release() {
      if (encoded != null) {
        encoded.release();
      }
    }
  }
}
