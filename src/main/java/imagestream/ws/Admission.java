package imagestream.ws;

import imagestream.ThrottledLog;
import imagestream.config.Limits;
import imagestream.stream.FrameStats;
import imagestream.stream.FrameStats.Refusal;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may open a connection, decided on the handshake: pages from the allowed origins (and tools
 * without an origin, if allowed), up to {@code MAX_CONNECTIONS} at once, none while the server
 * stops. A refusal is counted and logged in one throttled line; the client gets the library's
 * HTTP error.
 */
final class Admission {

  private static final Logger log = LoggerFactory.getLogger(Admission.class);

  private final Limits limits;
  private final FrameStats stats;
  private final ThrottledLog refusals = new ThrottledLog(log);
  private volatile boolean stopping;

  Admission(Limits limits, FrameStats stats) {
    this.limits = limits;
    this.stats = stats;
  }

  /**
   * Admits the client of {@code request}, counted as open until {@link FrameStats#connectionClosed}.
   *
   * @throws InvalidDataException if it is refused: the library answers with an HTTP error
   */
  void admit(WebSocket socket, ClientHandshake request) throws InvalidDataException {
    String origin = request.hasFieldValue("Origin") ? request.getFieldValue("Origin") : null;
    if (!limits.allowsOrigin(origin)) {
      throw refuse(Refusal.ORIGIN, CloseFrame.POLICY_VALIDATION, "origin not allowed: " + describe(origin), socket);
    }
    if (stopping) {
      throw refuse(Refusal.SHUTTING_DOWN, CloseFrame.GOING_AWAY, "the server is shutting down", socket);
    }
    if (!stats.connectionOpened(limits.maxConnections())) {
      throw refuse(Refusal.MAX_CONNECTIONS, CloseFrame.TRY_AGAIN_LATER,
          "MAX_CONNECTIONS (" + limits.maxConnections() + ") clients are connected", socket);
    }
  }

  /** Refuses every client from now on: the server is stopping. */
  void stop() {
    stopping = true;
  }

  private InvalidDataException refuse(Refusal why, int code, String message, WebSocket socket) {
    stats.clientRefused(why);
    refusals.warn("Refused a client from {}: {}", socket.getRemoteSocketAddress(), message);
    return new InvalidDataException(code, "Refused: " + message);
  }

  /** A client-supplied header, quoted and cut short, fit for one log line. */
  private static String describe(String header) {
    if (header == null) {
      return "none (set ALLOW_NO_ORIGIN=true to allow clients without one)";
    }
    String shown = header.length() > 100 ? header.substring(0, 100) + "..." : header;
    return "\"" + shown.replaceAll("[^\\x20-\\x7E]", "?") + "\" (not in ALLOWED_ORIGINS)";
  }
}
