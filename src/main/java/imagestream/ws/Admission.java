package imagestream.ws;

import imagestream.ThrottledLog;
import imagestream.config.Limits;
import imagestream.stream.FrameStats;
import imagestream.stream.FrameStats.Refusal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may open a connection, decided on the handshake: pages from the allowed origins (and tools
 * without an origin, if allowed), up to {@code MAX_CONNECTIONS} at once, none while the server
 * stops; behind a trusted proxy, up to {@code MAX_CONNECTIONS_PER_ADDRESS} for the client its
 * {@code X-Forwarded-For} names. A refusal is counted and logged in one throttled line; the
 * client gets the library's HTTP error.
 */
final class Admission {

  private static final Logger log = LoggerFactory.getLogger(Admission.class);

  private final Limits limits;
  private final FrameStats stats;
  private final HandshakeGuard guard;
  private final ThrottledLog refusals = new ThrottledLog(log);
  private volatile boolean stopping;

  /** @param guard counts a trusted proxy's connections against the client they carry */
  Admission(Limits limits, FrameStats stats, HandshakeGuard guard) {
    this.limits = limits;
    this.stats = stats;
    this.guard = guard;
  }

  /**
   * Admits the client of {@code request}, counted as open until {@link FrameStats#connectionClosed}.
   *
   * @return who the client is, for the logs: its address, with the proxy's when it came through one
   * @throws InvalidDataException if it is refused: the library answers with an HTTP error
   */
  String admit(WebSocket socket, ClientHandshake request) throws InvalidDataException {
    InetSocketAddress peer = socket.getRemoteSocketAddress();
    InetAddress client = limits.trustedProxies().clientAddress(
        peer.getAddress(), header(request, "X-Forwarded-For"), header(request, "X-Real-IP"));
    String from = client.equals(peer.getAddress())
        ? String.valueOf(peer) : client.getHostAddress() + " (through " + peer + ")";
    String origin = header(request, "Origin");
    if (!limits.allowsOrigin(origin)) {
      throw refuse(Refusal.ORIGIN, CloseFrame.POLICY_VALIDATION, "origin not allowed: " + describe(origin), from);
    }
    if (stopping) {
      throw refuse(Refusal.SHUTTING_DOWN, CloseFrame.GOING_AWAY, "the server is shutting down", from);
    }
    if (!guard.admitForwarded(socket, client)) {
      throw refuse(Refusal.PER_ADDRESS, CloseFrame.TRY_AGAIN_LATER, "MAX_CONNECTIONS_PER_ADDRESS ("
          + guard.maxPerAddress() + ") connections from " + client.getHostAddress() + " are open", from);
    }
    if (!stats.connectionOpened(limits.maxConnections())) {
      throw refuse(Refusal.MAX_CONNECTIONS, CloseFrame.TRY_AGAIN_LATER,
          "MAX_CONNECTIONS (" + limits.maxConnections() + ") clients are connected", from);
    }
    return from;
  }

  /** A header of the handshake, or null if it has none. */
  private static String header(ClientHandshake request, String name) {
    return request.hasFieldValue(name) ? request.getFieldValue(name) : null;
  }

  /** Refuses every client from now on: the server is stopping. */
  void stop() {
    stopping = true;
  }

  private InvalidDataException refuse(Refusal why, int code, String message, String from) {
    stats.clientRefused(why);
    refusals.warn("Refused a client from {}: {}", from, message);
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
