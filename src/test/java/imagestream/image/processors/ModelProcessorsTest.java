package imagestream.image.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.image.Detection;
import imagestream.image.FrameProcessor;
import imagestream.image.OpenCvNatives;
import imagestream.image.TestFrames;
import imagestream.image.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * {@code detect}, {@code classify} and {@code onnx} with the test models, whose outputs are
 * known exactly: a YOLO model's box is drawn and reported where it says, a convolution equals
 * OpenCV's {@code filter2D}, a classifier of colour means names the dominant colour.
 */
class ModelProcessorsTest {

  @BeforeAll
  static void loadOpenCv() {
    OpenCvNatives.load();
  }

  private static String model(String name) {
    return TestModels.file(name).toString();
  }

  /**
   * The models' box 5 (centre 160,140, 80x60 in the 320x320 input) in the frame: letterboxed,
   * 320x240 sits 40 rows down at scale 1, 640x480 at scale 1/2.
   */
  @ParameterizedTest(name = "{0} at {1}x{2}")
  @CsvSource({
    "yolo8.onnx, 320, 240, 120, 70, 80, 60, 0.9",
    "yolo8.onnx, 640, 480, 240, 140, 160, 120, 0.9",
    "yolo5.onnx, 320, 240, 120, 70, 80, 60, 0.72",
    "yolo5.onnx, 640, 480, 240, 140, 160, 120, 0.72",
  })
  void detectDrawsAndReportsTheModelsBoxWhereItSays(
      String file, int width, int height, int x, int y, int w, int h, double score) {
    FrameProcessor detect = ProcessingChain.parse(
        "detect(model=" + model(file) + ", labels=" + model("two.labels") + ")").build();
    Mat out = detect.process(TestFrames.scene(width, height, 120));
    List<Detection> found = detect.detections();
    assertEquals(1, found.size(), "box 6 is merged into box 5 and box 9 is below conf: " + found);
    Detection d = found.get(0);
    assertEquals("dog", d.label(), "class 1 of two.labels");
    assertEquals(score, d.score(), 1e-6);
    assertEquals(new Rect(x, y, w, h), d.box());
    int line = Math.max(1, width / 320);
    assertTrue(Overlays.isGreen(out, x, y + h / 2) && Overlays.isGreen(out, x + w - 1, y + h / 2)
        && Overlays.isGreen(out, x + w / 2, y + h - 1), "the box is drawn in green");
    assertTrue(!Overlays.isGreen(out, x + line + 2, y + h / 2), "inside the box is the picture");
  }

  @Test
  void detectKeepsWhatScoresAtLeastConfAndMergesOnlyWhatOverlapsMoreThanNms() {
    String base = "detect(model=" + model("yolo8.onnx") + ", labels=" + model("two.labels");
    FrameProcessor low = ProcessingChain.parse(base + ", conf=0.15)").build();
    low.process(TestFrames.scene(320, 240, 120));
    assertEquals(List.of(
            Detection.scored("dog", 0.9f, new Rect(120, 70, 80, 60)),
            Detection.scored("cat", 0.2f, new Rect(50, 50, 20, 20))),
        low.detections(), "box 9 (class 0 at 0.2) is kept at conf=0.15");
    FrameProcessor loose = ProcessingChain.parse(base + ", nms=0.99)").build();
    loose.process(TestFrames.scene(320, 240, 120));
    assertEquals(2, loose.detections().size(), "boxes 5 and 6 overlap by less than 0.99: both kept");
    FrameProcessor strict = ProcessingChain.parse(base + ", conf=0.95)").build();
    Mat scene = TestFrames.scene(320, 240, 120);
    assertSame(scene, strict.process(scene), "nothing found: the frame is returned untouched");
    assertEquals(List.of(), strict.detections());
  }

  @Test
  void detectWithoutLabelsNumbersTheClassesAndAcceptsAGrayFrame() {
    FrameProcessor detect = ProcessingChain.parse("detect(model=" + model("yolo8.onnx") + ")").build();
    Mat gray = new Mat(240, 320, CvType.CV_8UC1, new Scalar(90));
    Mat out = detect.process(gray);
    assertEquals(3, out.channels(), "marked in colour");
    assertEquals("class 1", detect.detections().get(0).label());
  }

  @Test
  void detectReadsTheModelsInputSizeAndTakesAnother() {
    // At size=640 the 320x240 frame is scaled by 2 into 640x640, 80 rows down, and the model's
    // box 5 (corner 120,110 and 80x60 in its input) is at 60,15 and 40x30 in the frame.
    FrameProcessor detect = ProcessingChain.parse(
        "detect(model=" + model("yolo8.onnx") + ", size=640)").build();
    detect.process(TestFrames.scene(320, 240, 120));
    assertEquals(new Rect(60, 15, 40, 30), detect.detections().get(0).box());
  }

