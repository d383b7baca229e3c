package imagestream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import imagestream.image.FrameException;
import imagestream.image.JpegHeader;
import imagestream.image.TestFrames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FrameFolder: photos of the size asked as they are, else the larger ones resized. */
class FrameFolderTest {

  @TempDir
  Path folder;

  @Test
  void photosOfTheSizeAskedAreUsedAsTheyAre() throws IOException {
    byte[] exact = TestFrames.sceneJpeg(64, 48, 100);
    Files.write(folder.resolve("b.jpg"), exact);
    Files.write(folder.resolve("a.JPEG"), TestFrames.sceneJpeg(64, 48, 50));
    Files.write(folder.resolve("c.jpg"), TestFrames.sceneJpeg(128, 96, 100));
    Files.writeString(folder.resolve("notes.txt"), "not a frame");
    List<byte[]> frames = FrameFolder.load(folder, 64, 48, 60);
    assertEquals(2, frames.size());
    assertEquals(exact.length, frames.get(1).length, "sorted by name: b.jpg second");
  }

  @Test
  void otherwiseTheLargerPhotosAreResized() throws IOException, FrameException {
    Files.write(folder.resolve("big.jpg"), TestFrames.sceneJpeg(128, 96, 100));
    Files.write(folder.resolve("bigger.jpg"), TestFrames.sceneJpeg(256, 192, 100));
    Files.write(folder.resolve("tiny.jpg"), TestFrames.sceneJpeg(16, 12, 100));
    Files.write(folder.resolve("fake.jpg"), new byte[] {1, 2, 3});
    List<byte[]> frames = FrameFolder.load(folder, 64, 48, 60);
    assertEquals(2, frames.size(), "the tiny photo is not enlarged while larger ones exist");
    for (byte[] frame : frames) {
      assertEquals(new JpegHeader(64, 48, 3), JpegHeader.parse(frame));
    }
  }

  @Test
  void aFolderWithoutJpegsIsAClearError() {
    IOException e = assertThrows(IOException.class, () -> FrameFolder.load(folder, 64, 48, 60));
    assertEquals("No JPEG file in " + folder, e.getMessage());
    IOException missing = assertThrows(IOException.class,
        () -> FrameFolder.load(folder.resolve("nope"), 64, 48, 60));
    assertEquals("No such folder: " + folder.resolve("nope"), missing.getMessage());
  }
}
