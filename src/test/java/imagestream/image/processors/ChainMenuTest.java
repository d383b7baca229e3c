package imagestream.image.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.image.TestModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a client may choose: built-ins with any allowed values, and files and classes only as
 * the server's own chain names them.
 */
class ChainMenuTest {

  private static final String PIXELATE = "imagestream.examples.Pixelate(block=16)";

  @Test
  void offersTheBuiltInsThatNeedNoFileAndTheServersFilesAndClasses() {
    String model = TestModels.file("yolo8.onnx").toString();
    ChainMenu menu = ChainMenu.of(ProcessingChain.parse(
        "grayscale,detect(model=" + model + ", conf=0.5)," + PIXELATE, Resources.none()));
    List<String> expected = new ArrayList<>(List.of("none", "grayscale", "edges", "blur", "sharpen",
        "threshold", "invert", "cartoon", "qrcodes", "people"));
    expected.add("detect(model=" + model + ", conf=0.5)");
    expected.add(PIXELATE);
    assertEquals(expected, menu.entries(), "no faces without a cascade; detect only as the server has it");
    assertEquals(Processors.parameters("detect"), menu.parameters().get("detect"));
    assertEquals(List.of(Blur.SIGMA), menu.parameters().get("blur"));
    assertFalse(menu.parameters().containsKey("classify"));
  }

  @Test
  void aClientTunesValuesButNeverNamesAnotherFileOrClass() throws Exception {
    String model = TestModels.file("yolo8.onnx").toString();
    String other = TestModels.file("yolo5.onnx").toString();
    ChainMenu menu = ChainMenu.of(ProcessingChain.parse(
        "detect(model=" + model + ", labels=" + TestModels.file("two.labels") + ")," + PIXELATE));

    assertEquals("grayscale,blur(sigma=5)", menu.choose("Grayscale, blur(5)").toString());
    assertEquals("detect(model=" + model + ", conf=0.6)",
        menu.choose("detect(model=" + model + ", conf=0.6)").toString(), "without the labels: allowed");
    assertEquals(PIXELATE, menu.choose(PIXELATE).toString());

    refused(menu, "detect(model=" + other + ")", "detect: model must be a file the server's PROCESSING names");
    refused(menu, "detect(model=" + model + ", labels=" + TestModels.file("rgb.labels") + ")",
        "detect: labels must be a file the server's PROCESSING names");
    refused(menu, "classify(model=" + model + ")", "\"classify(model=" + model + ")\" is not offered");
    refused(menu, "imagestream.examples.Pixelate", "\"imagestream.examples.Pixelate\" is not offered");
    refused(menu, "imagestream.examples.Pixelate(block=8)", "\"imagestream.examples.Pixelate(block=8)\" is not offered");
    refused(menu, "IMAGESTREAM.examples.Pixelate(block=16)", "\"IMAGESTREAM.examples.Pixelate(block=16)\" is not offered");
    refused(menu, "java.lang.Runtime", "\"java.lang.Runtime\" is not offered");
    refused(menu, "blur(99)", "blur: sigma must be a number from 0.3 to 50, not \"99\"");
    refused(menu, "blur(", "\"blur(\" is not closed with \")\"");
    refused(menu, "blur,blur,blur,blur,blur,blur,blur,blur,blur", "a chain has at most 8 steps");
  }

  @Test
  void facesIsOfferedWhereTheCascadeIs() {
    Resources found = Resources.of(imagestream.image.TestFaces.CASCADE.toString());
    assertTrue(ChainMenu.of(ProcessingChain.parse("grayscale", found)).entries().contains("faces"));
    ChainMenu without = ChainMenu.of(ProcessingChain.parse("grayscale", Resources.none()));
    refused(without, "faces", "\"faces\" is not offered");
  }

  private static void refused(ChainMenu menu, String chain, String why) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> menu.choose(chain));
    assertTrue(e.getMessage().startsWith(why), "for " + chain + ": " + e.getMessage());
  }
}
