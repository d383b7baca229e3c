package imagestream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.image.FrameException;
import imagestream.image.JpegHeader;
import imagestream.image.TestFrames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FrameSource: the tools' frames come from the user's folder, or are made without one. */
class FrameSourceTest {

  @TempDir
  Path dir;

  @Test
  void withoutAFolderTheFramesAreMadeInCode() throws IOException, FrameException {
    FrameSource source = FrameSource.of("");
    List<byte[]> frames = source.frames(320, 240);
    assertEquals(SyntheticFrames.COUNT, frames.size());
    for (int i = 0; i < frames.size(); i++) {
      assertEquals(new JpegHeader(320, 240, 3), JpegHeader.parse(frames.get(i)));
      // As detailed as a webcam's picture, not a flat gradient that codes in a few bytes.
      assertTrue(frames.get(i).length > 8_000, "frame " + i + ": " + frames.get(i).length + " bytes");
      for (int j = 0; j < i; j++) {
        assertTrue(!Arrays.equals(frames.get(i), frames.get(j)), "frames " + j + " and " + i);
      }
    }
    assertEquals("frames made in code (no --frames DIR given)", source.toString());
    assertEquals(source.toString(), FrameSource.of((Path) null).toString());
  }

  @Test
  void aFolderGivenIsWhereTheFramesComeFrom() throws IOException {
    byte[] photo = TestFrames.sceneJpeg(64, 48, 100);
    Files.write(dir.resolve("photo.jpg"), photo);
    FrameSource source = FrameSource.of(dir.toString());
    assertEquals(List.of(Arrays.toString(photo)),
        source.frames(64, 48).stream().map(Arrays::toString).toList());
    assertEquals(dir.toAbsolutePath().normalize().toString(), source.toString());
  }

  @Test
  void aFolderThatIsNotThereIsOneLineNamingIt() {
    Path missing = dir.resolve("photos");
    IOException e = assertThrows(IOException.class, () -> FrameSource.of(missing).frames(64, 48));
    assertEquals("No such folder: " + missing.toAbsolutePath().normalize(), e.getMessage());
  }
}
