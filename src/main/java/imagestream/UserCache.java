package imagestream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user's cache folder for Image Stream: {@code $XDG_CACHE_HOME/image-stream}, else
 * {@code ~/.cache/image-stream}. What is kept there (the extracted OpenCV library, the
 * self-signed certificate) can be deleted at any time; the servers make it again.
 */
public final class UserCache {

  private UserCache() {}

  /** The sub-folder {@code name} of the cache folder, created if missing. */
  public static Path folder(String name) throws IOException {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank()
        ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".cache");
    return Files.createDirectories(base.resolve("image-stream").resolve(name));
  }
}
