package imagestream.image.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.Settings;
import imagestream.config.SettingsException;
import imagestream.image.Arguments;
import imagestream.image.FrameProcessor;
import imagestream.image.OpenCvNatives;
import imagestream.image.Parameter;
import imagestream.image.TestFrames;
import imagestream.image.TestModels;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * Values in a chain, e.g. {@code blur(9)} or {@code detect(model=m.onnx, conf=0.4)}: parsed,
 * checked against each built-in's declared parameters, refused in one line naming what is
 * wrong, and used by the processors; user classes take them by name.
 */
class ChainParametersTest {

  @BeforeAll
  static void loadOpenCv() {
    OpenCvNatives.load();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "blur(9)                        | blur(sigma=9)",
        "Blur( sigma = 2.50 )           | blur(sigma=2.5)",
        "threshold(128)                 | threshold(level=128)",
        "edges(50,150)                  | edges(low=50, high=150)",
        "edges(high=200, low=10)        | edges(low=10, high=200)",
        "faces(min=60)                  | faces(min=60)",
        "grayscale, blur(), sharpen(2)  | grayscale,blur,sharpen(amount=2)",
        "imagestream.examples.Pixelate(block=16) | imagestream.examples.Pixelate(block=16)",
      })
  void valuesAreReadPositionallyOrByNameAndPrintedByName(String written, String normal) {
    ProcessingChain chain = ProcessingChain.parse(written, Resources.of("")); // faces needs a cascade
    assertEquals(normal, chain.toString());
    assertEquals(chain, ProcessingChain.parse(chain.toString(), Resources.of("")), "prints as it parses");
  }

  @Test
  void detectTakesAModelAndItsValues() {
    String model = TestModels.file("yolo8.onnx").toString();
    ProcessingChain chain = ProcessingChain.parse("detect(model=" + model + ", conf=0.4)");
    assertEquals(new Step("detect", Map.of("model", model, "conf", "0.4")), chain.steps().get(0));
    ProcessingChain quoted = ProcessingChain.parse("detect(\"" + model + "\", nms=0.5)");
    assertEquals("detect(model=" + model + ", nms=0.5)", quoted.toString());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "blur(abc)          | blur: sigma must be a number from 0.3 to 50, not \"abc\"",
        "blur(-3)           | blur: sigma must be a number from 0.3 to 50, not \"-3\"",
        "blur(NaN)          | blur: sigma must be a number from 0.3 to 50, not \"NaN\"",
        "blur(x=1)          | blur has no parameter \"x\" (it takes sigma)",
        "blur(1,2)          | blur takes sigma, not 2 values",
        "invert(1)          | invert takes no parameters, not 1 values",
        "blur(sigma=1, 2)   | blur: a value without a name after a named one (\"2\")",
        "blur(1, sigma=2)   | blur: sigma is given twice",
        "threshold(12.5)    | threshold: level must be a whole number from 0 to 255, not \"12.5\"",
        "threshold(256)     | threshold: level must be a whole number from 0 to 255, not \"256\"",
        "detect             | detect needs model=... (the ONNX file: a YOLOv5, YOLOv8 or YOLO11 detection export)",
        "detect(model=/nowhere.onnx) | detect: model must be the path of a file that exists, not \"/nowhere.onnx\"",
        "blur(9             | \"blur(\" is not closed with \")\"",
        "blur(9))           | unexpected text after \"blur(...)\"",
        "(9)                | a bracket without a processor name before it",
        "blur(=9)           | a value without a name before \"=\" in blur",
        "blur(,)            | an empty value in blur(...)",
        "blur(\"9)          | a quote that is not closed in blur",
        "blur(a(b))         | unexpected \"(\" in the values of blur (write a value holding it in double quotes)",
        "imagestream.examples.Pixelate(16) | name the values given to a class, e.g. Pixelate(size=16), not \"16\"",
        "imagestream.image.processors.ProcessingChainTest$Counting(a=1) | imagestream.image.processors.ProcessingChainTest$Counting takes no values: it has no public constructor taking imagestream.image.Arguments",
      })
  void badValuesAreRefusedSayingWhy(String text, String why) {
    String refusal = assertThrows(IllegalArgumentException.class, () -> ProcessingChain.parse(text)).getMessage();
    assertTrue(refusal.startsWith(why), refusal);
  }

  @Test
  void aBadValueInSettingsIsOneLineNamingProcessing() {
    SettingsException e = assertThrows(SettingsException.class,
        () -> Settings.fromMap(Map.of("PROCESSING", "grayscale,blur(abc)")));
    assertEquals("PROCESSING", e.key());
    assertEquals("Invalid setting PROCESSING=\"grayscale,blur(abc)\": expected " + ProcessingChain.allowed()
        + " (blur: sigma must be a number from 0.3 to 50, not \"abc\")", e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void theBuiltInsUseTheirValues() {
    Mat halves = new Mat(50, 100, CvType.CV_8UC3, new Scalar(60, 60, 60));
    halves.submat(new Rect(50, 0, 50, 50)).setTo(new Scalar(200, 200, 200));
    assertEquals(50 * 50, Core.countNonZero(run("threshold(128)", halves.clone())), "the bright half");
    assertEquals(100 * 50, Core.countNonZero(run("threshold(50)", halves.clone())), "everything");
    assertEquals(0, Core.countNonZero(run("threshold(250)", halves.clone())), "nothing");

    Mat scene = TestFrames.scene(320, 240, 120);
    int fewer = Core.countNonZero(run("edges(400,600)", scene.clone()));
    int more = Core.countNonZero(run("edges(20,40)", scene.clone()));
    assertTrue(fewer < more, fewer + " edge pixels at 400/600, " + more + " at 20/40");

    double soft = detail(run("blur(1)", scene.clone()));
    double softer = detail(run("blur(8)", scene.clone()));
    assertTrue(softer < soft / 3, "sigma 8 blurs far more than 1: " + softer + " against " + soft);
    assertTrue(detail(run("sharpen(3)", scene.clone())) > detail(run("sharpen(0.5)", scene.clone())));
  }

  @Test
  void aUserClassReadsItsValuesAndAnUnknownOneIsRefused() {
    Mat out = run("imagestream.examples.Pixelate(block=16)", TestFrames.scene(64, 48, 120));
    MatOfDouble mean = new MatOfDouble();
    MatOfDouble spread = new MatOfDouble();
    Core.meanStdDev(out.submat(new Rect(16, 16, 16, 16)), mean, spread);
    assertEquals(0, Core.norm(spread), "a 16x16 block is one colour");
    Core.meanStdDev(out.submat(new Rect(8, 8, 16, 16)), mean, spread);
    assertTrue(Core.norm(spread) > 0, "blocks of 16, not 8");

    IllegalStateException typo = assertThrows(IllegalStateException.class,
        () -> ProcessingChain.parse("imagestream.examples.Pixelate(blok=16)").build());
    assertEquals("imagestream.examples.Pixelate has no parameter blok (it reads block)", typo.getMessage());
    IllegalStateException bad = assertThrows(IllegalStateException.class,
        () -> ProcessingChain.parse("imagestream.examples.Pixelate(block=1)").build());
    assertTrue(bad.getMessage().contains("block must be a whole number from 2 to 64, not \"1\""), bad.getMessage());
  }

  @Test
  void declarationsCheckAndNormalizeValues() {
    Parameter size = Parameter.integer("size", 32, 2048, null, "").multipleOf(32);
    assertEquals("640", size.check(" 0640 "));
    assertThrows(IllegalArgumentException.class, () -> size.check("650"));
    Parameter mean = Parameter.numbers("mean", 0, 1, "0.5", "");
    assertEquals("0.485 0.456 0.4", mean.check("0.485  0.456 0.40"));
    assertEquals("0.5", mean.check("0.50"));
    assertThrows(IllegalArgumentException.class, () -> mean.check("0.1 0.2"));
    assertThrows(IllegalArgumentException.class, () -> mean.check("0.1 0.2 1.5"));
    Arguments arguments = Arguments.of("x", Map.of("mean", "0.1 0.2 0.3"));
    assertEquals(List.of(0.1, 0.2, 0.3), List.of(arguments.numbers(mean)[0], arguments.numbers(mean)[1],
        arguments.numbers(mean)[2]));
    assertEquals(Map.of("name", "size", "type", "integer", "min", 32.0, "max", 2048.0, "multipleOf", 32,
        "required", false, "help", ""), withoutNulls(size.describe()));
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> m) {
    m.values().removeIf(Objects::isNull);
    return m;
  }

  private static Mat run(String chain, Mat frame) {
    FrameProcessor processor = ProcessingChain.parse(chain).build();
    return processor.process(frame);
  }

  /** The variance of the Laplacian: how much fine detail a frame has. */
  private static double detail(Mat frame) {
    Mat gray = new Mat();
    Mat laplacian = new Mat();
    MatOfDouble mean = new MatOfDouble();
    MatOfDouble stddev = new MatOfDouble();
    Imgproc.cvtColor(frame, gray, Imgproc.COLOR_BGR2GRAY);
    Imgproc.Laplacian(gray, laplacian, CvType.CV_64F);
    Core.meanStdDev(laplacian, mean, stddev);
    return stddev.get(0, 0)[0] * stddev.get(0, 0)[0];
  }
}
