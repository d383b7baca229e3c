package imagestream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The table of settings keys is the one place a key is described: the shipped {@code .env} and
 * the README's configuration table say what it says, key by key, so neither can drift from the
 * code. (Markdown in the README is compared as text: backticks and link targets aside.)
 */
class SettingsTableTest {

  @Test
  void envFileCommentsEveryKeyAsTheTableDoes() throws IOException {
    List<String> lines = Files.readAllLines(Path.of(".env"));
    Map<String, String> comments = new LinkedHashMap<>();
    Map<String, String> values = new LinkedHashMap<>();
    List<String> above = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("#")) {
        above.add(line.substring(1).strip());
      } else if (line.contains("=")) {
        String key = line.substring(0, line.indexOf('='));
        comments.put(key, String.join(" ", above));
        values.put(key, line.substring(line.indexOf('=') + 1).replace("\"", ""));
        above.clear();
      } else {
        above.clear();
      }
    }
    assertEquals(Setting.names(), List.copyOf(comments.keySet()), "the keys of .env, in table order");
    for (Setting key : Setting.values()) {
      assertEquals(envComment(key), comments.get(key.name()), "the comment above " + key + " in .env");
      assertEquals(key.defaultValue(), values.get(key.name()), "the value of " + key + " in .env");
    }
  }

  @Test
  void readmeConfigurationTableSaysWhatTheTableSays() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("\n## Configuration\n");
    assertTrue(section >= 0, "the README has a section \"Configuration\"");
    List<List<String>> rows = new ArrayList<>();
    for (String line : readme.substring(section).split("\n")) {
      if (line.startsWith("| `")) {
        rows.add(cells(line));
      } else if (!rows.isEmpty() && !line.startsWith("|")) {
        break;
      }
    }
    assertEquals(Setting.names(), rows.stream().map(row -> row.get(0)).toList(),
        "the README's keys, in table order");
    for (int i = 0; i < rows.size(); i++) {
      Setting key = Setting.values()[i];
      List<String> row = rows.get(i);
      assertEquals(
          List.of(key.name(), key.defaultValue(), plain(key.type().allowed()),
              key.applies().name().toLowerCase(), key.help()),
          row, "the README's row for " + key);
    }
  }

  /** What {@code .env} says above a key: its help, what it allows, and when an edit applies. */
  private static String envComment(Setting key) {
    String restart = key.applies() == Setting.Applies.RESTART ? "; needs a restart" : "";
    return key.help() + " (" + plain(key.type().allowed()) + restart + ")";
  }

  /** A README table row's cells, as plain text. */
  private static List<String> cells(String row) {
    String inner = row.substring(1, row.lastIndexOf('|'));
    List<String> cells = new ArrayList<>();
    for (String cell : inner.split("(?<!\\\\)\\|")) {
      String text = plain(cell.strip().replace("\\|", "|"));
      cells.add(text.equals("*(blank)*") ? "" : text);
    }
    return cells;
  }

  /** Markdown as text: {@code [text](link)} is its text, backticks go. */
  private static String plain(String markdown) {
    return markdown.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "");
  }
}
