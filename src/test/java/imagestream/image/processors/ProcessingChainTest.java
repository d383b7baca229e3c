package imagestream.image.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.Settings;
import imagestream.config.SettingsException;
import imagestream.image.FrameProcessor;
import imagestream.image.OpenCvNatives;
import imagestream.image.TestFrames;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Rect;

/** ProcessingChain: parsing PROCESSING, clear refusals, user classes by name, fresh instances. */
class ProcessingChainTest {

  /** Set by {@link Initializing}'s static initializer; read here so reading it runs nothing. */
  static volatile boolean initializerRan;

  @BeforeAll
  static void loadOpenCv() {
    OpenCvNatives.load();
  }

  @Test
  void parsesNamesInOrderIgnoringSpacesAndCase() {
    ProcessingChain chain = ProcessingChain.parse(" Grayscale , EDGES");
    assertEquals(List.of(Step.of("grayscale"), Step.of("edges")), chain.steps());
    assertEquals("grayscale,edges", chain.toString());
    assertEquals(chain, ProcessingChain.parse(chain.toString()));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "sepia                           | unknown processor \"sepia\"",
        "grayscale,,edges                | an empty step",
        "grayscale,                      | an empty step",
        "'   '                           | an empty step",
        "a,b,c,d,e,f,g,h,i               | more than 8 steps",
        "imagestream.nope.Missing        | no class imagestream.nope.Missing on the classpath",
        "java.lang.String                | java.lang.String does not implement imagestream.image.FrameProcessor",
        "imagestream.image.FrameProcessor | imagestream.image.FrameProcessor is not a public concrete class",
      })
  void badChainIsRefusedSayingWhy(String text, String why) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProcessingChain.parse(text));
    assertEquals(why, e.getMessage());
  }

  @Test
  void unknownNameInSettingsIsOneLineNamingTheKeyAndListingEveryBuiltIn() {
    SettingsException e =
        assertThrows(
            SettingsException.class, () -> Settings.fromMap(Map.of("PROCESSING", "grayscale,sepia")));
    assertEquals("PROCESSING", e.key());
    assertFalse(e.getMessage().contains("\n"));
    assertTrue(e.getMessage().startsWith("Invalid setting PROCESSING=\"grayscale,sepia\": expected"),
        e.getMessage());
    assertTrue(e.getMessage().contains("unknown processor \"sepia\""), e.getMessage());
    for (String name : Processors.builtInNames()) {
      assertTrue(e.getMessage().contains(name), name + " is not listed in: " + e.getMessage());
    }
  }

  @Test
  void defaultIsGrayscale() {
    assertEquals(ProcessingChain.parse("grayscale"), Settings.fromMap(Map.of()).processing());
  }

  @Test
  void chainIsLumaOnlyWhenItsFirstStepIs() {
    assertTrue(ProcessingChain.parse("grayscale,edges").build().lumaOnly());
    assertTrue(ProcessingChain.parse("threshold,invert").build().lumaOnly());
    assertFalse(ProcessingChain.parse("blur,edges").build().lumaOnly());
    assertFalse(ProcessingChain.parse("invert").build().lumaOnly());
  }

  @Test
  void stepsRunLeftToRight() {
    Mat scene = TestFrames.scene(160, 120, 120);
    Mat thresholdThenInvert = ProcessingChain.parse("threshold,invert").build().process(scene.clone());
    Mat invertThenThreshold = ProcessingChain.parse("invert,threshold").build().process(scene.clone());
    assertEquals(1, thresholdThenInvert.channels());
    // Inverting a binary image swaps black and white; thresholding an inverted one nearly does.
    int white = Core.countNonZero(ProcessingChain.parse("threshold").build().process(scene.clone()));
    assertEquals(160 * 120 - white, Core.countNonZero(thresholdThenInvert));
    assertEquals(160 * 120 - white, Core.countNonZero(invertThenThreshold), 160 * 120 / 100.0);
  }

  @Test
  void theExampleProcessorIsLoadedByItsClassName() {
    ProcessingChain chain = ProcessingChain.parse("imagestream.examples.Pixelate");
    assertEquals(List.of(Step.of("imagestream.examples.Pixelate")), chain.userSteps());
    FrameProcessor pixelate = chain.build();
    assertFalse(pixelate.lumaOnly(), "it keeps colour");
    Mat out = pixelate.process(TestFrames.scene(320, 240, 120));
    assertEquals(3, out.channels());
    // 320x240 in blocks of 8: every 8x8 block is one colour, and neighbouring blocks differ.
    for (int y = 0; y < 240; y += 8) {
      for (int x = 0; x < 320; x += 8) {
        MatOfDouble mean = new MatOfDouble();
        MatOfDouble spread = new MatOfDouble();
        Core.meanStdDev(out.submat(new Rect(x, y, 8, 8)), mean, spread);
        assertEquals(0, Core.norm(spread), "block at " + x + "," + y + " is one colour");
      }
    }
    assertTrue(Core.norm(out.submat(new Rect(0, 0, 8, 8)), out.submat(new Rect(312, 232, 8, 8))) > 0);
  }

  @Test
  void userClassIsCombinedWithBuiltIns() {
    FrameProcessor chain = ProcessingChain.parse("grayscale,imagestream.examples.Pixelate").build();
    assertTrue(chain.lumaOnly(), "grayscale first: the gray decode applies");
    assertEquals(1, chain.process(TestFrames.scene(64, 48, 120)).channels());
  }

  @Test
  void everyBuildCreatesNewInstances() {
    String name = Counting.class.getName();
    ProcessingChain chain = ProcessingChain.parse(name + "," + name);
    int before = Counting.CREATED.get();
    FrameProcessor first = chain.build();
    FrameProcessor second = chain.build();
    assertNotSame(first, second);
    assertEquals(before + 4, Counting.CREATED.get(), "two steps, twice");
  }

  @Test
  void checkingANameDoesNotRunTheClass() {
    ProcessingChain.parse(Initializing.class.getName());
    assertFalse(initializerRan, "parse must not initialize the class");
  }

  @Test
  void classWithoutANoArgumentConstructorIsRefused() {
    String name = NeedsArgument.class.getName();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProcessingChain.parse(name));
    assertEquals(name + " has no public constructor without arguments or taking "
        + "imagestream.image.Arguments", e.getMessage());
  }

  @Test
  void failingConstructorIsAnIllegalStateNamingTheClass() {
    ProcessingChain chain = ProcessingChain.parse(Failing.class.getName());
    IllegalStateException e = assertThrows(IllegalStateException.class, chain::build);
    assertTrue(e.getMessage().startsWith(Failing.class.getName() + " could not be created"), e.getMessage());
    assertTrue(e.getMessage().contains("no camera here"), e.getMessage());
  }

  /** Counts its instances. */
  public static final class Counting implements FrameProcessor {
    static final AtomicInteger CREATED = new AtomicInteger();

    /** Counts one more. */
    public Counting() {
      CREATED.incrementAndGet();
    }

    @Override
    public Mat process(Mat frame) {
      return frame;
    }
  }

  /** Records whether its static initializer ran. */
  public static final class Initializing implements FrameProcessor {
    static {
      initializerRan = true;
    }

    @Override
    public Mat process(Mat frame) {
      return frame;
    }
  }

  /** Cannot be created by name. */
  public static final class NeedsArgument implements FrameProcessor {
    /** Takes an argument. */
    public NeedsArgument(int strength) {}

    @Override
    public Mat process(Mat frame) {
      return frame;
    }
  }

  /** Fails to be created. */
  public static final class Failing implements FrameProcessor {
    /** Always throws. */
    public Failing() {
      throw new IllegalStateException("no camera here");
    }

    @Override
    public Mat process(Mat frame) {
      return frame;
    }
  }
}
