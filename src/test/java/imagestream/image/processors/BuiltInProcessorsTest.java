package imagestream.image.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.image.Detection;
import imagestream.image.FrameProcessor;
import imagestream.image.OpenCvNatives;
import imagestream.image.TestFaces;
import imagestream.image.TestFrames;
import imagestream.image.TestModels;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.QRCodeEncoder;

/** Every built-in on real-looking frames: size, channels, the fast path flag, and what it does. */
class BuiltInProcessorsTest {

  /** Output channels for a colour input, and whether the processor is luma-only. */
  private static final Map<String, Integer> COLOUR_OUT_CHANNELS =
      Map.ofEntries(Map.entry("none", 3), Map.entry("grayscale", 1), Map.entry("edges", 1),
          Map.entry("blur", 3), Map.entry("sharpen", 3), Map.entry("threshold", 1),
          Map.entry("invert", 3), Map.entry("cartoon", 3), Map.entry("qrcodes", 3),
          Map.entry("people", 3), Map.entry("faces", 3), Map.entry("detect", 3),
          Map.entry("classify", 3), Map.entry("onnx", 3));

  /** Those whose output is colour even for a gray frame: a written label, a colour model. */
  private static final Set<String> COLOUR_FROM_GRAY = Set.of("classify", "onnx");

  @BeforeAll
  static void loadOpenCv() {
    OpenCvNatives.load();
  }

  static Iterable<String> names() {
    return Processors.builtInNames();
  }

