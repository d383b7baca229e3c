package imagestream.image.dnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.image.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The input shape ONNX files declare, read from the test models the script writes. */
class OnnxInputTest {

  @Test
  void readsFixedAndOpenDimensions() throws IOException {
    assertArrayEquals(new long[] {1, 3, 320, 320}, shape("yolo8.onnx"));
    assertArrayEquals(new long[] {1, 3, 64, 64}, shape("rgbmeans.onnx"));
    assertArrayEquals(new long[] {1, 3, OnnxInput.UNKNOWN, OnnxInput.UNKNOWN}, shape("sharpen3x3.onnx"),
        "height and width are named, not fixed");
  }

  @Test
  void skipsAWeightListedAmongTheInputs() throws IOException {
    // fixed3x3.onnx lists its weight [3, 1, 3, 3] first, as older exporters do.
    assertArrayEquals(new long[] {1, 3, 96, 128}, shape("fixed3x3.onnx"));
  }

  @Test
  void aFileThatIsNotAModelIsAnIoExceptionSayingSo() throws IOException {
    Path junk = Files.write(TestModels.folder().resolve("junk-input.onnx"), new byte[] {0x3a, 0x7f, 1, 2});
    IOException e = assertThrows(IOException.class, () -> OnnxInput.declaredShape(junk));
    assertTrue(e.getMessage().startsWith("not an ONNX model: "), e.getMessage());
    Path empty = Files.write(TestModels.folder().resolve("empty.onnx"), new byte[0]);
    assertEquals("not an ONNX model: it has no graph",
        assertThrows(IOException.class, () -> OnnxInput.declaredShape(empty)).getMessage());
  }

  private static long[] shape(String model) throws IOException {
    return OnnxInput.declaredShape(TestModels.file(model)).orElseThrow();
  }
}
