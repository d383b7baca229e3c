package imagestream.image;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One parameter a processor takes, declared once: its name, type, range and default. The same
 * declaration checks a value written in a chain (e.g. the {@code 9} of {@code blur(9)}), says
 * what is wrong with a bad one, and describes the parameter to the page's menu.
 *
 * @param name the name written in a chain, e.g. {@code sigma} in {@code blur(sigma=9)}
 * @param type what a value must look like
 * @param min the smallest number allowed (numbers only)
 * @param max the largest number allowed (numbers only)
 * @param multipleOf whole numbers must be a multiple of this (1: any)
 * @param defaultValue the value when none is given; null when there is none (see {@code required})
 * @param required whether a chain must give a value; an optional parameter without a default is
 *     worked out by the processor (e.g. from the frame size or the model)
 * @param help one short line for people: what it does, and what happens when it is not given
 */
public record Parameter(
    String name,
    Type type,
    double min,
    double max,
    int multipleOf,
    String defaultValue,
    boolean required,
    String help) {

  /** What a value must look like. */
  public enum Type {
    /** A whole number within the range. */
    INTEGER,
    /** A number within the range, e.g. {@code 0.25}. */
    NUMBER,
    /** One number, or three separated by spaces (one per colour: red, green, blue). */
    NUMBERS,
    /** A file that exists, absolute or relative to the folder the server runs in. */
    PATH
  }

  /** A whole number from {@code min} to {@code max}; {@code defaultValue} null: none. */
  public static Parameter integer(String name, int min, int max, Integer defaultValue, String help) {
    return new Parameter(name, Type.INTEGER, min, max, 1,
        defaultValue == null ? null : defaultValue.toString(), false, help);
  }

  /** A number from {@code min} to {@code max}; {@code defaultValue} null: none. */
  public static Parameter number(String name, double min, double max, Double defaultValue, String help) {
    return new Parameter(name, Type.NUMBER, min, max, 1,
        defaultValue == null ? null : plain(defaultValue), false, help);
  }

  /** One number or three (red, green, blue), each from {@code min} to {@code max}. */
  public static Parameter numbers(String name, double min, double max, String defaultValue, String help) {
    return new Parameter(name, Type.NUMBERS, min, max, 1, defaultValue, false, help);
  }

  /** A file; a chain must name it. */
  public static Parameter requiredPath(String name, String help) {
    return new Parameter(name, Type.PATH, 0, 0, 1, null, true, help);
  }

  /** A file a chain may name. */
  public static Parameter optionalPath(String name, String help) {
    return new Parameter(name, Type.PATH, 0, 0, 1, null, false, help);
  }

  /** The same whole-number parameter, whose values must also be multiples of {@code step}. */
  public Parameter multipleOf(int step) {
    return new Parameter(name, type, min, max, step, defaultValue, required, help);
  }

  /**
   * Checks a value as written in a chain and returns it in its normal form ({@code 09} becomes
   * {@code 9}, {@code 0.50} becomes {@code 0.5}), so equal settings compare equal.
   *
   * @throws IllegalArgumentException naming the parameter and saying what is allowed
   */
  public String check(String value) {
    String text = value.strip();
    return switch (type) {
      case INTEGER -> plain(wholeNumber(text));
      case NUMBER -> plain(inRange(text, text));
      case NUMBERS -> numbersOf(text);
      case PATH -> existingFile(text);
    };
  }

  /** What a value must be, for messages, e.g. {@code a number from 0 to 1}. */
  public String rule() {
    return switch (type) {
      case INTEGER -> "a whole number from " + plain(min) + " to " + plain(max)
          + (multipleOf > 1 ? ", a multiple of " + multipleOf : "");
      case NUMBER -> "a number from " + plain(min) + " to " + plain(max);
      case NUMBERS -> "one number, or three separated by spaces, each from " + plain(min) + " to "
          + plain(max);
      case PATH -> "the path of a file";
    };
  }

  /** The declaration as the page's menu gets it: name, type, range, default, help. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("type", type.name().toLowerCase(Locale.ROOT));
    if (type != Type.PATH) {
      m.put("min", min);
      m.put("max", max);
    }
    if (multipleOf > 1) {
      m.put("multipleOf", multipleOf);
    }
    m.put("default", defaultValue);
    m.put("required", required);
    m.put("help", help);
    return m;
  }

  private double wholeNumber(String text) {
    double n = inRange(text, text);
    if (n != Math.rint(n) || n % multipleOf != 0) {
      throw bad(text);
    }
    return n;
  }

  private double inRange(String text, String shown) {
    double n;
    try {
      n = new BigDecimal(text).doubleValue(); // no NaN, Infinity or hexadecimal: plain numbers only
    } catch (NumberFormatException e) {
      throw bad(shown);
    }
    if (n < min || n > max) {
      throw bad(shown);
    }
    return n;
  }

  private String numbersOf(String text) {
    String[] parts = text.split("\\s+");
    if (parts.length != 1 && parts.length != 3) {
      throw bad(text);
    }
    StringBuilder normal = new StringBuilder();
    for (String part : parts) {
      normal.append(normal.length() > 0 ? " " : "").append(plain(inRange(part, text)));
    }
    return normal.toString();
  }

  private String existingFile(String text) {
    try {
      if (!text.isEmpty() && Files.isRegularFile(Path.of(text)) && Files.isReadable(Path.of(text))) {
        return text;
      }
    } catch (InvalidPathException e) {
      // falls through: not a path this system can name
    }
    throw new IllegalArgumentException(name + " must be the path of a file that exists, not \""
        + text + "\" (relative paths start from " + Path.of("").toAbsolutePath() + ")");
  }

  private IllegalArgumentException bad(String text) {
    return new IllegalArgumentException(name + " must be " + rule() + ", not \"" + text + "\"");
  }

  /** A number as people write it: {@code 5}, not {@code 5.0}; {@code 0.25}, not {@code 2.5E-1}. */
  static String plain(double n) {
    if (n == Math.rint(n) && Math.abs(n) < 1e15) {
      return Long.toString((long) n);
    }
    return BigDecimal.valueOf(n).stripTrailingZeros().toPlainString();
  }
}
