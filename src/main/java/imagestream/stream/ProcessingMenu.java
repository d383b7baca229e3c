package imagestream.stream;

import imagestream.image.processors.ChainMenu;
import imagestream.image.processors.ProcessingChain;

/**
 * What a page may choose its processing from (see {@link ChainMenu}): the built-ins, with their
 * parameters, and the steps of the server's own chain that name a file or a class. A page can
 * never make the server load any other class or open any other file.
 *
 * @param menu the entries and parameters offered
 */
public record ProcessingMenu(ChainMenu menu) {

  /** The menu for a server whose default chain is {@code defaultChain}. */
  public static ProcessingMenu of(ProcessingChain defaultChain) {
    return new ProcessingMenu(ChainMenu.of(defaultChain));
  }

  /**
   * The chain a page asked for in a {@code processing} message: null (or blank) follows the
   * server's default, else a chain of offered entries, e.g. {@code "grayscale,blur(5)"}.
   *
   * @throws IllegalArgumentException saying what is wrong, and what is offered
   */
  public ProcessingChain choose(Object requested) {
    if (requested == null || requested instanceof String text && text.isBlank()) {
      return null;
    }
    if (!(requested instanceof String text)) {
      throw new IllegalArgumentException("\"chain\" must be a string such as \"grayscale,edges\"");
    }
    return menu.choose(text);
  }
}
