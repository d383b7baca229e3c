package imagestream.image.processors;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where OpenCV's frontal-face Haar cascade is found: {@code FACE_CASCADE}, or where packages put it. */
public final class FaceCascade {

  /** The cascade's file name in every OpenCV distribution. */
  public static final String FILE_NAME = "haarcascade_frontalface_default.xml";

  /**
   * Where OpenCV's packages install it: Debian and Ubuntu ({@code opencv-data}) and Fedora, older
   * distributions, Homebrew on Apple silicon, Homebrew on Intel Macs (and builds from source),
   * and the Windows release unpacked to {@code C:\opencv} (or by Chocolatey).
   */
  public static final List<String> USUAL_PLACES = List.of(
      "/usr/share/opencv4/haarcascades/",
      "/usr/share/opencv/haarcascades/",
      "/opt/homebrew/share/opencv4/haarcascades/",
      "/usr/local/share/opencv4/haarcascades/",
      "C:\\opencv\\build\\etc\\haarcascades\\",
      "C:\\tools\\opencv\\build\\etc\\haarcascades\\");

  /** What to do without it, in one sentence. */
  public static final String HOW_TO_INSTALL =
      "faces needs OpenCV's face cascade (" + FILE_NAME + "), which was not found: install it"
          + " (Debian, Ubuntu: sudo apt-get install opencv-data; macOS: brew install opencv) or set"
          + " FACE_CASCADE in .env to its path";

  private FaceCascade() {}

  /** The first of the {@link #USUAL_PLACES} that holds the cascade. */
  static Optional<Path> find() {
    for (String place : USUAL_PLACES) {
      Optional<Path> file = readable(place + FILE_NAME);
      if (file.isPresent()) {
        return file;
      }
    }
    return Optional.empty();
  }

  /**
   * The file {@code FACE_CASCADE} names.
   *
   * @throws IllegalArgumentException if there is no such file
   */
  static Path configured(String setting) {
    return readable(setting).orElseThrow(() -> new IllegalArgumentException(
        "the path of an OpenCV face cascade such as " + FILE_NAME + ", or blank for the usual"
            + " places (no such file)"));
  }

  private static Optional<Path> readable(String name) {
    try {
      Path path = Path.of(name);
      return Files.isRegularFile(path) && Files.isReadable(path) ? Optional.of(path) : Optional.empty();
    } catch (InvalidPathException e) {
      return Optional.empty(); // a Windows path on Linux, or the reverse
    }
  }
}
