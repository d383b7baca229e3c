package imagestream.ws;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small JSON text messages that travel beside the binary JPEG frames.
 *
 * <p>Frames stay plain JPEG both ways (the seed's wire format); control is JSON text with a
 * {@code type}: {@code hello} from a page that understands control messages, {@code error} for a
 * frame that was refused, {@code dropped} when a newer frame replaced a waiting one, and
 * {@code stats} (asked by a tool such as the load client, answered with the server's counters).
 */
final class ControlMessages {

  private ControlMessages() {}

  /** An error reply for a refused frame; the connection stays open. */
  static String error(String code, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "error");
    m.put("code", code);
    m.put("message", message);
    return write(m);
  }

  /** Tells a page that the server dropped one of its frames, with the connection's total. */
  static String dropped(long total) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "dropped");
    m.put("total", total);
    return write(m);
  }

  /** The server's frame counters since it started, the answer to a {@code stats} request. */
  static String stats(long processed, long dropped, long refused) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "stats");
    m.put("processed", processed);
    m.put("dropped", dropped);
    m.put("refused", refused);
    return write(m);
  }

  /** The {@code type} of a text message from a client, or null if it is not a JSON object. */
  static String typeOf(String text) {
    try {
      Object parsed = JSON.std.anyFrom(text);
      if (parsed instanceof Map<?, ?> map && map.get("type") instanceof String type) {
        return type;
      }
    } catch (IOException e) {
      // not JSON: the caller answers that it did not understand
    }
    return null;
  }

  private static String write(Map<String, Object> message) {
    try {
      return JSON.std.asString(message);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen for maps of strings and numbers
    }
  }
}
