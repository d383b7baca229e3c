package imagestream.config;

import imagestream.image.processors.ProcessingChain;
import imagestream.image.processors.Resources;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How the text of one {@code .env} key is read and checked: a whole number in a range, a quality,
 * a host, one of a few words, a chain... One instance per kind of key, shared by the rows of
 * {@link Setting}.
 *
 * @param expected what is allowed, for the message refusing a value: "expected ..."
 * @param allowed what is allowed, in a few words, for the README's configuration table
 * @param reader reads a value; throws {@link IllegalArgumentException} if it is not allowed (its
 *     message, if any, replaces {@code expected}) or a {@link SettingsException} naming another key
 * @param text writes a value back as {@code .env} text, so that reading it again gives it back
 */
public record SettingType(
    String expected, String allowed, Reader reader, Function<Object, String> text) {

  /** Reads one value; other keys it depends on come from {@code settings}. */
  @FunctionalInterface
  public interface Reader {
    /**
     * @throws IllegalArgumentException if {@code text} is not allowed
     */
    Object read(String text, Settings.Lookup settings);
  }

  /** Reads {@code value} (stripped, never blank: a blank key takes its default first). */
  Object read(Setting key, String value, Settings.Lookup settings) {
    try {
      return reader.read(value, settings);
    } catch (IllegalArgumentException e) {
      String why = e.getMessage();
      throw new SettingsException(key.name(), value, why == null || why.isEmpty() ? expected : why);
    }
  }

  /** A whole number from {@code min} to {@code max}. */
  static SettingType wholeNumber(long min, long max) {
    return new SettingType("a whole number from " + min + " to " + max, min + "-" + max,
        number(Long::parseLong, n -> n >= min && n <= max), String::valueOf);
  }

  /** What {@code type} allows, or blank (read as empty text: e.g. "off"). */
  static SettingType optional(SettingType type) {
    return new SettingType(type.expected() + ", or blank", type.allowed() + ", or blank",
        (text, s) -> text.isEmpty() ? "" : type.reader().read(text, s), String::valueOf);
  }

  /** A JPEG quality from 0.0 to 1.0. */
  static SettingType quality() {
    return new SettingType("a number from 0.0 (lowest) to 1.0 (highest)", "0.0-1.0",
        number(Double::parseDouble, q -> q >= 0.0 && q <= 1.0), String::valueOf);
  }

  /** Reads a number with {@code parse}; refuses text that is not one, or out of {@code range}. */
  private static <N> Reader number(Function<String, N> parse, Predicate<N> range) {
    return (text, s) -> {
      try {
        N n = parse.apply(text);
        if (range.test(n)) {
          return n;
        }
      } catch (NumberFormatException e) {
        // refused below, saying what is allowed
      }
      throw new IllegalArgumentException();
    };
  }

  /** {@code true} or {@code false}, in any case. */
  static SettingType bool() {
    return new SettingType("true or false", "true, false", (text, s) -> {
      if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(text);
      }
      throw new IllegalArgumentException();
    }, String::valueOf);
  }

  /** One of {@code words}, in any case; read in lower case. */
  static SettingType oneOf(List<String> words) {
    return new SettingType("one of " + String.join(", ", words), String.join(", ", words), (text, s) -> {
      String lower = text.toLowerCase(Locale.ROOT);
      if (words.contains(lower)) {
        return lower;
      }
      throw new IllegalArgumentException();
    }, String::valueOf);
  }

  /**
   * How TLS is set up: {@code off}, {@code self-signed} or {@code files}; {@code files} needs
   * {@code TLS_CERT} and {@code TLS_KEY}, or {@code TLS_KEYSTORE}.
   */
  static SettingType tls() {
    SettingType words = oneOf(List.of("off", "self-signed", "files"));
    return new SettingType(words.expected(), words.allowed(), (text, s) -> {
      Object mode = words.reader().read(text, s);
      if (mode.equals("files")) {
        boolean pem = !s.text(Setting.TLS_CERT).isEmpty() && !s.text(Setting.TLS_KEY).isEmpty();
        boolean keystore = !s.text(Setting.TLS_KEYSTORE).isEmpty();
        if (pem == keystore) {
          throw new IllegalArgumentException(
              "files with either TLS_CERT and TLS_KEY, or TLS_KEYSTORE (one of the two)");
        }
      }
      return mode;
    }, String::valueOf);
  }

  /** A file of TLS material, read when a server starts with {@code TLS=files}; or blank. */
  static SettingType tlsFile() {
    return new SettingType("a file name, or blank", "a file", (text, s) -> text, String::valueOf);
  }

  private static final SettingType SECRET =
      new SettingType("any text", "any text", (text, s) -> text, String::valueOf);

  /** Any text that is a secret: see {@link Setting#secret()}. */
  static SettingType secretText() {
    return SECRET;
  }

  /** A host name or an IP address (no scheme, no port). */
  static SettingType host() {
    return new SettingType("a host name or IP address, e.g. localhost", "host name or IP", (text, s) -> {
      if (text.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
        return text;
      }
      throw new IllegalArgumentException();
    }, String::valueOf);
  }

  /**
   * A whole number from {@code min} to {@code max} that is at least the pixels of the page's own
   * frames, {@code CLIENT_WIDTH} x {@code CLIENT_HEIGHT}: else every frame the page sends would
   * be refused.
   */
  static SettingType pixels(long min, long max) {
    SettingType number = wholeNumber(min, max);
    return new SettingType(number.expected(), number.allowed(), (text, s) -> {
      long pixels = (long) number.reader().read(text, s);
      long clientPixels = (long) s.integer(Setting.CLIENT_WIDTH) * s.integer(Setting.CLIENT_HEIGHT);
      if (pixels < clientPixels) {
        throw new IllegalArgumentException(
            "at least CLIENT_WIDTH x CLIENT_HEIGHT = " + clientPixels + ", the page's own frames");
      }
      return pixels;
    }, String::valueOf);
  }

  /** A file a built-in reads (blank: looked for in the usual places). */
  static SettingType resources() {
    return new SettingType("a file that exists", "a file", (text, s) -> Resources.of(text),
        value -> ((Resources) value).faceCascadeSetting());
  }

  /** A processing chain, with the resources of {@code FACE_CASCADE}. */
  static SettingType chain() {
    return new SettingType(ProcessingChain.allowed(),
        "a chain, e.g. `grayscale,edges` or `blur(5),faces(min=60)`", (text, s) -> {
      Resources resources = (Resources) s.value(Setting.FACE_CASCADE);
      try {
        return ProcessingChain.parse(text, resources);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(ProcessingChain.allowed() + " (" + e.getMessage() + ")");
      }
    }, String::valueOf);
  }

  /**
   * Web origins, comma-separated, or {@code *}; blank: the page server's own, from {@code TLS},
   * {@code HOST} and {@code HTTP_PORT} (see {@link Limits#ownOrigins}).
   */
  static SettingType origins() {
    return new SettingType(Limits.ORIGINS_EXPECTED, "origins, comma-separated, or `*`",
        (text, s) -> Limits.origins(text, s.text(Setting.TLS).equals("off") ? "http" : "https",
            s.text(Setting.HOST), s.integer(Setting.HTTP_PORT), s.text(Setting.PUBLIC_URL)),
        value -> String.join(",", ((List<?>) value).stream().map(String::valueOf).toList()));
  }

  /** An http(s) origin such as {@code https://cam.example.org}, read normalized, or blank. */
  static SettingType origin() {
    return new SettingType(
        "an address such as https://cam.example.org (scheme://host[:port], no path), or blank",
        "`scheme://host[:port]`", (text, s) -> {
          if (text.isEmpty()) {
            return text;
          }
          String origin = Limits.normalizeOrigin(text);
          if (origin == null) {
            throw new IllegalArgumentException();
          }
          return origin;
        }, String::valueOf);
  }

  /** A path for a reverse proxy to forward, e.g. {@code /ws}, or blank. */
  static SettingType urlPath() {
    return new SettingType("a path such as /ws (letters, digits and . _ ~ - /), or blank",
        "a path, e.g. `/ws`", (text, s) -> {
          if (text.isEmpty() || text.matches("/[A-Za-z0-9._~/-]{0,200}")) {
            return text;
          }
          throw new IllegalArgumentException();
        }, String::valueOf);
  }

  /** IP addresses and ranges of trusted reverse proxies, or blank for none. */
  static SettingType proxies() {
    return new SettingType(
        "IP addresses or ranges such as 127.0.0.1 or 10.0.0.0/8, separated by commas, or blank"
            + " for none",
        "IP addresses and ranges, e.g. `127.0.0.1, 10.0.0.0/8`", (text, s) -> {
          try {
            return TrustedProxies.parse(text);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "IP addresses or ranges such as 127.0.0.1 or 10.0.0.0/8, separated by commas, or"
                    + " blank for none (" + e.getMessage() + ")");
          }
        }, String::valueOf);
  }
}
