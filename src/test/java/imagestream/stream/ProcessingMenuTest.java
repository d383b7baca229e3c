package imagestream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.image.processors.ProcessingChain;
import org.junit.jupiter.api.Test;

/**
 * What a page may choose: built-in names in any case, class names exactly as the server's chain
 * spells them, so no other name from a page is ever looked up as a class.
 */
class ProcessingMenuTest {

  private static final String USER_CLASS = lowercaseprocessor.class.getName();
  private final ProcessingMenu menu = ProcessingMenu.of(ProcessingChain.parse("grayscale," + USER_CLASS));

  @Test
  void builtInNamesMatchInAnyCase() {
    assertEquals(ProcessingChain.parse("grayscale,edges"), menu.choose("Grayscale, EDGES"));
  }

  @Test
  void classNamesMatchExactly() {
    assertEquals(ProcessingChain.parse(USER_CLASS), menu.choose(USER_CLASS));
    String shouted = USER_CLASS.toUpperCase(java.util.Locale.ROOT);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> menu.choose(shouted));
    assertTrue(e.getMessage().contains("\"" + shouted + "\" is not offered"), e.getMessage());
  }
}
