package imagestream.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values a chain gives one processor, e.g. {@code sigma=9} in {@code blur(sigma=9)}: what a
 * processor's constructor reads its parameters from. Each value is checked against the
 * {@link Parameter} that asks for it, and a parameter that was not given gets its default.
 *
 * <p>Your own processor takes them the same way: a public constructor with one
 * {@code Arguments} argument, reading e.g. {@code arguments.integer(BLOCK)}; a chain then writes
 * {@code imagestream.examples.Pixelate(block=16)}. A value the constructor never asks for is an
 * error, so a misspelt name cannot go unnoticed.
 */
public final class Arguments {

  private final String owner;
  private final Map<String, String> given;
  private final Set<String> asked = new LinkedHashSet<>();

  private Arguments(String owner, Map<String, String> given) {
    this.owner = owner;
    this.given = Map.copyOf(given);
  }

  /**
   * The values given to {@code owner} (a built-in's name or a class name, for messages), by
   * parameter name, as written in the chain.
   */
  public static Arguments of(String owner, Map<String, String> given) {
    return new Arguments(owner, new LinkedHashMap<>(given));
  }

  /** No values: every parameter takes its default. */
  public static Arguments none(String owner) {
    return of(owner, Map.of());
  }

  /** Whether the chain gave {@code parameter} a value. */
  public boolean has(Parameter parameter) {
    asked.add(parameter.name());
    return given.containsKey(parameter.name());
  }

  /**
   * A whole number.
   *
   * @throws IllegalArgumentException if the value is not allowed, or missing without a default
   */
  public int integer(Parameter parameter) {
    return Integer.parseInt(value(parameter));
  }

  /** A number; see {@link #integer}. */
  public double number(Parameter parameter) {
    return Double.parseDouble(value(parameter));
  }

  /** Three numbers (red, green, blue); one number given stands for all three. */
  public double[] numbers(Parameter parameter) {
    String[] parts = value(parameter).split(" ");
    double[] rgb = new double[3];
    for (int i = 0; i < 3; i++) {
      rgb[i] = Double.parseDouble(parts[parts.length == 3 ? i : 0]);
    }
    return rgb;
  }

  /** A file that exists; see {@link #integer}. */
  public Path path(Parameter parameter) {
    return Path.of(value(parameter));
  }

  /** The names given that no constructor asked for: misspelt or unknown parameters. */
  public List<String> unasked() {
    List<String> names = new ArrayList<>(given.keySet());
    names.removeAll(asked);
    return names;
  }

  /** The names that were asked for, in order, for messages. */
  public List<String> asked() {
    return List.copyOf(asked);
  }

  private String value(Parameter parameter) {
    asked.add(parameter.name());
    String text = given.get(parameter.name());
    if (text == null) {
      if (parameter.defaultValue() == null) {
        throw new IllegalArgumentException(owner + " needs " + parameter.name() + "=...: "
            + parameter.rule());
      }
      return parameter.defaultValue();
    }
    try {
      return parameter.check(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(owner + ": " + e.getMessage());
    }
  }
}
