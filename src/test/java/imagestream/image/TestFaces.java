package imagestream.image;

import static org.junit.jupiter.api.Assertions.fail;

import imagestream.image.processors.FaceCascade;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The face tests' data: the portrait in {@code ../shared/faces} (one face; its
 * {@code ATTRIBUTION} says where OpenCV's detector finds it) and OpenCV's face cascade. Without
 * either the tests are skipped with a hint, except in CI ({@code CI} set), where they must run.
 */
public final class TestFaces {

  /** The folder of the portraits. */
  public static final Path FOLDER = Path.of("..", "shared", "faces");

  /** The cascade in Debian's {@code opencv-data}, which CI installs. */
  public static final Path CASCADE =
      Path.of("/usr/share/opencv4/haarcascades", FaceCascade.FILE_NAME);

  private TestFaces() {}

  /** The portrait of {@code width} x {@code height} (640x480 or 320x240), as JPEG. */
  public static Path portrait(int width, int height) {
    Path file = FOLDER.resolve("astronaut_" + width + "x" + height + ".jpg");
    require(Files.isRegularFile(file), "Face tests need " + file
        + " (the shared test pictures beside the project)");
    return file;
  }

  /** Skips (or fails, in CI) unless OpenCV's face cascade is installed where Debian puts it. */
  public static void requireCascade() {
    require(Files.isRegularFile(CASCADE),
        "Face tests need OpenCV's face cascade: sudo apt-get install -y opencv-data");
  }

  private static void require(boolean present, String hint) {
    if (!present) {
      if (System.getenv("CI") != null) {
        fail(hint);
      }
      Assumptions.abort(hint);
    }
  }
}
