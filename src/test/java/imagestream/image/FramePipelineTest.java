package imagestream.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import imagestream.image.processors.Grayscale;
import imagestream.image.processors.ProcessingChain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
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
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * FramePipeline: JPEG in, resized gray JPEG out, bad frames refused, every Mat released; with
 * each JPEG codec.
 */
@ParameterizedClass(name = "{0}")
@FieldSource("imagestream.image.TestCodecs#NAMES")
class FramePipelineTest {

  private static final long MAX_PIXELS = 7680L * 4320;

  @Parameter String codecName;

  @RegisterExtension final CodecUnderTest<JpegCodec> codec = CodecUnderTest.named(() -> codecName);

  @BeforeAll
  static void loadOpenCv() {
    OpenCvNatives.load();
  }

  private static final FrameProcessor GRAY = new Grayscale();

  private FramePipeline pipeline(int width, int height, int quality) {
    return new FramePipeline(codec, width, height, quality, MAX_PIXELS);
  }

  @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
  @CsvSource({
    "640, 480, 40, 30",
    "40, 30, 40, 30",
    "40, 30, 640, 480",
    "1280, 720, 160, 120",
    "333, 257, 64, 48",
  })
  void outputIsAGrayJpegOfTheServerSize(int inW, int inH, int outW, int outH)
      throws FrameException {
    byte[] out = pipeline(outW, outH, 60).process(TestFrames.sceneJpeg(inW, inH, 120), GRAY);
    assertEquals(0xFF, out[0] & 0xFF);
    assertEquals(0xD8, out[1] & 0xFF);
    Mat decoded = TestFrames.decodeUnchanged(out);
    try {
      assertEquals(outW, decoded.cols());
      assertEquals(outH, decoded.rows());
      assertEquals(1, decoded.channels());
    } finally {
      decoded.release();
    }
  }

  @Test
  void brightnessIsKept() throws FrameException {
    FramePipeline pipeline = pipeline(64, 48, 80);
    for (int brightness : new int[] {40, 128, 210}) {
      double mean =
          TestFrames.meanOf(pipeline.process(TestFrames.sceneJpeg(640, 480, brightness), GRAY));
      assertEquals(brightness, mean, 12, "mean of a frame of brightness " + brightness);
    }
  }

  @Test
  void higherQualityGivesALargerJpeg() throws FrameException {
    byte[] frame = TestFrames.sceneJpeg(640, 480, 120);
    int low = pipeline(320, 240, 20).process(frame, GRAY).length;
    int high = pipeline(320, 240, 95).process(frame, GRAY).length;
    assertTrue(high > low * 1.5, "quality 95: " + high + " bytes, quality 20: " + low);
  }

  @Test
  void reducedGrayDecodeLooksLikeThePlainPath() throws FrameException {
    byte[] frame = TestFrames.sceneJpeg(1280, 720, 120);
    // Decoded at 1/8 (160x90), then resized to 100x60: both shortcuts and the final resize.
    Mat fast = TestFrames.decodeUnchanged(pipeline(100, 60, 95).process(frame, GRAY));
    Mat plain = TestFrames.decodeUnchanged(frame); // colour: 3 channels
    Mat small = new Mat();
    Mat gray = new Mat();
    try {
      Imgproc.resize(plain, small, new Size(100, 60), 0, 0, Imgproc.INTER_AREA);
      Imgproc.cvtColor(small, gray, Imgproc.COLOR_BGR2GRAY);
      double psnr = Core.PSNR(fast, gray);
      assertTrue(psnr >= 35, "PSNR " + psnr + " dB");
    } finally {
      fast.release();
      plain.release();
      small.release();
      gray.release();
    }
  }

