package imagestream.config;

import imagestream.image.processors.ProcessingChain;
import imagestream.image.processors.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of both servers, validated once: a {@code Settings} that exists is valid.
 *
 * <p>Built from a plain map of {@code .env} keys so tests need no files; {@link SettingsLoader}
 * reads the real {@code .env}.
 *
 * @param clientWidth width of the frames the page captures, in pixels
 * @param clientHeight height of the frames the page captures, in pixels
 * @param clientJpgQuality JPEG quality the page encodes with, 0.0 to 1.0
 * @param serverWidth width of the frames the server sends back, in pixels
 * @param serverHeight height of the frames the server sends back, in pixels
 * @param serverJpgQuality JPEG quality the server encodes with, 0.0 to 1.0
 * @param host the name or address both servers listen on
 * @param wsPort the WebSocket server's port (0: any free port)
 * @param httpPort the page server's port (0: any free port)
 * @param wsPath the path on the page's own origin where a reverse proxy forwards the WebSocket,
 *     e.g. {@code /ws}; blank: the page connects to {@code HOST:WS_PORT} itself
 * @param publicUrl the origin browsers open the page at when it is not the page server's own,
 *     e.g. {@code https://cam.example.org} behind a reverse proxy, normalized; blank if none
 * @param processing the processing chain applied to every frame, unless a page chooses another,
 *     with the resources its built-ins use ({@code FACE_CASCADE})
 * @param jpegCodec the JPEG codec: {@code auto}, {@code turbojpeg} or {@code opencv}
 * @param limits what the frame server accepts: frame sizes, connections, origins
 */
public record Settings(
    int clientWidth,
    int clientHeight,
    double clientJpgQuality,
    int serverWidth,
    int serverHeight,
    double serverJpgQuality,
    String host,
    int wsPort,
    int httpPort,
    String wsPath,
    String publicUrl,
    // Processing (issue 5)
    ProcessingChain processing,
    // The JPEG codec (issue 6)
    String jpegCodec,
    // Limits and origins (issue 4)
    Limits limits) {

  /** The keys this record is read from, in the order of the shipped {@code .env}. */
  public static final List<String> KEYS =
      concat(
          List.of(
              "CLIENT_WIDTH",
              "CLIENT_HEIGHT",
              "CLIENT_JPG_COMPRESSION",
              "SERVER_WIDTH",
              "SERVER_HEIGHT",
              "SERVER_JPG_COMPRESSION",
              "HOST",
              "WS_PORT",
              "HTTP_PORT",
              "WS_PATH",
              "PUBLIC_URL",
              "PROCESSING",
              "FACE_CASCADE",
              "JPEG_CODEC"),
          // Limits and origins (reliability and security), after the others.
          Limits.KEYS);

  /** The values {@code JPEG_CODEC} allows (see {@code imagestream.image.JpegCodecs}). */
  public static final List<String> JPEG_CODECS = List.of("auto", "turbojpeg", "opencv");

  /** Largest frame side accepted; far above any webcam, small enough to keep a frame in memory. */
  public static final int MAX_SIDE = 8192;

  /** The seed template's defaults and the {@link Limits#DEFAULTS}, for any key left out. */
  public static final Map<String, String> DEFAULTS =
      concat(
          Map.ofEntries(
              Map.entry("CLIENT_WIDTH", "40"),
              Map.entry("CLIENT_HEIGHT", "30"),
              Map.entry("CLIENT_JPG_COMPRESSION", "0.6"),
              Map.entry("SERVER_WIDTH", "40"),
              Map.entry("SERVER_HEIGHT", "30"),
              Map.entry("SERVER_JPG_COMPRESSION", "0.6"),
              Map.entry("HOST", "localhost"),
              Map.entry("WS_PORT", "6969"),
              Map.entry("HTTP_PORT", "8080"),
              Map.entry("WS_PATH", ""),
              Map.entry("PUBLIC_URL", ""),
              Map.entry("PROCESSING", "grayscale"),
              Map.entry("FACE_CASCADE", ""),
              Map.entry("JPEG_CODEC", "auto")),
          Limits.DEFAULTS);

  /**
   * Validates raw values; keys that are missing or blank take their {@link #DEFAULTS}.
   *
   * @throws SettingsException naming the first bad key, its value and what is allowed
   */
  public static Settings fromMap(Map<String, String> raw) {
    Values v = new Values(raw);
    int clientWidth = v.integer("CLIENT_WIDTH", 1, MAX_SIDE);
    int clientHeight = v.integer("CLIENT_HEIGHT", 1, MAX_SIDE);
    double clientJpgQuality = v.quality("CLIENT_JPG_COMPRESSION");
    int serverWidth = v.integer("SERVER_WIDTH", 1, MAX_SIDE);
    int serverHeight = v.integer("SERVER_HEIGHT", 1, MAX_SIDE);
    double serverJpgQuality = v.quality("SERVER_JPG_COMPRESSION");
    String host = v.host("HOST");
    int wsPort = v.integer("WS_PORT", 0, 65535);
    int httpPort = v.integer("HTTP_PORT", 0, 65535);
    String wsPath = v.path("WS_PATH");
    String publicUrl = v.origin("PUBLIC_URL");
    Limits limits = Limits.fromValues(v, host, httpPort, publicUrl);
    long clientPixels = (long) clientWidth * clientHeight;
    if (limits.maxFramePixels() < clientPixels) {
      // The page's own frames would all be refused.
      throw new SettingsException(
          "MAX_FRAME_PIXELS", v.get("MAX_FRAME_PIXELS"),
          "at least CLIENT_WIDTH x CLIENT_HEIGHT = " + clientPixels + ", the page's own frames");
    }
    return new Settings(
        clientWidth, clientHeight, clientJpgQuality, serverWidth, serverHeight, serverJpgQuality,
        host, wsPort, httpPort, wsPath, publicUrl, v.processing("PROCESSING"),
        v.oneOf("JPEG_CODEC", JPEG_CODECS), limits);
  }

  /** The settings with another WebSocket port, e.g. the one actually bound when 0 was asked. */
  public Settings withWsPort(int port) {
    return new Settings(
        clientWidth, clientHeight, clientJpgQuality, serverWidth, serverHeight, serverJpgQuality,
        host, port, httpPort, wsPath, publicUrl, processing, jpegCodec, limits);
  }

  /** The server's JPEG quality on OpenCV's 0-100 scale. */
  public int serverJpgQuality100() {
    return (int) Math.round(serverJpgQuality * 100);
  }

  /** The values as {@code .env} keys, e.g. for filling the page's placeholders. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("CLIENT_WIDTH", Integer.toString(clientWidth));
    m.put("CLIENT_HEIGHT", Integer.toString(clientHeight));
    m.put("CLIENT_JPG_COMPRESSION", Double.toString(clientJpgQuality));
    m.put("SERVER_WIDTH", Integer.toString(serverWidth));
    m.put("SERVER_HEIGHT", Integer.toString(serverHeight));
    m.put("SERVER_JPG_COMPRESSION", Double.toString(serverJpgQuality));
    m.put("HOST", host);
    m.put("WS_PORT", Integer.toString(wsPort));
    m.put("HTTP_PORT", Integer.toString(httpPort));
    m.put("WS_PATH", wsPath);
    m.put("PUBLIC_URL", publicUrl);
    m.put("PROCESSING", processing.toString());
    m.put("FACE_CASCADE", processing.resources().faceCascadeSetting());
    m.put("JPEG_CODEC", jpegCodec);
    m.putAll(limits.asMap());
    return m;
  }

  /** Reads one raw value at a time and says precisely what is wrong with it. */
  record Values(Map<String, String> raw) {

    String get(String key) {
      String value = raw.get(key);
      return value == null || value.isBlank() ? DEFAULTS.get(key) : value.strip();
    }

    int integer(String key, int min, int max) {
      return (int) longInteger(key, min, max);
    }

    long longInteger(String key, long min, long max) {
      String value = get(key);
      try {
        long n = Long.parseLong(value);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // falls through to the message below, which says what is allowed
      }
      throw new SettingsException(key, value, "a whole number from " + min + " to " + max);
    }

    boolean bool(String key) {
      String value = get(key);
      if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(value);
      }
      throw new SettingsException(key, value, "true or false");
    }

    double quality(String key) {
      String value = get(key);
      try {
        double q = Double.parseDouble(value);
        if (q >= 0.0 && q <= 1.0) {
          return q;
        }
      } catch (NumberFormatException e) {
        // falls through to the message below, which says what is allowed
      }
      throw new SettingsException(key, value, "a number from 0.0 (lowest) to 1.0 (highest)");
    }

    String oneOf(String key, List<String> allowed) {
      String value = get(key);
      String lower = value.toLowerCase(Locale.ROOT);
      if (allowed.contains(lower)) {
        return lower;
      }
      throw new SettingsException(key, value, "one of " + String.join(", ", allowed));
    }

    String host(String key) {
      String value = get(key);
      if (value.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
        return value;
      }
      throw new SettingsException(key, value, "a host name or IP address, e.g. localhost");
    }

    /** A path for a reverse proxy to forward, e.g. {@code /ws}, or blank. */
    String path(String key) {
      String value = get(key);
      if (value.isEmpty() || value.matches("/[A-Za-z0-9._~/-]{0,200}")) {
        return value;
      }
      throw new SettingsException(
          key, value, "a path such as /ws (letters, digits and . _ ~ - /), or blank");
    }

    /** An http(s) origin such as {@code https://cam.example.org}, normalized, or blank. */
    String origin(String key) {
      String value = get(key);
      if (value.isEmpty()) {
        return value;
      }
      String origin = Limits.normalizeOrigin(value);
      if (origin == null) {
        throw new SettingsException(
            key, value, "an address such as https://cam.example.org (scheme://host[:port], no path),"
                + " or blank");
      }
      return origin;
    }

    /** The chain of {@code key}, with the face cascade of {@code FACE_CASCADE}. */
    ProcessingChain processing(String key) {
      String cascade = get("FACE_CASCADE");
      Resources resources;
      try {
        resources = Resources.of(cascade);
      } catch (IllegalArgumentException e) {
        throw new SettingsException("FACE_CASCADE", cascade, e.getMessage());
      }
      String value = get(key);
      try {
        return ProcessingChain.parse(value, resources);
      } catch (IllegalArgumentException e) {
        throw new SettingsException(key, value, ProcessingChain.allowed() + " (" + e.getMessage() + ")");
      }
    }
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }

  private static <K, V> Map<K, V> concat(Map<K, V> first, Map<K, V> second) {
    Map<K, V> all = new HashMap<>(first);
    all.putAll(second);
    return Map.copyOf(all);
  }
}
