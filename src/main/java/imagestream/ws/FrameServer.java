package imagestream.ws;

import imagestream.ThrottledLog;
import imagestream.config.Limits;
import imagestream.config.Settings;
import imagestream.config.SettingsException;
import imagestream.config.tls.ServerTls;
import imagestream.stream.FrameCore;
import imagestream.stream.FrameStats;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
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
 * The Java-WebSocket adapter of the {@link FrameCore}: each binary message is one JPEG frame,
 * handed to the core, and answered by one binary message on the same connection; text messages
 * are the {@link ControlChannel}'s. Socket events do no image work.
 *
 * <p>It enforces the {@link Limits}: handshakes are admitted by {@link Admission}, connections
 * beyond {@code MAX_CONNECTIONS_PER_ADDRESS} from one address are closed on arrival ({@link
 * HandshakeGuard}), a message over {@code MAX_FRAME_BYTES} closes its connection with 1009
 * ({@link MessageSizeLimit}), and what waits to be sent to a client is bounded ({@link
 * Connection}).
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

  private final FrameCore core;
  private final Admission admission;
  private final ControlChannel control;
  private final HandshakeGuard guard;
  private final StalledWrites stalledWrites =
      new StalledWrites(this::getConnections, this::onWriteDemand, this::checkQueue);
  private final ThrottledLog connectionErrors = new ThrottledLog(log);
  private final ThrottledLog overLimit = new ThrottledLog(log);
  private final List<Runnable> onShutdown = new CopyOnWriteArrayList<>();
  private final List<Runnable> onFatal = new CopyOnWriteArrayList<>();
  private final List<Runnable> afterShutdown = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> started = new CompletableFuture<>();
  private volatile boolean stopping;

  /**
   * @param core processes the frames; {@link #apply} settings before {@link #start}
   * @param lostTimeoutSeconds a client that answers no ping for about this long is disconnected
   * @param handshakeTimeoutSeconds a connection that has not completed its handshake (TLS and
   *     WebSocket) after this long is closed
   * @param tls the TLS clients speak ({@code wss:}), or null for plain {@code ws:}
   */
  FrameServer(InetSocketAddress address, FrameCore core, Limits limits, int lostTimeoutSeconds,
      int handshakeTimeoutSeconds, ServerTls tls) {
    // The library allocates a frame's declared length before reading it, so the limit is what
    // stops a 14-byte frame header from making the server allocate gigabytes.
    super(address, List.of(new MessageSizeLimit(limits.maxFrameBytes())));
    this.core = core;
    this.control = new ControlChannel(core);
    setReuseAddr(true); // a restarted server can bind its port again at once
    setTcpNoDelay(true); // frames are latency-bound, not throughput-bound
    setConnectionLostTimeout(lostTimeoutSeconds);
    guard = new HandshakeGuard(new Transports(tls, new LandingPage(this::settings)), core.stats(),
        handshakeTimeoutSeconds, HandshakeGuard.MAX_PENDING, limits.maxConnectionsPerAddress(),
        limits.trustedProxies());
    setWebSocketFactory(guard);
    this.admission = new Admission(limits, core.stats(), guard);
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
    core.apply(next);
    for (WebSocket socket : getConnections()) {
      if (socket.getAttachment() instanceof Connection connection) {
        control.settingsChanged(connection);
      }
    }
  }

  /** The settings in force. */
  public Settings settings() {
    return core.inForce().settings();
  }

  /** The server's counters now: frames, drops, refusals, connections, bytes. */
  public FrameStats.Snapshot stats() {
    return core.stats().snapshot();
  }

  /** Where the server counts, for exporters that read it as they need (metrics). */
  public FrameStats frameStats() {
    return core.stats();
  }

  /** Bytes waiting to be sent, summed over every connection. */
  long queuedBytes() {
    long bytes = 0;
    for (WebSocket socket : getConnections()) {
      if (socket.getAttachment() instanceof Connection connection) {
        bytes += connection.queuedBytes();
      }
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
    String client = admission.admit(socket, request);
    socket.setAttachment(new Connection(socket, client, SEND_BUFFER_BYTES, core.stats()));
    return response;
  }

  /** The client as the logs name it: its address, with the proxy's when it came through one. */
  private static String who(WebSocket socket) {
    Object connection = socket.getAttachment();
    return connection != null ? connection.toString() : String.valueOf(socket.getRemoteSocketAddress());
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
    if (socket.getAttachment() instanceof Connection connection && connection.end()) {
      core.stats().connectionClosed();
    }
    guard.release(socket);
    return super.removeConnection(socket);
  }

  /** A frame: copied out of the library's buffer and handed to the core. */
  @Override
  public void onMessage(WebSocket socket, ByteBuffer message) {
    byte[] frame = new byte[message.remaining()];
    message.get(frame);
    try {
      core.submit(socket.getAttachment(), frame);
    } catch (RejectedExecutionException e) {
      socket.close(CloseFrame.GOING_AWAY, "The server is shutting down");
    }
  }

  @Override
  public void onMessage(WebSocket socket, String message) {
    control.received(socket.getAttachment(), message);
  }

  /** Answers a client's ping only if the client reads what it is sent (see {@link OwedPong}). */
  @Override
  public void onWebsocketPing(WebSocket socket, Framedata ping) {
    if (socket.getAttachment() instanceof Connection connection) {
      connection.answerPing(ping);
    }
  }

  /** Every few milliseconds, for each open connection: pays an owed pong, enforces the hard limit. */
  private void checkQueue(WebSocket socket) {
    if (!(socket.getAttachment() instanceof Connection connection)) {
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
   * Runs {@code action} (e.g. closing the metrics endpoint, which says "not ready" meanwhile) once
   * the server has shut down and every connection is closed.
   */
  void afterShutdown(Runnable action) {
    afterShutdown.add(action);
  }

  /** Whether it takes new clients: it accepts connections and is not shutting down. */
  public boolean isReady() {
    return started.isDone() && !started.isCompletedExceptionally() && !stopping;
  }

  /**
   * Stops gracefully: new clients are refused and no new frames are taken, frames in progress
   * finish and their replies are sent, then every connection is closed with 1001 (going away).
   *
   * @param timeoutMillis how long to wait for frames in progress, and again for the sockets
   */
  public void shutdown(int timeoutMillis) throws InterruptedException {
    stopping = true;
    admission.stop();
    onShutdown.forEach(Runnable::run);
    core.shutdown(timeoutMillis);
    try {
      stop(timeoutMillis, "The server is shutting down");
    } catch (ClosedSelectorException e) {
      // Java-WebSocket 1.6.0 race: its selector thread may end (closing every socket) while
      // stop() still sends close frames. The sockets are closed either way.
      log.debug("Selector closed during stop: {}", e.toString());
    }
    stalledWrites.stop();
    afterShutdown.forEach(Runnable::run);
  }
}
