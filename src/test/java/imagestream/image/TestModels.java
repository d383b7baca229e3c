package imagestream.image;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The small ONNX models of the model tests, written by {@code src/test/python/make_test_models.py}
 * (Debian's {@code python3-onnx}) into {@code target/test-models} the first time a test asks,
 * nothing downloaded. Without Python's {@code onnx} the tests that need them are skipped with a
 * hint, except in CI ({@code CI} set), where they must run.
 */
public final class TestModels {

  /** The script that writes them. */
  public static final Path SCRIPT = Path.of("src", "test", "python", "make_test_models.py");

  private static final Path FOLDER = Path.of("target", "test-models");

  private static Path folder;

  private TestModels() {}

  /** A file of the folder, e.g. {@code yolo8.onnx} or {@code two.labels} (see the script). */
  public static Path file(String name) {
    return folder().resolve(name);
  }

  /** The folder holding every model, written first if need be. */
  public static synchronized Path folder() {
    if (folder == null) {
      folder = write();
    }
    return folder;
  }

  private static Path write() {
    Path marker = FOLDER.resolve("written");
    try {
      if (Files.exists(marker)
          && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(SCRIPT)) > 0) {
        return FOLDER.toAbsolutePath();
      }
      Files.createDirectories(FOLDER.getParent());
      Path temp = Files.createTempDirectory(FOLDER.getParent(), "test-models-");
      Process python = new ProcessBuilder(python(), SCRIPT.toString(), temp.toString())
          .redirectErrorStream(true).start();
      String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!python.waitFor(60, TimeUnit.SECONDS) || python.exitValue() != 0) {
        unavailable("the script " + SCRIPT + " failed: " + output.strip());
      }
      Files.writeString(temp.resolve("written"), "by " + SCRIPT + "\n");
      replace(temp, FOLDER);
      return FOLDER.toAbsolutePath();
    } catch (IOException e) {
      unavailable("python3 could not run: " + e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Debian's Python, where python3-onnx installs, when there is one; else python3 on the PATH. */
  private static String python() {
    return new File("/usr/bin/python3").canExecute() ? "/usr/bin/python3" : "python3";
  }

  private static void unavailable(String why) {
    String hint = "Model tests need Python's onnx (sudo apt-get install -y python3-onnx): " + why;
    if (System.getenv("CI") != null) {
      fail(hint);
    }
    Assumptions.abort(hint);
  }

  /** Moves a freshly written folder into place; another JVM may have done so meanwhile. */
  private static void replace(Path written, Path target) throws IOException {
    if (Files.exists(target)) {
      try (Stream<Path> old = Files.walk(target)) {
        for (Path p : old.sorted((a, b) -> b.compareTo(a)).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
  }
}
