package imagestream.image.processors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One checked step of a chain: a processor's name and the values given to its parameters, by
 * parameter name, in their normal form. It prints as a chain writes it, e.g.
 * {@code blur(sigma=9)} or {@code grayscale}.
 *
 * @param name a built-in's name (in lower case) or a class name
 * @param arguments the values given, by parameter name, in order
 */
public record Step(String name, Map<String, String> arguments) {

  /** Keeps the values in the order given. */
  public Step {
    arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
  }

  /** A step without values. */
  public static Step of(String name) {
    return new Step(name, Map.of());
  }

  @Override
  public String toString() {
    return format(name, arguments.entrySet().stream()
        .map(e -> new ChainSyntax.Value(e.getKey(), e.getValue())).toList());
  }

  /** A step as a chain writes it: {@code name}, or {@code name(a=1, 2)} with its values. */
  static String format(String name, List<ChainSyntax.Value> values) {
    if (values.isEmpty()) {
      return name;
    }
    return name + values.stream()
        .map(v -> (v.name() == null ? "" : v.name() + "=") + quoted(v.text()))
        .collect(Collectors.joining(", ", "(", ")"));
  }

  /** A value as a chain must write it: in double quotes if it holds a comma or a bracket. */
  private static String quoted(String value) {
    return value.matches(".*[,()].*") || !value.equals(value.strip()) ? "\"" + value + "\"" : value;
  }
}