  @Test
  void everyBuiltInIsCovered() {
    assertEquals(new TreeSet<>(COLOUR_OUT_CHANNELS.keySet()), new TreeSet<>(Processors.builtInNames()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void colourFrameKeepsItsSizeAndGetsTheExpectedChannels(String name) {
    Mat out = run(name, TestFrames.scene(320, 240, 120));
    assertEquals(320, out.cols(), "width");
    assertEquals(240, out.rows(), "height");
    assertEquals(CvType.CV_8U, out.depth(), "8-bit, as the JPEG encoder needs");
    assertEquals(COLOUR_OUT_CHANNELS.get(name), out.channels(), "channels");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void grayFrameIsAcceptedAndStaysGray(String name) {
    Mat out = run(name, gray(TestFrames.scene(320, 240, 120)));
    assertEquals(320, out.cols());
    assertEquals(240, out.rows());
    assertEquals(COLOUR_FROM_GRAY.contains(name) ? 3 : 1, out.channels(),
        "nothing detected, so no coloured marks");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void tinyFrameOfTheDefaultSizeWorks(String name) {
    Mat out = run(name, TestFrames.scene(40, 30, 120));
    assertEquals(new Size(40, 30), out.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void lumaOnlyExactlyWhenTheResultDependsOnBrightnessAlone(String name) {
    boolean expected = name.equals("grayscale") || name.equals("edges") || name.equals("threshold");
    assertEquals(expected, create(name).lumaOnly(),
        "lumaOnly lets the pipeline decode gray; it must be true only when colour cannot matter");
  }

  /** What the luma-only flag promises: decoding gray first gives the same result. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void lumaOnlyProcessorsGiveTheSameResultFromAGrayFrame(String name) {
    if (!create(name).lumaOnly()) {
      return;
    }
    Mat colour = TestFrames.scene(320, 240, 120);
    Mat fromColour = run(name, colour.clone());
    Mat fromGray = run(name, gray(colour));
    assertEquals(0, Core.norm(fromColour, fromGray, Core.NORM_INF), "largest difference");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void keepsGrayExactlyWhenAGrayFrameComesOutUnchanged(String name) {
    boolean expected = name.equals("grayscale") || name.equals("none");
    assertEquals(expected, create(name).keepsGray(),
        "keepsGray lets the pipeline pass a JPEG's luma through; it must be true only when a gray"
            + " frame comes out unchanged");
    if (expected) {
      Mat frame = gray(TestFrames.scene(320, 240, 120));
      Mat copy = frame.clone();
      Mat out = run(name, frame);
      assertEquals(0, Core.norm(out, copy, Core.NORM_INF), "largest difference");
    }
  }

  @Test
  void noneReturnsTheFrameUntouched() {
    Mat in = TestFrames.scene(64, 48, 120);
    Mat copy = in.clone();
    assertSame(in, create("none").process(in));
    assertEquals(0, Core.norm(in, copy, Core.NORM_INF));
  }

  @Test
  void edgesOfAFlatFrameAreEmptyAndOfASceneAreNot() {
    assertEquals(0, Core.countNonZero(run("edges", flat(320, 240, 128))));
    Mat edges = run("edges", TestFrames.scene(320, 240, 120));
    int count = Core.countNonZero(edges);
    assertTrue(count > 300, "edge pixels of the circle, rectangle and line: " + count);
    assertTrue(count < 320 * 240 / 4, "only outlines, not areas: " + count);
    assertBinary(edges);
  }

  @Test
  void thresholdIsBinaryAndSplitsDarkFromBright() {
    Mat out = run("threshold", TestFrames.scene(320, 240, 120));
    assertBinary(out);
    int white = Core.countNonZero(out);
    assertTrue(white > 0 && white < 320 * 240, "both black and white: " + white);

    Mat halves = flat(100, 50, 60);
    Imgproc.rectangle(halves, new Point(50, 0), new Point(99, 49), new Scalar(200, 200, 200), -1);
    Mat split = run("threshold", halves);
    assertEquals(0, Core.countNonZero(split.submat(new Rect(0, 0, 50, 50))), "the dark half is black");
    assertEquals(50 * 50, Core.countNonZero(split.submat(new Rect(50, 0, 50, 50))), "the bright half is white");
  }

  @Test
  void invertTwiceIsTheIdentityAndOnceIsTheNegative() {
    Mat scene = TestFrames.scene(320, 240, 90);
    Mat once = run("invert", scene.clone());
    assertEquals(255 - 90, Core.mean(once).val[1], 10, "the negative of a frame of brightness 90");
    Mat twice = run("invert", once.clone());
    assertEquals(0, Core.norm(scene, twice, Core.NORM_INF));
  }

  @Test
  void blurKeepsAFlatFrameAndSoftensDetail() {
    assertKeepsAFlatFrame("blur");
    Mat scene = TestFrames.scene(320, 240, 120);
    Mat blurred = run("blur", scene.clone());
    assertTrue(detail(blurred) < detail(scene) / 4,
        "detail " + detail(blurred) + " after, " + detail(scene) + " before");
    assertEquals(Core.mean(scene).val[0], Core.mean(blurred).val[0], 1.5, "brightness is kept");
  }

  @Test
  void sharpenKeepsAFlatFrameAndStrengthensDetail() {
    assertKeepsAFlatFrame("sharpen");
    Mat scene = TestFrames.scene(320, 240, 120);
    Mat sharp = run("sharpen", scene.clone());
    assertTrue(detail(sharp) > detail(scene) * 1.5,
        "detail " + detail(sharp) + " after, " + detail(scene) + " before");
  }

  /** Built-in {@code name} leaves a frame of one brightness exactly as it is. */
  private static void assertKeepsAFlatFrame(String name) {
    Mat flat = flat(320, 240, 100);
    assertEquals(0, Core.norm(flat, run(name, flat.clone()), Core.NORM_INF), name + " of a flat frame");
  }

  @Test
  void cartoonHasFewColoursAndBlackOutlines() {
    Mat flat = run("cartoon", flat(320, 240, 100));
    Core.MinMaxLocResult range = Core.minMaxLoc(gray(flat));
    assertEquals(range.minVal, range.maxVal, "a flat frame stays flat");
    assertTrue(range.minVal > 0, "without outlines");

    Mat cartoon = run("cartoon", TestFrames.scene(320, 240, 120));
    Mat blue = new Mat();
    Core.extractChannel(cartoon, blue, 0);
    int levels = 0;
    for (int v = 0; v < 256; v++) {
      Mat equal = new Mat();
      Core.compare(blue, new Scalar(v), equal, Core.CMP_EQ);
      levels += Core.countNonZero(equal) > 0 ? 1 : 0;
      equal.release();
    }
    assertTrue(levels <= Cartoon.LEVELS + 1, levels + " blue levels; at most the bands and black");
    int black = 320 * 240 - Core.countNonZero(gray(cartoon));
    assertTrue(black > 100 && black < 320 * 240 / 5, "outline pixels: " + black);
  }

  @Test
  void qrCodesOutlinesAGeneratedCodeInGreen() {
    Mat scene = TestFrames.scene(320, 240, 120);
    Rect code = placeQrCode(scene, "image stream", new Point(150, 60));
    FrameProcessor qrcodes = create("qrcodes");
    Mat out = qrcodes.process(scene);
    Rect green = Overlays.greenBounds(out);
    Detection found = qrcodes.detections().get(0);
    assertEquals("qrcode", found.label());
    assertEquals("image stream", found.text(), "what the code says");
    assertEquals(code.x, found.x(), 4);
    assertEquals(code.y, found.y(), 4);
    assertEquals(code.width, found.width(), 8);
    assertTrue(green.width > 0, "green outline drawn");
    // The outline hugs the code (the label above it may reach further right and up).
    assertEquals(code.x, green.x, 4, "left edge of the outline");
    assertTrue(Math.abs(green.y + green.height - (code.y + code.height)) <= 4, "bottom " + green);

    Mat plain = TestFrames.scene(320, 240, 120);
    assertSame(plain, qrcodes.process(plain), "no code: the frame is returned untouched");
    assertEquals(List.of(), qrcodes.detections(), "and nothing is reported");
  }

  @Test
  void qrCodesFindsACodeInAGrayFrameAndMarksItInColour() {
    Mat scene = TestFrames.scene(320, 240, 120);
    placeQrCode(scene, "gray", new Point(40, 40));
    Mat out = run("qrcodes", gray(scene));
    assertEquals(3, out.channels());
    assertTrue(Overlays.greenBounds(out).width > 0);
  }

  @Test
  void peopleBoxesADrawnFigureAndNothingElse() {
    Mat picture = flat(320, 240, 200);
    Rect figure = drawFigure(picture, 160, 40);
    FrameProcessor people = create("people");
    Mat out = people.process(picture);
    Rect box = Overlays.greenBounds(out);
    assertEquals(1, people.detections().size());
    assertEquals("person", people.detections().get(0).label());
    assertTrue(box.contains(people.detections().get(0).box().tl()), "reported where it is drawn");
    assertTrue(box.width > 0, "a box is drawn");
    assertTrue(box.contains(new Point(figure.x + 1, figure.y + 1))
        && box.contains(new Point(figure.x + figure.width - 1, figure.y + figure.height - 1)),
        "the box " + box + " surrounds the figure " + figure);

    Mat scene = TestFrames.scene(320, 240, 120);
    assertSame(scene, run("people", scene), "no person: the frame is returned untouched");
  }

  // --- helpers ---------------------------------------------------------------------------

  private static FrameProcessor create(String name) {
    return ProcessingChain.parse(chain(name)).build();
  }

  /** A chain that runs built-in {@code name} with test data and nothing to find in a scene. */
  private static String chain(String name) {
    return switch (name) {
      case "faces" -> {
        TestFaces.requireCascade();
        yield "faces";
      }
      // The test model always reports its box at 0.9: above what it can score, nothing is found.
      case "detect" -> "detect(model=" + TestModels.file("yolo8.onnx") + ", conf=0.95)";
      case "classify" -> "classify(model=" + TestModels.file("rgbmeans.onnx") + ")";
      case "onnx" -> "onnx(model=" + TestModels.file("sharpen3x3.onnx") + ")";
      default -> name;
    };
  }

  /** Runs a fresh processor; the result is the test's (the input may be reused or released). */
  private static Mat run(String name, Mat input) {
    return create(name).process(input);
  }

  private static Mat flat(int width, int height, int value) {
    return new Mat(height, width, CvType.CV_8UC3, new Scalar(value, value, value));
  }

  private static Mat gray(Mat frame) {
    if (frame.channels() == 1) {
      return frame;
    }
    Mat gray = new Mat();
    Imgproc.cvtColor(frame, gray, Imgproc.COLOR_BGR2GRAY);
    return gray;
  }

  /** The variance of the Laplacian: how much fine detail a frame has. */
  private static double detail(Mat frame) {
    Mat laplacian = new Mat();
    MatOfDouble mean = new MatOfDouble();
    MatOfDouble stddev = new MatOfDouble();
    Imgproc.Laplacian(gray(frame), laplacian, CvType.CV_64F);
    Core.meanStdDev(laplacian, mean, stddev);
    double sd = stddev.get(0, 0)[0];
    return sd * sd;
  }

  private static void assertBinary(Mat frame) {
    Mat zero = new Mat();
    Mat full = new Mat();
    Core.inRange(frame, new Scalar(0), new Scalar(0), zero);
    Core.inRange(frame, new Scalar(255), new Scalar(255), full);
    assertEquals(frame.total(), Core.countNonZero(zero) + Core.countNonZero(full), "only 0 and 255");
  }

  /** Encodes {@code text} with OpenCV's QR encoder and pastes it at {@code at}, 4 px a module. */
  private static Rect placeQrCode(Mat frame, String text, Point at) {
    Mat modules = new Mat();
    QRCodeEncoder.create().encode(text, modules);
    Mat big = new Mat();
    Imgproc.resize(modules, big, new Size(modules.cols() * 4, modules.rows() * 4), 0, 0, Imgproc.INTER_NEAREST);
    Mat colour = new Mat();
    Imgproc.cvtColor(big, colour, Imgproc.COLOR_GRAY2BGR);
    Rect where = new Rect((int) at.x, (int) at.y, colour.cols(), colour.rows());
    colour.copyTo(frame.submat(where));
    // The encoder's image includes a white quiet zone of 2 modules around the code itself.
    int quiet = (big.cols() - qrSide(big)) / 2;
    return new Rect(where.x + quiet, where.y + quiet, where.width - 2 * quiet, where.height - 2 * quiet);
  }

  /** The side of the black-and-white code inside the quiet zone, in pixels. */
  private static int qrSide(Mat code) {
    Mat inverted = new Mat();
    Core.bitwise_not(code, inverted);
    Mat points = new Mat();
    Core.findNonZero(inverted, points);
    return Imgproc.boundingRect(points).width;
  }

  /** A dark standing figure, 54x170 pixels, about as HOG's people detector was trained on. */
  private static Rect drawFigure(Mat picture, int centre, int top) {
    Scalar dark = new Scalar(40, 40, 40);
    Imgproc.circle(picture, new Point(centre, top + 14), 12, dark, -1);
    Imgproc.rectangle(picture, new Point(centre - 17, top + 30), new Point(centre + 17, top + 95), dark, -1);
    Imgproc.line(picture, new Point(centre - 17, top + 33), new Point(centre - 27, top + 95), dark, 9);
    Imgproc.line(picture, new Point(centre + 17, top + 33), new Point(centre + 27, top + 95), dark, 9);
    Imgproc.line(picture, new Point(centre - 9, top + 95), new Point(centre - 14, top + 165), dark, 13);
    Imgproc.line(picture, new Point(centre + 9, top + 95), new Point(centre + 14, top + 165), dark, 13);
    Imgproc.GaussianBlur(picture, picture, new Size(3, 3), 0);
    return new Rect(centre - 27, top + 2, 54, 170);
  }

}
