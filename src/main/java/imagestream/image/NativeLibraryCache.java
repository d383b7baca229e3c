package imagestream.image;

import imagestream.UserCache;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps one extracted copy of the OpenCV library bundled in {@code org.openpnp:opencv} in the
 * user's cache folder and loads it from there.
 *
 * <p>{@code nu.pattern.OpenCV.loadLocally()} writes the 30-65 MB library to a new temporary
 * folder on every start, which is most of the server's start-up time; a copy that is already
 * there loads in a fraction of it.
 */
final class NativeLibraryCache {

  private NativeLibraryCache() {}

  /**
   * Loads the cached copy, extracting it first if it is missing; false if that is not possible
   * here (an unknown platform, no writable cache folder, a copy that does not load), and then
   * nothing was loaded.
   */
  static boolean load() {
    Optional<String> resource =
        resourceFor(System.getProperty("os.name"), System.getProperty("os.arch"));
    URL url = resource.map(r -> NativeLibraryCache.class.getResource("/" + r)).orElse(null);
    if (url == null) {
      return false;
    }
    try {
      URLConnection connection = url.openConnection();
      long size = connection.getContentLengthLong();
      String name = Path.of(resource.get()).getFileName().toString();
      // The size names the copy: another version of the library never matches an old copy.
      Path file = UserCache.folder("natives").resolve(size + "-" + name);
      if (!Files.isRegularFile(file) || Files.size(file) != size) {
        extract(connection, file);
      }
      System.load(file.toString());
      return true;
    } catch (IOException | SecurityException | UnsatisfiedLinkError e) {
      return false;
    }
  }

  /**
   * Where {@code org.openpnp:opencv} keeps the library for this OS and architecture, as its own
   * loader looks it up, e.g. {@code nu/pattern/opencv/linux/x86_64/libopencv_java490.so}.
   */
  static Optional<String> resourceFor(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String arch = osArch.toLowerCase(Locale.ROOT);
    String folder;
    String file;
    if (os.startsWith("linux")) {
      folder = "linux";
      file = "libopencv_java490.so";
    } else if (os.startsWith("mac")) {
      folder = "osx";
      file = "libopencv_java490.dylib";
    } else if (os.startsWith("windows")) {
      folder = "windows";
      file = "opencv_java490.dll";
    } else {
      return Optional.empty();
    }
    String archFolder = switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "ARMv8";
      case "arm" -> "ARMv7";
      case "x86", "i386", "i686" -> "x86_32";
      default -> null;
    };
    return archFolder == null
        ? Optional.empty()
        : Optional.of("nu/pattern/opencv/" + folder + "/" + archFolder + "/" + file);
  }

  /** Writes the library whole or not at all, so a server starting meanwhile never loads half. */
  private static void extract(URLConnection connection, Path file) throws IOException {
    Path temp = Files.createTempFile(file.getParent(), ".extracting", ".tmp");
    try (InputStream in = connection.getInputStream()) {
      Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
