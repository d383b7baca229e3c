package imagestream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The load tools ship in the product jar but stay apart from it: no class of the servers uses
 * {@code imagestream.bench}, so they are only loaded when a user runs one of them by name.
 */
class LoadToolsApartTest {

  @Test
  void noServerClassUsesTheLoadTools() throws IOException {
    Path main = Path.of("src", "main", "java");
    Path bench = main.resolve(Path.of("imagestream", "bench"));
    try (Stream<Path> files = Files.walk(main)) {
      List<Path> users = files
          .filter(f -> f.toString().endsWith(".java") && !f.startsWith(bench))
          .filter(f -> read(f).contains("imagestream.bench"))
          .toList();
      assertEquals(List.of(), users);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + file, e);
    }
  }
}
