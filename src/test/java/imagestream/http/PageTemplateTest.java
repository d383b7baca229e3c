package imagestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PageTemplate: placeholders filled from the settings, typos refused. */
class PageTemplateTest {

  private static final Settings SETTINGS =
      Settings.fromMap(
          Map.of(
              "CLIENT_WIDTH", "320",
              "CLIENT_HEIGHT", "240",
              "CLIENT_JPG_COMPRESSION", "0.75",
              "WS_PORT", "7123"));

  @Test
  void fillReplacesEveryPlaceholder() {
    String page =
        PageTemplate.fill(
            "w=##CLIENT_WIDTH## h=##CLIENT_HEIGHT## q=##CLIENT_JPG_COMPRESSION##"
                + " port=##WS_PORT## again=##WS_PORT##",
            SETTINGS);
    assertEquals("w=320 h=240 q=0.75 port=7123 again=7123", page);
    assertFalse(page.contains("##"));
  }

  @Test
  void textWithoutPlaceholdersIsUnchanged() {
    String text = "<p>no placeholders here, $1 and \\ stay as they are</p>";
    assertEquals(text, PageTemplate.fill(text, SETTINGS));
  }

  @Test
  void unknownPlaceholderIsRefusedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PageTemplate.fill("port=##WS_PORT## host=##SECRET_KEY##", SETTINGS));
    assertTrue(e.getMessage().contains("##SECRET_KEY##"), e.getMessage());
  }

  @Test
  void renderReadsTheFileEachTime(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("page.html"), "a ##CLIENT_WIDTH##");
    PageTemplate template = new PageTemplate(file);
    assertEquals("a 320", template.render(SETTINGS));
    Files.writeString(file, "b ##CLIENT_HEIGHT##");
    assertEquals("b 240", template.render(SETTINGS));
  }

  @Test
  void shippedClientPageRendersCompletely() throws IOException {
    Path page = Path.of("client.html");
    assertTrue(Files.isRegularFile(page), "the project's client.html is missing");
    String html = new PageTemplate(page).render(SETTINGS);
    assertFalse(html.contains("##"), "a placeholder is left in client.html");
    assertTrue(html.contains("7123"), "client.html does not use ##WS_PORT##");
  }
}
