package imagestream.bench;

import imagestream.image.TestFrames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** The client frames a benchmark case sends: real photos when there are some, else synthetic. */
final class BenchFrames {

  /** JPEG quality of the frames, as the page sends them by default (0.6). */
  static final int CLIENT_QUALITY = 60;

  private static final int[] BRIGHTNESS = {60, 100, 140, 180};

  private BenchFrames() {}

  /** Where the frames of a run come from: {@code folder}, the default photos, or synthesis. */
  static String source(String folder) {
    if (!folder.isEmpty()) {
      return Path.of(folder).toAbsolutePath().normalize().toString();
    }
    return Files.isDirectory(FrameFolder.DEFAULT)
        ? FrameFolder.DEFAULT.toAbsolutePath().normalize().toString()
        : "synthesised (no " + FrameFolder.DEFAULT + ")";
  }

  /**
   * Frames of the case's input size from {@code folder}; with an empty {@code folder}, from
   * {@link FrameFolder#DEFAULT} if it exists, else synthesised.
   */
  static List<byte[]> load(String folder, SizeCase c) throws IOException {
    if (!folder.isEmpty()) {
      return FrameFolder.load(Path.of(folder), c.inWidth(), c.inHeight(), CLIENT_QUALITY);
    }
    if (Files.isDirectory(FrameFolder.DEFAULT)) {
      return FrameFolder.load(FrameFolder.DEFAULT, c.inWidth(), c.inHeight(), CLIENT_QUALITY);
    }
    List<byte[]> frames = new ArrayList<>();
    for (int brightness : BRIGHTNESS) {
      Mat scene = TestFrames.scene(c.inWidth(), c.inHeight(), brightness);
      try {
        frames.add(TestFrames.encode(scene, Imgcodecs.IMWRITE_JPEG_QUALITY, CLIENT_QUALITY));
      } finally {
        scene.release();
      }
    }
    return frames;
  }
}
