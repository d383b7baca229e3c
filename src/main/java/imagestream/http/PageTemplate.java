package imagestream.http;

import imagestream.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code client.html} with its {@code ##KEY##} placeholders filled from the settings.
 *
 * <p>The file is read on every request, so an edited page shows on the next reload.
 */
public final class PageTemplate {

  private static final Pattern PLACEHOLDER = Pattern.compile("##([A-Z0-9_]+)##");

  private final Path file;

  /** The template at {@code file}, usually {@code client.html} in the project root. */
  public PageTemplate(Path file) {
    this.file = file;
  }

  /** The template's location. */
  public Path file() {
    return file;
  }

  /** Reads the template and fills it for {@code settings}. */
  public String render(Settings settings) throws IOException {
    return fill(Files.readString(file, StandardCharsets.UTF_8), settings);
  }

  /**
   * Replaces every {@code ##KEY##} with its value; the page may use the keys the settings table
   * marks as placeholders ({@link Settings#placeholders()}).
   *
   * @throws IllegalArgumentException naming a placeholder that has no value, so that a typo in
   *     the page is found at once instead of reaching the browser
   */
  static String fill(String template, Settings settings) {
    Map<String, String> values = settings.placeholders();
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length());
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "client.html uses the placeholder " + m.group() + ", but only " + values.keySet()
                .stream().map(k -> "##" + k + "##").toList() + " have values");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
