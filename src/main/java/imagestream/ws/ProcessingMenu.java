package imagestream.ws;

import imagestream.image.processors.ProcessingChain;
import imagestream.image.processors.Processors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a page may choose its processing from: the built-ins, and the user classes that the
 * server's own chain names. A page can never make the server load any other class.
 *
 * @param processors the names offered, built-ins first
 */
record ProcessingMenu(List<String> processors) {

  /** The menu for a server whose default chain is {@code defaultChain}. */
  static ProcessingMenu of(ProcessingChain defaultChain) {
    List<String> names = new ArrayList<>(Processors.builtInNames());
    defaultChain.classNames().stream().filter(name -> !names.contains(name)).forEach(names::add);
    return new ProcessingMenu(List.copyOf(names));
  }

  /**
   * The chain a page asked for in a {@code processing} message: null (or blank) follows the
   * server's default, else a comma-separated chain of offered names.
   *
   * @throws IllegalArgumentException saying what is wrong, and what is offered
   */
  ProcessingChain choose(Object requested) {
    if (requested == null || requested instanceof String text && text.isBlank()) {
      return null;
    }
    if (!(requested instanceof String text)) {
      throw new IllegalArgumentException("\"chain\" must be a string such as \"grayscale,edges\"");
    }
    String[] steps = text.split(",", -1);
    if (steps.length > ProcessingChain.MAX_STEPS) {
      throw new IllegalArgumentException("a chain has at most " + ProcessingChain.MAX_STEPS + " steps");
    }
    // Checked against the menu before parsing, so no name from a page is ever looked up as a class:
    // built-in names in any case, as in PROCESSING; class names exactly as the menu has them.
    for (String step : steps) {
      String name = step.strip();
      String lower = name.toLowerCase(Locale.ROOT);
      boolean builtIn = Processors.builtInNames().contains(lower);
      if (!processors.contains(name) && !(builtIn && processors.contains(lower))) {
        throw new IllegalArgumentException(
            "\"" + name + "\" is not offered; choose from " + String.join(", ", processors));
      }
    }
    return ProcessingChain.parse(text);
  }
}
