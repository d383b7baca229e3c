package imagestream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages depend on each other one way only, as docs/ARCHITECTURE.md draws them: the frame
 * core ({@code stream}) knows no transport, {@code image} knows no settings or sockets, and no
 * server class uses the load tools ({@code bench}), which ship in the jar but run only when
 * started by name. Read from the sources' imports.
 */
class PackageDependenciesTest {

  /** What each package may import of the others ("" is {@code imagestream} itself). */
  private static final Map<String, Set<String>> ALLOWED = Map.of(
      "", Set.of("config"),
      "image", Set.of(""),
      "config", Set.of("", "image"),
      "stream", Set.of("", "config", "image"),
      "ws", Set.of("", "config", "image", "stream", "metrics"),
      "metrics", Set.of("", "config", "image", "stream"),
      "http", Set.of("", "config", "image"),
      "bench", Set.of("", "image"),
      "cluster", Set.of("config"),
      "examples", Set.of("image"));

  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?imagestream\\.(?:([a-z]+)\\.)?[A-Za-z]", Pattern.MULTILINE);

  @Test
  void packagesDependOnEachOtherOneWayOnly() {
    List<String> wrong = new ArrayList<>();
    for (Path file : sources()) {
      String from = topPackage(file);
      Matcher m = IMPORT.matcher(read(file));
      while (m.find()) {
        String to = m.group(1) == null ? "" : m.group(1);
        if (!to.equals(from) && !ALLOWED.getOrDefault(from, Set.of()).contains(to)) {
          wrong.add(file + " imports imagestream." + to);
        }
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void theFrameCoreKnowsNoTransport() {
    List<Path> users = sources().stream()
        .filter(f -> topPackage(f).equals("stream") && read(f).contains("org.java_websocket"))
        .toList();
    assertEquals(List.of(), users);
  }

  @Test
  void noServerClassUsesTheLoadTools() {
    List<Path> users = sources().stream()
        .filter(f -> !topPackage(f).equals("bench") && read(f).contains("imagestream.bench"))
        .toList();
    assertEquals(List.of(), users);
  }

  /** The package under {@code imagestream} a source file is in: "image" for image/dnn too. */
  private static String topPackage(Path file) {
    Path relative = Path.of("src", "main", "java", "imagestream").relativize(file);
    return relative.getNameCount() == 1 ? "" : relative.getName(0).toString();
  }

  private static List<Path> sources() {
    try (Stream<Path> files = Files.walk(Path.of("src", "main", "java", "imagestream"))) {
      return files.filter(f -> f.toString().endsWith(".java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
