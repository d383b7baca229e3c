package imagestream.image.processors;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a chain as written, e.g. {@code grayscale, blur(9), detect(model=m.onnx, conf=0.4)},
 * into its steps and their values, without looking anything up: what the names and values mean
 * is {@link Processors}' business.
 *
 * <p>Steps are separated by commas; a step's values follow its name in brackets, separated by
 * commas, each either a plain value (given in the order the processor declares its parameters)
 * or {@code name=value}. A value holding a comma or a bracket (a path, say) is written in double
 * quotes.
 */
final class ChainSyntax {

  /** One value as written: its name (null when given by position) and its text. */
  record Value(String name, String text) {}

  /** One step as written: its name and its values in order. */
  record Written(String name, List<Value> values) {}

  private final String text;
  private int at;

  private ChainSyntax(String text) {
    this.text = text;
  }

  /**
   * The steps of {@code text}, in order.
   *
   * @throws IllegalArgumentException saying what is wrong, e.g. {@code an empty step}
   */
  static List<Written> split(String text) {
    return new ChainSyntax(text).steps();
  }

  private List<Written> steps() {
    List<Written> steps = new ArrayList<>();
    do {
      steps.add(step());
    } while (take(','));
    return steps;
  }

  private Written step() {
    String name = until(",(").strip();
    if (name.isEmpty()) {
      throw new IllegalArgumentException(at < text.length() && text.charAt(at) == '('
          ? "a bracket without a processor name before it" : "an empty step");
    }
    if (name.contains(")") || name.contains("\"")) {
      throw new IllegalArgumentException("unexpected " + (name.contains(")") ? "\")\"" : "quote")
          + " in \"" + name + "\"");
    }
    List<Value> values = new ArrayList<>();
    if (take('(')) {
      if (text.indexOf(')', at) < 0) {
        throw new IllegalArgumentException("\"" + name + "(\" is not closed with \")\"");
      }
      if (!peekBlankThen(')')) {
        do {
          values.add(value(name));
        } while (take(','));
      }
      if (!take(')')) {
        throw new IllegalArgumentException("\"" + name + "(\" is not closed with \")\"");
      }
      if (!until(",").isBlank()) {
        throw new IllegalArgumentException("unexpected text after \"" + name + "(...)\"");
      }
    }
    return new Written(name, List.copyOf(values));
  }

  private Value value(String step) {
    String name = null;
    int start = at;
    String head = until(",)=\"");
    if (take('=')) {
      name = head.strip();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a value without a name before \"=\" in " + step);
      }
    } else {
      at = start;
    }
    String value;
    skipBlanks();
    if (take('"')) {
      int close = text.indexOf('"', at);
      if (close < 0) {
        throw new IllegalArgumentException("a quote that is not closed in " + step);
      }
      value = text.substring(at, close);
      at = close + 1;
      if (!until(",)").isBlank()) {
        throw new IllegalArgumentException("unexpected text after a quoted value in " + step);
      }
    } else {
      value = until(",)(\"").strip();
      if (at < text.length() && (text.charAt(at) == '(' || text.charAt(at) == '"')) {
        throw new IllegalArgumentException("unexpected \"" + text.charAt(at) + "\" in the values of "
            + step + " (write a value holding it in double quotes)");
      }
      if (value.isEmpty()) {
        throw new IllegalArgumentException("an empty value in " + step + "(...)");
      }
    }
    return new Value(name, value);
  }

  /** The text up to the next of {@code stops} (or the end), which is left to read. */
  private String until(String stops) {
    int start = at;
    while (at < text.length() && stops.indexOf(text.charAt(at)) < 0) {
      at++;
    }
    return text.substring(start, at);
  }

  private boolean take(char c) {
    skipBlanks();
    if (at < text.length() && text.charAt(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private boolean peekBlankThen(char c) {
    skipBlanks();
    return at < text.length() && text.charAt(at) == c;
  }

  private void skipBlanks() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }
}
