package imagestream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the README and docs/ leads somewhere: the file exists, and the section
 * it names (#anchor, as GitHub makes them from headings) is in it.
 */
class DocsLinksTest {

  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$", Pattern.MULTILINE);

  @Test
  void everyRelativeLinkLeadsToAFileAndSectionThatExist() {
    List<String> broken = new ArrayList<>();
    for (Path doc : documents()) {
      Matcher m = LINK.matcher(withoutCodeBlocks(read(doc)));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("[a-z]+:.*")) {
          continue; // https:, mailto: ...
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path linked = file.isEmpty() ? doc : doc.resolveSibling(file).normalize();
        if (!Files.exists(linked)) {
          broken.add(doc + ": " + target + " (no such file)");
        } else if (hash >= 0 && !anchors(linked).contains(target.substring(hash + 1))) {
          broken.add(doc + ": " + target + " (no such section)");
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  /** The README and every Markdown file in docs/. */
  private static List<Path> documents() {
    List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> files = Files.list(Path.of("docs"))) {
      files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /** The anchors GitHub makes from a Markdown file's headings. */
  private static Set<String> anchors(Path file) {
    if (!file.toString().endsWith(".md")) {
      return Set.of();
    }
    Matcher m = HEADING.matcher(withoutCodeBlocks(read(file)));
    return m.results().map(r -> slug(r.group(1))).collect(Collectors.toSet());
  }

  /** A heading as GitHub's anchor: lower case, punctuation gone, spaces as hyphens. */
  static String slug(String heading) {
    String text = heading.strip().replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
    return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }

  /** The text without fenced code blocks, whose lines are neither headings nor links. */
  private static String withoutCodeBlocks(String markdown) {
    return markdown.replaceAll("(?ms)^```.*?^```", "");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
