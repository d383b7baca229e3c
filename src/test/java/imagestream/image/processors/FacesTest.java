package imagestream.image.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.Settings;
import imagestream.config.SettingsException;
import imagestream.image.Detection;
import imagestream.image.FrameProcessor;
import imagestream.image.OpenCvNatives;
import imagestream.image.TestFaces;
import imagestream.image.TestFrames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * {@code faces} on the shared portrait: the face is found where OpenCV's own detector finds it
 * (its {@code ATTRIBUTION}), boxed in green and reported; without the cascade, one clear refusal.
 */
class FacesTest {

  @BeforeAll
  static void loadOpenCv() {
    OpenCvNatives.load();
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"640, 480, 221, 83, 120", "320, 240, 110, 40, 61"})
  void findsTheFaceWhereTheAttributionSays(int width, int height, int x, int y, int side) {
    TestFaces.requireCascade();
    Mat portrait = Imgcodecs.imread(TestFaces.portrait(width, height).toString());
    FrameProcessor faces = ProcessingChain.parse("faces").build();
    Mat out = faces.process(portrait);
    assertEquals(List.of(new Detection("face", null, x, y, side, side, null)), faces.detections());
    assertTrue(Overlays.isGreen(out, x, y + side / 2) && Overlays.isGreen(out, x + side - 1, y + side / 2),
        "the box's left and right edges are drawn in green");
    Rect green = Overlays.greenBounds(out);
    int line = Math.max(1, width / 320); // the line is centred on the box's edge
    assertTrue(Math.abs(green.x - x) < line && Math.abs(green.y - y) < line
        && Math.abs(green.width - side) < 2 * line, "only the box is green: " + green);
  }

  @Test
  void parametersAreUsed() {
    TestFaces.requireCascade();
    Mat portrait = Imgcodecs.imread(TestFaces.portrait(640, 480).toString());
    FrameProcessor big = ProcessingChain.parse("faces(min=200)").build();
    assertSame(portrait, big.process(portrait), "a face of 120 pixels is smaller than min=200");
    assertEquals(List.of(), big.detections());
    FrameProcessor small = ProcessingChain.parse("faces(min=24)").build();
    small.process(portrait.clone());
    assertEquals(1, small.detections().size(), "the smallest min finds the same one face");
    FrameProcessor strict = ProcessingChain.parse("faces(neighbours=50)").build();
    strict.process(portrait.clone());
    assertEquals(List.of(), strict.detections(), "50 overlapping hits are more than one face gives");
  }

  @Test
  void aSceneWithoutAFaceIsReturnedUntouched() {
    TestFaces.requireCascade();
    Mat scene = TestFrames.scene(320, 240, 120);
    FrameProcessor faces = ProcessingChain.parse("faces").build();
    assertSame(scene, faces.process(scene));
    assertEquals(List.of(), faces.detections());
  }

  @Test
  void withoutTheCascadeChoosingFacesIsOneLineSayingHowToInstallIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProcessingChain.parse("grayscale,faces", Resources.none()));
    assertEquals(FaceCascade.HOW_TO_INSTALL, e.getMessage());
    assertTrue(e.getMessage().contains("sudo apt-get install opencv-data"));
    assertTrue(e.getMessage().contains("FACE_CASCADE"));
    assertTrue(!ChainMenu.of(ProcessingChain.parse("grayscale", Resources.none())).entries().contains("faces"),
        "the menu does not offer it");
  }

  @Test
  void faceCascadeInSettingsIsUsedAndAMissingFileIsRefused() {
    TestFaces.requireCascade();
    Settings settings = Settings.fromMap(
        Map.of("PROCESSING", "faces(min=60)", "FACE_CASCADE", TestFaces.CASCADE.toString()));
    assertEquals(TestFaces.CASCADE, settings.processing().resources().faceCascade().orElseThrow());
    assertEquals(TestFaces.CASCADE.toString(), settings.asMap().get("FACE_CASCADE"));
    SettingsException e = assertThrows(SettingsException.class, () -> Settings.fromMap(
        Map.of("PROCESSING", "faces", "FACE_CASCADE", "/nowhere/cascade.xml")));
    assertEquals("FACE_CASCADE", e.key());
    assertEquals("Invalid setting FACE_CASCADE=\"/nowhere/cascade.xml\": expected the path of an"
        + " OpenCV face cascade such as haarcascade_frontalface_default.xml, or blank for the usual"
        + " places (no such file)", e.getMessage());
  }
}