  @Test
  void classifyNamesTheDominantColourWithItsProbability() {
    // rgbmeans.onnx scores each colour by its mean; with mean 0 and std 1 the scores are the
    // colour means from 0 to 1, and the probability their softmax.
    FrameProcessor classify = ProcessingChain.parse("classify(model=" + model("rgbmeans.onnx")
        + ", labels=" + model("rgb.labels") + ", mean=0, std=1)").build();
    Mat frame = new Mat(120, 160, CvType.CV_8UC3, new Scalar(40, 200, 90)); // BGR: mostly green
    Mat out = classify.process(frame);
    double[] rgb = {90 / 255.0, 200 / 255.0, 40 / 255.0};
    double total = Math.exp(rgb[0]) + Math.exp(rgb[1]) + Math.exp(rgb[2]);
    Detection top = classify.detections().get(0);
    assertEquals("green", top.label());
    assertEquals(Math.exp(rgb[1]) / total, top.score(), 1e-4);
    assertEquals(new Rect(0, 0, 160, 120), top.box(), "the whole frame");
    assertEquals(3, out.channels());
    assertTrue(Core.norm(out, new Mat(120, 160, CvType.CV_8UC3, new Scalar(40, 200, 90))) > 0,
        "the label is written on the frame");

    Mat red = new Mat(120, 160, CvType.CV_8UC3, new Scalar(10, 10, 250));
    classify.process(red);
    assertEquals("red", classify.detections().get(0).label(), "colours in the model's RGB order");
  }

  @Test
  void classifyNormalizesWithMeanAndStd() {
    // ImageNet's mean and std by default: green (0.78) becomes (0.78 - 0.456) / 0.224 = 1.45.
    FrameProcessor classify = ProcessingChain.parse("classify(model=" + model("rgbmeans.onnx") + ")").build();
    classify.process(new Mat(64, 64, CvType.CV_8UC3, new Scalar(200, 200, 200)));
    // Gray 200/255 = 0.784: red (0.784 - 0.485) / 0.229 = 1.31, green 1.47, blue 1.69.
    double r = (200 / 255.0 - 0.485) / 0.229;
    double g = (200 / 255.0 - 0.456) / 0.224;
    double b = (200 / 255.0 - 0.406) / 0.225;
    Detection top = classify.detections().get(0);
    assertEquals("class 2", top.label(), "blue's mean is the smallest, so it scores highest");
    assertEquals(Math.exp(b) / (Math.exp(r) + Math.exp(g) + Math.exp(b)), top.score(), 1e-4);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sharpen3x3.onnx", "fixed3x3.onnx"})
  void onnxImageModelEqualsFilter2dPerColour(String file) {
    Mat frame = TestFrames.scene(128, 96, 120);
    Mat out = ProcessingChain.parse("onnx(model=" + model(file) + ")").build().process(frame.clone());
    // The model's kernels per colour in its RGB order: red sharpened, green as is, blue blurred.
    Mat expected = new Mat();
    List<Mat> bgr = new ArrayList<>();
    Core.split(frame, bgr);
    filter(bgr.get(2), new float[] {0, -1, 0, -1, 5, -1, 0, -1, 0});
    filter(bgr.get(0), new float[] {1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f});
    Core.merge(bgr, expected);
    assertEquals(3, out.channels());
    assertEquals(frame.size(), out.size());
    assertTrue(Core.norm(out, expected, Core.NORM_INF) <= 1,
        "largest difference " + Core.norm(out, expected, Core.NORM_INF) + " (rounding only)");
    assertTrue(Core.norm(out, frame, Core.NORM_INF) > 50, "the model changed the picture");
  }

  @Test
  void onnxResizesToAFixedInputAndBackToTheFrame() {
    Mat out = ProcessingChain.parse("onnx(model=" + model("fixed3x3.onnx") + ")").build()
        .process(TestFrames.scene(320, 240, 120));
    assertEquals(320, out.cols());
    assertEquals(240, out.rows());
  }

  @Test
  void aModelWhoseOutputDoesNotFitIsOneLineSayingWhy() {
    IllegalStateException detect = assertThrows(IllegalStateException.class,
        () -> ProcessingChain.parse("detect(model=" + model("rgbmeans.onnx") + ")").build());
    assertEquals("detect: rgbmeans.onnx: its output has the shape [1, 3], which is not a YOLO detection"
        + " output: expected [1, 4 + classes, boxes] (YOLOv8, YOLO11) or [1, boxes, 5 + classes]"
        + " (YOLOv5), with more boxes than classes", detect.getMessage());
    IllegalStateException classify = assertThrows(IllegalStateException.class,
        () -> ProcessingChain.parse("classify(model=" + model("yolo8.onnx") + ")").build());
    assertEquals("classify: yolo8.onnx: its output has the shape [1, 6, 16], not one score per class:"
        + " expected [1, classes]", classify.getMessage());
    IllegalStateException onnx = assertThrows(IllegalStateException.class,
        () -> ProcessingChain.parse("onnx(model=" + model("scores7.onnx") + ")").build());
    assertTrue(onnx.getMessage().startsWith("onnx: scores7.onnx: its output has the shape [1, 7], not a picture"),
        onnx.getMessage());
    IllegalStateException labels = assertThrows(IllegalStateException.class,
        () -> ProcessingChain.parse("detect(model=" + model("yolo8.onnx") + ", labels="
            + model("three.labels") + ")").build());
    assertTrue(labels.getMessage().endsWith("three.labels name 3 classes, but the model scores 2"),
        labels.getMessage());
  }

  @Test
  void aFileThatIsNotAModelIsOneLine() throws IOException {
    Path junk = Files.writeString(TestModels.folder().resolve("junk.onnx"), "not a model at all");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ProcessingChain.parse("detect(model=" + junk + ")").build());
    assertTrue(e.getMessage().startsWith("detect: junk.onnx: not an ONNX model"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }

  private static void filter(Mat channel, float[] kernel) {
    Mat k = new Mat(3, 3, CvType.CV_32F);
    k.put(0, 0, kernel);
    // Zeros beyond the border, as the model's padding.
    Imgproc.filter2D(channel, channel, -1, k, new Point(-1, -1), 0, Core.BORDER_CONSTANT);
    k.release();
  }
}
