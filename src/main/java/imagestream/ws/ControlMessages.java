package imagestream.ws;

import com.fasterxml.jackson.jr.ob.JSON;
import imagestream.image.Detection;
import imagestream.image.StageTimes.Stage;
import imagestream.image.Parameter;
import imagestream.image.processors.ProcessingChain;
import imagestream.stream.FrameStats;
import imagestream.stream.InForce;
import imagestream.stream.Timing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small JSON text messages that travel beside the binary JPEG frames.
 *
 * <p>Frames stay plain JPEG both ways (the original page's wire format); control is JSON text with a
 * {@code type}: {@code hello} from a page that understands control messages, {@code error} for a
 * frame that was refused, {@code dropped} when a newer frame replaced a waiting one;
 * {@code config} tells a page its settings and processing, and {@code processing} from a page
 * chooses its own chain; {@code detections} follows a frame's reply with what its processing
 * found; {@code timing} tells a page that said hello, about once a second, where its frames spent
 * their time in the server; {@code stats} (asked by a tool such as the load client) is answered
 * with the server's counters. docs/PROTOCOL.md describes each.
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

  /**
   * The server's frame counters since it started and the connections open now (the asking one
   * included), the answer to a {@code stats} request.
   */
  static String stats(FrameStats.Snapshot counters) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "stats");
    m.put("processed", counters.framesProcessed());
    m.put("dropped", counters.framesDropped());
    m.put("refused", counters.framesRefusedInAll());
    m.put("connections", counters.connectionsOpen());
    return write(m);
  }

  /**
   * Where a page's frames spent their time in the server over about the last second: the medians
   * in milliseconds of each stage its frames went through ({@code decode}, {@code process},
   * {@code encode}, or {@code transcode} for a gray frame made without decoding) and of the
   * server's whole time ({@code server}, receipt to reply), and the frames answered and dropped
   * in that time.
   */
  static String timing(Timing timing) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "timing");
    m.put("frames", timing.frames());
    m.put("dropped", timing.dropped());
    for (Stage stage : Stage.values()) {
      Long nanos = timing.stageNanos().get(stage);
      if (nanos != null) {
        m.put(stage.label(), millis(nanos));
      }
    }
    m.put("server", millis(timing.serverNanos()));
    return write(m);
  }

  /** Nanoseconds as milliseconds to the microsecond. */
  private static double millis(long nanos) {
    return Math.round(nanos / 1e3) / 1e3;
  }

  /**
   * What a page needs to know, sent after its {@code hello} and whenever it changes: the settings
   * the table sends to the page (the CLIENT_* values to capture with, the output size, the default
   * chain), the chain its frames go through and whether the page chose it (else it is the
   * default), and the processors it may choose from with the parameters of each built-in among
   * them.
   */
  static String config(InForce now, ProcessingChain chain, boolean chosen) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "config");
    m.putAll(now.settings().configFields());
    m.put("processing", chain.toString());
    m.put("chosen", chosen);
    m.put("processors", now.menu().menu().entries());
    Map<String, Object> parameters = new LinkedHashMap<>();
    now.menu().menu().parameters().forEach(
        (name, declared) -> parameters.put(name, declared.stream().map(Parameter::describe).toList()));
    m.put("parameters", parameters);
    return write(m);
  }

  /**
   * What the processing of a frame found, sent right after its reply: a label, a score from 0 to
   * 1 when the detector gives one, a box {@code [x, y, width, height]} in the reply's pixels, and
   * what a QR code says.
   */
  static String detections(List<Detection> found) {
    List<Map<String, Object>> items = found.stream().map(d -> {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("label", d.label());
      if (d.score() != null) {
        item.put("score", Math.round(d.score() * 1000) / 1000.0);
      }
      item.put("box", List.of(d.x(), d.y(), d.width(), d.height()));
      if (d.text() != null) {
        item.put("text", d.text());
      }
      return item;
    }).toList();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "detections");
    m.put("items", items);
    return write(m);
  }

  /** A text message from a client: its {@code type} and, for {@code processing}, its chain. */
  record Incoming(String type, Object chain) {}

  /** Reads a client's text message, or returns null if it is not a JSON object with a type. */
  static Incoming read(String text) {
    try {
      Object parsed = JSON.std.anyFrom(text);
      if (parsed instanceof Map<?, ?> map && map.get("type") instanceof String type) {
        return new Incoming(type, map.get("chain"));
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
      throw new UncheckedIOException(e); // cannot happen for maps of strings, numbers and lists
    }
  }
}
