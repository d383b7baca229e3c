package imagestream.ws;

import imagestream.ThrottledWarning;
import imagestream.config.Limits;
import imagestream.config.Settings;
import imagestream.config.SettingsException;
import imagestream.image.processors.ProcessingChain;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket endpoint: each binary message is one JPEG frame, answered by one binary message
 * with the processed JPEG on the same connection. Socket events only hand frames to the
 * {@link FrameWorkers}; no image work happens on the socket threads. Each connection may choose
 * its own processing chain; {@link #apply} changes the settings while it runs.
 *
 * <p>It enforces the {@link Limits}: handshakes from pages of other origins or beyond
 * {@code MAX_CONNECTIONS} are refused, connections beyond {@code MAX_CONNECTIONS_PER_ADDRESS}
 * from one address are closed on arrival, a message over {@code MAX_FRAME_BYTES} closes its
 * connection with 1009, and what waits to be sent to a client is bounded.
 */
public final class FrameServer extends WebSocketServer {

  private static final Logger log = LoggerFactory.getLogger(FrameServer.class);

  /** Seconds without a pong before a silent client is disconnected. */
  static final int CONNECTION_LOST_TIMEOUT_SECONDS = 30;

  /**
   * Bytes that may wait to be sent to one client; replies beyond are dropped and counted. A few
   * replies' worth at webcam sizes, and at most this plus one reply however large replies are.
   */
  static final int SEND_BUFFER_BYTES = 256 * 1024;

  private final List<Runnable> onShutdown = new CopyOnWriteArrayList<>();
  private volatile InForce inForce;

  /** The settings in force and the menu that follows from them, replaced together. */
  private record InForce(Settings settings, ProcessingMenu menu) {}

  private final FrameWorkers workers;
  private final Limits limits;
  private final HandshakeGuard guard;
  private final AtomicInteger admitted = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final DropLog dropLog = new DropLog(DropLog.INTERVAL_NANOS);
  private final StalledWrites stalledWrites =
      new StalledWrites(this::getConnections, this::onWriteDemand, this::checkQueue);
  private final LongAdder droppedReplies = new LongAdder();
  private final LongAdder refusedHandshakes = new LongAdder();
  private final ThrottledWarning refusal = new ThrottledWarning(log, 10_000);
  private final ThrottledWarning connectionErrors = new ThrottledWarning(log, 10_000);
  private final ThrottledWarning overLimit = new ThrottledWarning(log, 10_000);
  private final List<Runnable> onFatal = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> started = new CompletableFuture<>();
  private volatile boolean stopping;

  /**
   * @param lostTimeoutSeconds a client that answers no ping for about this long is disconnected
   * @param handshakeTimeoutSeconds a connection that has not completed its handshake after this
   *     long is closed
   */
  FrameServer(
      InetSocketAddress address, FrameWorkers workers, Limits limits, int lostTimeoutSeconds,
      int handshakeTimeoutSeconds) {
    // The library allocates a frame's declared length before reading it, so the limit is what
    // stops a 14-byte frame header from making the server allocate gigabytes.
    super(address, List.of(new MessageSizeLimit(limits.maxFrameBytes())));
    this.workers = workers;
    this.limits = limits;
    setReuseAddr(true); // a restarted server can bind its port again at once
    setTcpNoDelay(true); // frames are latency-bound, not throughput-bound
    setConnectionLostTimeout(lostTimeoutSeconds);
    guard = new HandshakeGuard(handshakeTimeoutSeconds, HandshakeGuard.MAX_PENDING,
        limits.maxConnectionsPerAddress(), limits.trustedProxies());
    setWebSocketFactory(guard);
  }

  /** Completes with the bound port once the server accepts connections, or exceptionally. */
  public CompletableFuture<Integer> started() {
    return started;
  }

  /**
   * Puts {@code next} in force: the next frames use its SERVER_* values and default chain, and
   * every page that said hello gets its CLIENT_* values and menu. Called once before {@link
   * #start}, then for every valid edit of {@code .env}.
   *
   * @throws SettingsException if a processor of its chain cannot be created; nothing changes
   */
  public void apply(Settings next) {
    ProcessingChain chain = next.processing();
    try {
      chain.build(); // a trial instance, so a failing constructor is refused here, not per frame
    } catch (IllegalStateException e) {
      throw new SettingsException(
          "PROCESSING", chain.toString(), "processors that can be created (" + e.getMessage() + ")");
    } catch (Throwable e) {
      // Anything else a user's class throws is refused the same way: nothing changes.
      throw new SettingsException(
          "PROCESSING", chain.toString(), "processors that can be created (" + e + ")");
    }
    workers.configure(next);
    inForce = new InForce(next, ProcessingMenu.of(chain));
    for (WebSocket socket : getConnections()) {
      Connection connection = socket.getAttachment();
      if (connection != null) {
        connection.sendControl(config(connection));
      }
    }
  }

  /** The settings in force. */
  public Settings settings() {
    return inForce.settings();
  }

  /** Frames that a newer frame of the same connection replaced before they were processed. */
  public long droppedFrames() {
    return dropped.sum();
  }

  /** Replies not sent because their client had not read the earlier ones. */
  public long droppedReplies() {
    return droppedReplies.sum();
  }

  /**
   * Clients refused: origin not allowed, too many connections (in all, waiting, or from one
   * address), or shutting down.
   */
  public long refusedHandshakes() {
    return refusedHandshakes.sum() + guard.refused();
  }

  /** Frames processed and answered. */
  public long processedFrames() {
    return workers.processed();
  }

  /** Connections admitted and not yet closed. */
  public int openConnections() {
    return admitted.get();
  }

  /** Bytes waiting to be sent, summed over every connection. */
  long queuedBytes() {
    long bytes = 0;
    for (WebSocket socket : getConnections()) {
      Connection connection = socket.getAttachment();
      bytes += connection == null ? 0 : connection.queuedBytes();
    }
    return bytes;
  }

  @Override
  public void onStart() {
    stalledWrites.start();
    started.complete(getPort());
  }

  /**
   * Admits or refuses a client before the connection opens; refused clients get an HTTP error.
   * Behind a trusted proxy the client is the one its {@code X-Forwarded-For} names.
   */
  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
      WebSocket socket, Draft draft, ClientHandshake request) throws InvalidDataException {
    ServerHandshakeBuilder response =
        super.onWebsocketHandshakeReceivedAsServer(socket, draft, request);
    InetSocketAddress peer = socket.getRemoteSocketAddress();
    InetAddress client = limits.trustedProxies().clientAddress(
        peer.getAddress(), header(request, "X-Forwarded-For"), header(request, "X-Real-IP"));
    String from = client.equals(peer.getAddress())
        ? String.valueOf(peer) : client.getHostAddress() + " (through " + peer + ")";
    String origin = header(request, "Origin");
    if (!limits.allowsOrigin(origin)) {
      throw refuse(CloseFrame.POLICY_VALIDATION, "origin not allowed: " + describe(origin), from);
    }
    if (stopping) {
      throw refuse(CloseFrame.GOING_AWAY, "the server is shutting down", from);
    }
    if (!guard.admitForwarded(socket, client)) {
      throw refuse(CloseFrame.TRY_AGAIN_LATER, "MAX_CONNECTIONS_PER_ADDRESS ("
          + guard.maxPerAddress() + ") connections from " + client.getHostAddress() + " are open", from);
    }
    if (!admit()) {
      throw refuse(
          CloseFrame.TRY_AGAIN_LATER,
          "MAX_CONNECTIONS (" + limits.maxConnections() + ") clients are connected", from);
    }
    socket.setAttachment(new Connection(socket, from, SEND_BUFFER_BYTES, droppedReplies));
    return response;
  }

  /** The client as the logs name it: its address, with the proxy's when it came through one. */
  private static String who(WebSocket socket) {
    Connection connection = socket.getAttachment();
    return connection != null ? connection.toString() : String.valueOf(socket.getRemoteSocketAddress());
  }

  /** A header of the handshake, or null if it has none. */
  private static String header(ClientHandshake request, String name) {
    return request.hasFieldValue(name) ? request.getFieldValue(name) : null;
  }

  @Override
  public void onOpen(WebSocket socket, ClientHandshake handshake) {
    log.debug("Client connected: {}", who(socket));
  }

  @Override
  public void onClose(WebSocket socket, int code, String reason, boolean remote) {
    log.debug("Client disconnected: {} ({} {})", who(socket), code, reason);
  }

  /** Called for every connection that ends, opened or not: frees what it held, once. */
  @Override
  protected boolean removeConnection(WebSocket socket) {
    Connection connection = socket.getAttachment();
    if (connection != null && connection.close()) {
      admitted.decrementAndGet();
    }
    guard.release(socket);
    return super.removeConnection(socket);
  }

  @Override
  public void onMessage(WebSocket socket, ByteBuffer message) {
    Connection connection = socket.getAttachment();
    byte[] frame = new byte[message.remaining()];
    message.get(frame);
    try {
      if (workers.submit(connection, frame)) {
        dropped.increment();
        connection.frameDropped();
        dropLog.dropped(droppedFrames());
      }
    } catch (RejectedExecutionException e) {
      socket.close(CloseFrame.GOING_AWAY, "The server is shutting down");
    }
  }

  @Override
  public void onMessage(WebSocket socket, String message) {
    Connection connection = socket.getAttachment();
    ControlMessages.Incoming incoming = ControlMessages.read(message);
    String type = incoming == null ? "" : incoming.type();
    switch (type) {
      case "hello" -> {
        connection.enableControlMessages();
        connection.sendControl(config(connection));
      }
      case "processing" -> choose(connection, incoming.chain());
      case "stats" -> connection.sendText(
          ControlMessages.stats(processedFrames(), droppedFrames(), workers.refused(), openConnections()));
      default -> connection.sendText(
          ControlMessages.error(
              "unknown_message", "Text messages must be JSON control messages; frames are binary JPEGs"));
    }
  }

  /** A page chose its chain: its next frames use it, and it is told so; others are unaffected. */
  private void choose(Connection connection, Object requested) {
    try {
      connection.choose(inForce.menu().choose(requested));
    } catch (IllegalArgumentException e) {
      connection.sendText(
          ControlMessages.error("bad_processing", "Cannot use that processing: " + e.getMessage()));
      return;
    }
    connection.sendText(config(connection));
  }

  private String config(Connection connection) {
    InForce now = inForce;
    return ControlMessages.config(
        now.settings(), connection.chain(now.settings().processing()), connection.hasOwnChain(),
        now.menu());
  }

  /**
   * Answers a client's ping only if the client reads what it is sent (see {@link
   * Connection#answerPing}); the library would queue a pong for every ping, without bound.
   */
  @Override
  public void onWebsocketPing(WebSocket socket, Framedata ping) {
    Connection connection = socket.getAttachment();
    if (connection != null) {
      connection.answerPing(ping);
    }
  }

  /** Every few milliseconds, for each open connection: pays an owed pong, enforces the hard limit. */
  private void checkQueue(WebSocket socket) {
    Connection connection = socket.getAttachment();
    if (connection == null) {
      return;
    }
    connection.payOwedPong();
    if (connection.overHardLimit() && socket instanceof WebSocketImpl impl) {
      overLimit.warn("Closed the connection of {}: {} bytes wait to be sent to it, more than its"
              + " limit (the client reads nothing)", who(socket),
          connection.queuedBytes());
      // At once, without a close frame: the client reads nothing, and the queue must go now.
      impl.closeConnection(CloseFrame.POLICY_VALIDATION, "Too much data waits to be sent");
    }
  }

  @Override
  public void onError(WebSocket socket, Exception e) {
    if (socket == null && !started.isDone()) {
      // The server socket itself failed before start-up completed (e.g. the port is taken):
      // the caller of started() reports it, in one line.
      started.completeExceptionally(e);
    } else if (isFatal(socket, e)) {
      // The library stops the whole server after such an error (its handleFatal): say so once
      // and let the process end, so that a service manager or the start script can restart it.
      log.error("The WebSocket server stopped after a fatal error: {}", oneLine(e));
      onFatal.forEach(Runnable::run);
    } else if (socket == null) {
      log.error("WebSocket server error: {}", e.toString());
    } else {
      // A client's bad data or a network error: one line, no stack trace, throttled.
      connectionErrors.warn("Connection error with {}: {}", who(socket), oneLine(e));
    }
  }

  /**
   * Whether the library is stopping the server for this error: a JVM error (out of memory, a
   * stack overflow) or a failure of its selector thread, outside our own shutdown.
   */
  private boolean isFatal(WebSocket socket, Exception e) {
    Throwable cause = e.getCause();
    boolean jvmError = cause instanceof VirtualMachineError || cause instanceof LinkageError;
    return !stopping && (jvmError || (socket == null && e instanceof RuntimeException));
  }

  /** An exception in one line: the library wraps errors in a bare Exception; show the error. */
  private static String oneLine(Exception e) {
    return e.getClass() == Exception.class && e.getCause() != null ? e.getCause().toString() : e.toString();
  }

  /** Runs {@code action} (e.g. ending the process) when the library stops the server on a fatal error. */
  void onFatal(Runnable action) {
    onFatal.add(action);
  }

  /** Runs {@code action} (e.g. stopping the watcher of {@code .env}) when the server shuts down. */
  void onShutdown(Runnable action) {
    onShutdown.add(action);
  }

  /**
   * Stops gracefully: new clients are refused and no new frames are taken, frames in progress
   * finish and their replies are sent, then every connection is closed with 1001 (going away).
   *
   * @param timeoutMillis how long to wait for frames in progress, and again for the sockets
   */
  public void shutdown(int timeoutMillis) throws InterruptedException {
    stopping = true;
    onShutdown.forEach(Runnable::run);
    workers.shutdown(timeoutMillis);
    try {
      stop(timeoutMillis, "The server is shutting down");
    } catch (ClosedSelectorException e) {
      // Java-WebSocket 1.6.0 race: its selector thread may end (closing every socket) while
      // stop() still sends close frames. The sockets are closed either way.
      log.debug("Selector closed during stop: {}", e.toString());
    }
    stalledWrites.stop();
  }

  private boolean admit() {
    int n;
    do {
      n = admitted.get();
      if (n >= limits.maxConnections()) {
        return false;
      }
    } while (!admitted.compareAndSet(n, n + 1));
    return true;
  }

  private InvalidDataException refuse(int code, String why, String from) {
    refusedHandshakes.increment();
    refusal.warn("Refused a client from {}: {}", from, why);
    return new InvalidDataException(code, "Refused: " + why);
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
