package imagestream.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The control message that asks a server for a connection's own processing chain. */
final class ChainRequest {

  private ChainRequest() {}

  /** {@code {"type":"processing","chain":CHAIN}}. */
  static String of(String chain) {
    try {
      return JSON.std.asString(Map.of("type", "processing", "chain", chain));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen for a map of strings
    }
  }
}