  @Test
  void downscalingAveragesInsteadOfSampling() throws FrameException {
    // One-pixel black and white columns, small enough to be decoded at full scale: an
    // averaging resize gives mid gray, a sampling one would give stripes or a flat extreme.
    Mat stripes = new Mat(60, 78, CvType.CV_8UC1);
    byte[] row = new byte[78];
    for (int x = 0; x < row.length; x++) {
      row[x] = (byte) (x % 2 == 0 ? 0 : 255);
    }
    for (int y = 0; y < 60; y++) {
      stripes.put(y, 0, row);
    }
    byte[] jpeg = TestFrames.encode(stripes, Imgcodecs.IMWRITE_JPEG_QUALITY, 100);
    stripes.release();
    Mat out = TestFrames.decodeUnchanged(pipeline(40, 30, 95).process(jpeg, GRAY));
    try {
      Core.MinMaxLocResult range = Core.minMaxLoc(out);
      assertTrue(range.minVal >= 64 && range.maxVal <= 192, "from " + range.minVal + " to " + range.maxVal);
    } finally {
      out.release();
    }
  }

  @ParameterizedTest(name = "{0}x{1} -> 40x30 at 1/{2}")
  @CsvSource({
    "640, 480, 8",
    "320, 240, 8",
    "312, 240, 4",
    "320, 236, 4",
    "160, 120, 4",
    "156, 120, 2",
    "80, 60, 2",
    "78, 60, 1",
    "40, 30, 1",
    "20, 15, 1",
    "4000, 58, 1",
    "644, 484, 4", // 8 does not divide it: a reduced size would be rounded up
    "642, 480, 2",
    "321, 240, 1",
    "320, 241, 1",
  })
  void decodeScale(int width, int height, int scale) {
    assertEquals(scale, pipeline(40, 30, 60).decodeScale(new JpegHeader(width, height, 3)));
  }

  @Test
  void largeFrameIsDecodedGrayAtReducedScale() throws FrameException {
    SpyCodec codec = new SpyCodec();
    new FramePipeline(codec, 40, 30, 60, MAX_PIXELS)
        .process(TestFrames.sceneJpeg(640, 480, 120), GRAY);
    assertEquals(List.of("decode gray 1/8"), codec.decodes);
  }

  @Test
  void colourProcessorGetsAColourDecode() throws FrameException {
    SpyCodec codec = new SpyCodec();
    SpyProcessor processor = new SpyProcessor(frame -> frame, false);
    new FramePipeline(codec, 40, 30, 60, MAX_PIXELS)
        .process(TestFrames.sceneJpeg(80, 60, 120), processor);
    assertEquals(List.of("decode colour 1/2"), codec.decodes);
    assertEquals(3, processor.channelsSeen);
  }

  @ParameterizedTest(name = "{0}: decode {1}")
  @CsvSource({
    "grayscale, gray",
    "'grayscale,edges', gray",
    "threshold, gray",
    "'edges,invert', gray",
    "invert, colour",
    "'blur,edges', colour",
    "qrcodes, colour",
    "imagestream.examples.Pixelate, colour",
  })
  void chainsDecodeGrayExactlyWhenTheyAreLumaOnly(String chain, String decode) throws FrameException {
    SpyCodec codec = new SpyCodec();
    new FramePipeline(codec, 40, 30, 60, MAX_PIXELS)
        .process(TestFrames.sceneJpeg(640, 480, 120), ProcessingChain.parse(chain).build());
    assertEquals(List.of("decode " + decode + " 1/8"), codec.decodes);
    codec.assertAllReleased();
  }

  @Test
  void frameOverThePixelLimitIsRefusedWithoutDecoding() {
    byte[] huge = TestFrames.withDeclaredSize(TestFrames.sceneJpeg(64, 48, 100), 30000, 30000);
    SpyCodec codec = new SpyCodec();
    FramePipeline pipeline = new FramePipeline(codec, 40, 30, 60, MAX_PIXELS);
    FrameException e = assertThrows(FrameException.class, () -> pipeline.process(huge, GRAY));
    assertEquals(FrameException.BAD_SIZE, e.code());
    assertTrue(e.getMessage().contains("30000x30000"), e.getMessage());
    assertEquals(List.of(), codec.decodes);
  }

