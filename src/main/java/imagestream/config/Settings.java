package imagestream.config;

import imagestream.image.processors.ProcessingChain;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every setting of both servers, validated once: a {@code Settings} that exists is valid. Its
 * keys, types, defaults and rules are the rows of {@link Setting}.
 *
 * <p>Built from a plain map of {@code .env} keys so tests need no files; {@link SettingsLoader}
 * reads the real {@code .env}. Immutable.
 */
public final class Settings {

  private final Map<Setting, Object> values;
  private final Limits limits;

  private Settings(Map<Setting, Object> values) {
    this.values = values;
    this.limits = new Limits(
        whole(Setting.MAX_FRAME_PIXELS), integer(Setting.MAX_FRAME_BYTES),
        integer(Setting.MAX_CONNECTIONS), integer(Setting.MAX_CONNECTIONS_PER_ADDRESS),
        origins(values.get(Setting.ALLOWED_ORIGINS)), flag(Setting.ALLOW_NO_ORIGIN),
        (TrustedProxies) values.get(Setting.TRUSTED_PROXIES));
  }

  @SuppressWarnings("unchecked") // ALLOWED_ORIGINS reads a list of strings
  private static List<String> origins(Object value) {
    return (List<String>) value;
  }

  /**
   * Validates raw values, in table order; keys that are missing or blank take their defaults.
   *
   * @throws SettingsException naming the first bad key, its value and what is allowed
   */
  public static Settings fromMap(Map<String, String> raw) {
    Lookup lookup = new Lookup(raw);
    for (Setting key : Setting.values()) {
      lookup.value(key);
    }
    return new Settings(lookup.values);
  }

  /** The value of a whole-number key that fits an {@code int}, e.g. {@code SERVER_WIDTH}. */
  public int integer(Setting key) {
    return Math.toIntExact(whole(key));
  }

  /** The value of a whole-number key, e.g. {@code MAX_FRAME_PIXELS}. */
  public long whole(Setting key) {
    return (Long) values.get(key);
  }

  /** The value of a number key, e.g. {@code SERVER_JPG_COMPRESSION}. */
  public double number(Setting key) {
    return (Double) values.get(key);
  }

  /** The value of a {@code true}/{@code false} key. */
  public boolean flag(Setting key) {
    return (Boolean) values.get(key);
  }

  /** The value of {@code key} as {@code .env} text, normalized (e.g. {@code 0.6}, {@code auto}). */
  public String text(Setting key) {
    return key.type().text().apply(values.get(key));
  }

  /**
   * The processing chain applied to every frame, unless a page chooses another, with the
   * resources its built-ins use ({@code FACE_CASCADE}).
   */
  public ProcessingChain processing() {
    return (ProcessingChain) values.get(Setting.PROCESSING);
  }

  /** What the frame server accepts: frame sizes, connections, origins. */
  public Limits limits() {
    return limits;
  }

  /** The server's JPEG quality on the codecs' 0-100 scale. */
  public int serverJpgQuality100() {
    return (int) Math.round(number(Setting.SERVER_JPG_COMPRESSION) * 100);
  }

  /** The values as {@code .env} keys, in table order; {@link #fromMap} reads them back. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Setting key : Setting.values()) {
      m.put(key.name(), text(key));
    }
    return m;
  }

  /** The values {@code client.html}'s {@code ##KEY##} placeholders take, by key. */
  public Map<String, String> placeholders() {
    Map<String, String> m = new LinkedHashMap<>();
    for (Setting key : Setting.values()) {
      if (key.page().placeholder()) {
        m.put(key.name(), text(key));
      }
    }
    return m;
  }

  /**
   * The fields of the page's {@code config} message that come straight from a key, by field
   * name: numbers as numbers, anything else as its text.
   */
  public Map<String, Object> configFields() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Setting key : Setting.values()) {
      if (key.page().configField() != null) {
        Object value = values.get(key);
        m.put(key.page().configField(), value instanceof Number ? value : text(key));
      }
    }
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Settings other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values);
  }

  @Override
  public String toString() {
    Map<String, String> shown = asMap();
    shown.replaceAll((key, value) -> shownValue(Setting.valueOf(key), value));
    return "Settings" + shown;
  }

  /** A value as logs may show it: a {@linkplain Setting#secret() secret} as {@code (hidden)}. */
  public static String shownValue(Setting key, String value) {
    return key.secret() && !value.isEmpty() ? "(hidden)" : value;
  }

  /**
   * The values read so far while settings are built: a key read on demand, once, so that one
   * key's rule may depend on another's value (PROCESSING on FACE_CASCADE, ALLOWED_ORIGINS on
   * HOST and HTTP_PORT).
   */
  public static final class Lookup {
    private final Map<String, String> raw;
    private final Map<Setting, Object> values = new EnumMap<>(Setting.class);

    private Lookup(Map<String, String> raw) {
      this.raw = raw;
    }

    /** The value of {@code key}, read and checked now if it was not yet. */
    public Object value(Setting key) {
      Object value = values.get(key);
      if (value == null) {
        String text = raw.get(key.name());
        text = text == null || text.isBlank() ? key.defaultValue() : text.strip();
        value = key.type().read(key, text, this);
        values.put(key, value);
      }
      return value;
    }

    /** The value of a whole-number key that fits an {@code int}. */
    public int integer(Setting key) {
      return Math.toIntExact((Long) value(key));
    }

    /** The value of {@code key} as text. */
    public String text(Setting key) {
      return key.type().text().apply(value(key));
    }
  }
}