  /** The limits come first: a frame over them is refused before the codec sees it. */
  @Test
  void limitsAreCheckedBeforeAnyTranscode() throws FrameException {
    byte[] frame = TestFrames.sceneJpeg(64, 48, 100);
    SpyCodec codec = new SpyCodec();
    FramePipeline strict = new FramePipeline(codec, 64, 48, 90, 64 * 48 - 1);
    FrameException e = assertThrows(FrameException.class, () -> strict.process(frame, GRAY));
    assertEquals(FrameException.BAD_SIZE, e.code());
    assertEquals(List.of(), codec.transcodes);
    assertEquals(List.of(), codec.decodes);
    new FramePipeline(codec, 64, 48, 90, 64 * 48).process(frame, GRAY);
    assertEquals(List.of("transcode"), codec.transcodes, "within the limit, it is asked");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "grayscale, true", "none, true", "'grayscale,none', true", "'none,grayscale', true",
    "edges, false", "'grayscale,edges', false", "'grayscale,invert', false",
    "imagestream.examples.Pixelate, false",
  })
  void chainsKeepGrayExactlyWhenEveryStepDoes(String chain, boolean keepsGray) {
    assertEquals(keepsGray, ProcessingChain.parse(chain).build().keepsGray());
  }

  /** Only a same-size frame whose reply is its luma asks the codec to transcode it. */
  @ParameterizedTest(name = "{0}x{1} -> 64x48, {2}, {3} components: {4}")
  @CsvSource({
    "64, 48, grayscale, 3, true", "64, 48, grayscale, 1, true", "64, 48, none, 1, true",
    "64, 48, none, 3, false", "64, 48, 'grayscale,edges', 3, false", "128, 96, grayscale, 3, false",
    "64, 49, grayscale, 1, false",
  })
  void lumaPassesThroughOnlyAtTheSameSize(
      int width, int height, String chain, int components, boolean passes) throws FrameException {
    Mat frame = TestFrames.scene(width, height, 120);
    try {
      if (components == 1) {
        Imgproc.cvtColor(frame, frame, Imgproc.COLOR_BGR2GRAY);
      }
      JpegHeader header = JpegHeader.parse(TestFrames.encode(frame));
      assertEquals(passes,
          pipeline(64, 48, 60).passesLumaThrough(header, ProcessingChain.parse(chain).build()));
    } finally {
      frame.release();
    }
  }

  @Test
  void frameOfZeroPixelsIsRefused() {
    byte[] empty = TestFrames.withDeclaredSize(TestFrames.sceneJpeg(64, 48, 100), 0, 0);
    SpyCodec codec = new SpyCodec();
    FramePipeline pipeline = new FramePipeline(codec, 40, 30, 60, MAX_PIXELS);
    FrameException e = assertThrows(FrameException.class, () -> pipeline.process(empty, GRAY));
    assertEquals(FrameException.BAD_SIZE, e.code());
    assertEquals(List.of(), codec.decodes);
  }

  @Test
  void garbageIsNotAJpeg() {
    byte[] garbage = new byte[5000];
    new Random(7).nextBytes(garbage);
    garbage[0] = 'G';
    FrameException e =
        assertThrows(FrameException.class, () -> pipeline(40, 30, 60).process(garbage, GRAY));
    assertEquals(FrameException.NOT_JPEG, e.code());
  }

  @Test
  void emptyFrameIsRefused() {
    FrameException e =
        assertThrows(FrameException.class, () -> pipeline(40, 30, 60).process(new byte[0], GRAY));
    assertEquals(FrameException.EMPTY, e.code());
  }

  @Test
  void halfAJpegIsRefusedOrDecodedButNeverCrashes() {
    byte[] jpeg = TestFrames.sceneJpeg(640, 480, 120);
    byte[] half = Arrays.copyOf(jpeg, jpeg.length / 2);
    SpyCodec codec = new SpyCodec();
    FramePipeline pipeline = new FramePipeline(codec, 40, 30, 60, MAX_PIXELS);
    try {
      byte[] out = pipeline.process(half, GRAY);
      assertEquals(0xD8, out[1] & 0xFF);
    } catch (FrameException e) {
      assertEquals(FrameException.UNDECODABLE, e.code(), e.getMessage());
    }
    codec.assertAllReleased();
  }

  @Test
  void headerWithoutImageDataIsUndecodable() {
    byte[] jpeg = TestFrames.sceneJpeg(64, 48, 100);
    // Everything up to the frame header and a bit beyond, then the end-of-image marker.
    byte[] cut = Arrays.copyOf(jpeg, TestFrames.sofOffset(jpeg) + 12);
    cut[cut.length - 2] = (byte) 0xFF;
    cut[cut.length - 1] = (byte) 0xD9;
    SpyCodec codec = new SpyCodec();
    FramePipeline pipeline = new FramePipeline(codec, 40, 30, 60, MAX_PIXELS);
    FrameException e = assertThrows(FrameException.class, () -> pipeline.process(cut, GRAY));
    assertEquals(FrameException.UNDECODABLE, e.code(), e.getMessage());
    codec.assertAllReleased();
  }

  @Test
  void everyMatIsReleasedWhenTheProcessorWorksInPlace() throws FrameException {
    SpyCodec codec = new SpyCodec();
    SpyProcessor processor = new SpyProcessor(new Grayscale(), true);
    new FramePipeline(codec, 40, 30, 60, MAX_PIXELS)
        .process(TestFrames.sceneJpeg(640, 480, 120), processor);
    assertEquals(2, codec.mats.size(), "decoded and encoded");
    codec.assertAllReleased();
    processor.assertAllReleased();
  }

  @Test
  void everyMatIsReleasedWhenTheProcessorReturnsANewMat() throws FrameException {
    SpyCodec codec = new SpyCodec();
    SpyProcessor processor = new SpyProcessor(new Grayscale(), false); // colour in, new gray out
    new FramePipeline(codec, 64, 48, 60, MAX_PIXELS)
        .process(TestFrames.sceneJpeg(640, 480, 120), processor);
    assertEquals(3, processor.channelsSeen);
    assertFalse(processor.mats.get(0) == processor.mats.get(1), "a new Mat was returned");
    codec.assertAllReleased();
    processor.assertAllReleased();
  }

  @Test
  void everyMatIsReleasedWhenTheFrameIsAlreadyTheOutputSize() throws FrameException {
    SpyCodec codec = new SpyCodec();
    SpyProcessor processor = new SpyProcessor(new Grayscale(), false);
    new FramePipeline(codec, 40, 30, 60, MAX_PIXELS)
        .process(TestFrames.sceneJpeg(40, 30, 120), processor);
    assertSame(codec.mats.get(0), processor.mats.get(0), "no resize needed");
    codec.assertAllReleased();
    processor.assertAllReleased();
  }

  @Test
  void everyMatIsReleasedWhenTheProcessorThrows() {
    SpyCodec codec = new SpyCodec();
    SpyProcessor processor =
        new SpyProcessor(
            frame -> {
              throw new IllegalStateException("processor failed");
            },
            false);
    FramePipeline pipeline = new FramePipeline(codec, 64, 48, 60, MAX_PIXELS);
    byte[] frame = TestFrames.sceneJpeg(640, 480, 120);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> pipeline.process(frame, processor));
    assertEquals("processor failed", e.getMessage());
    assertEquals(1, processor.mats.size(), "the processor received one frame");
    codec.assertAllReleased();
    processor.assertAllReleased();
  }

  @Test
  void everyMatIsReleasedWhenEncodingFails() {
    SpyCodec codec = new SpyCodec();
    codec.failEncode = true;
    SpyProcessor processor = new SpyProcessor(new Grayscale(), false);
    FramePipeline pipeline = new FramePipeline(codec, 64, 48, 60, MAX_PIXELS);
    byte[] frame = TestFrames.sceneJpeg(640, 480, 120);
    assertThrows(IllegalStateException.class, () -> pipeline.process(frame, processor));
    codec.assertAllReleased();
    processor.assertAllReleased();
  }

  @Test
  void chainReleasesTheIntermediate() {
    SpyProcessor first = new SpyProcessor(new Grayscale(), false);
    SpyProcessor second = new SpyProcessor(FramePipelineTest::blurred, false);
    Mat input = TestFrames.scene(64, 48, 120);
    Mat result = first.andThen(second).process(input);
    try {
      Mat middle = first.mats.get(1);
      assertSame(middle, second.mats.get(0));
      assertReleased(middle);
      assertFalse(result.empty(), "the result is the caller's");
      assertFalse(input.empty(), "the input is the caller's");
      assertEquals(1, result.channels());
    } finally {
      input.release();
      result.release();
    }
  }

  @Test
  void chainReleasesTheIntermediateWhenTheSecondStepThrows() {
    SpyProcessor first = new SpyProcessor(new Grayscale(), false);
    FrameProcessor failing =
        frame -> {
          throw new IllegalStateException("second failed");
        };
    Mat input = TestFrames.scene(64, 48, 120);
    try {
      FrameProcessor chain = first.andThen(failing);
      assertThrows(IllegalStateException.class, () -> chain.process(input));
      assertReleased(first.mats.get(1));
      assertFalse(input.empty(), "the input is the caller's");
    } finally {
      input.release();
    }
  }

  @Test
  void chainKeepsAnInPlaceFrame() {
    FrameProcessor inPlace = frame -> frame;
    SpyProcessor second = new SpyProcessor(FramePipelineTest::blurred, false);
    Mat input = TestFrames.scene(64, 48, 120);
    Mat result = inPlace.andThen(second).process(input);
    try {
      assertSame(input, second.mats.get(0));
      assertFalse(input.empty(), "the input is the caller's and must not be released");
    } finally {
      input.release();
      result.release();
    }
  }

  @Test
  void chainIsLumaOnlyWhenItsFirstStepIs() {
    FrameProcessor colour = frame -> frame;
    assertTrue(new Grayscale().andThen(colour).lumaOnly());
    assertFalse(colour.andThen(new Grayscale()).lumaOnly());
  }

  private static Mat blurred(Mat frame) {
    Mat out = new Mat();
    Imgproc.GaussianBlur(frame, out, new Size(3, 3), 0);
    return out;
  }

  private static void assertReleased(Mat mat) {
    if (!mat.empty() || mat.dataAddr() != 0) {
      fail("not released: " + mat);
    }
  }

  /** The real codec, recording the Mats it hands out or receives, and each decode and transcode. */
  private final class SpyCodec implements JpegCodec {
    final JpegCodec real = codec;
    final List<Mat> mats = new ArrayList<>();
    final List<String> decodes = new ArrayList<>();
    final List<String> transcodes = new ArrayList<>();
    boolean failEncode;

    @Override
    public Mat decode(byte[] jpeg, boolean gray, int scale) {
      decodes.add("decode " + (gray ? "gray" : "colour") + " 1/" + scale);
      Mat mat = real.decode(jpeg, gray, scale);
      mats.add(mat);
      return mat;
    }

    @Override
    public byte[] encode(Mat image, int quality) {
      mats.add(image);
      if (failEncode) {
        throw new IllegalStateException("encode failed");
      }
      return real.encode(image, quality);
    }

    @Override
    public Optional<byte[]> transcodeToGray(byte[] jpeg, int quality) {
      transcodes.add("transcode");
      return real.transcodeToGray(jpeg, quality);
    }

    void assertAllReleased() {
      mats.forEach(FramePipelineTest::assertReleased);
    }
  }

  /** A processor recording every Mat it receives or returns. */
  private static final class SpyProcessor implements FrameProcessor {
    final FrameProcessor real;
    final boolean lumaOnly;
    final List<Mat> mats = new ArrayList<>();
    int channelsSeen;

    SpyProcessor(FrameProcessor real, boolean lumaOnly) {
      this.real = real;
      this.lumaOnly = lumaOnly;
    }

    @Override
    public Mat process(Mat frame) {
      mats.add(frame);
      channelsSeen = frame.channels();
      Mat out = real.process(frame);
      mats.add(out);
      return out;
    }

    @Override
    public boolean lumaOnly() {
      return lumaOnly;
    }

    void assertAllReleased() {
      mats.forEach(FramePipelineTest::assertReleased);
    }
  }
}
