package imagestream.ws;

import imagestream.config.Settings;
import imagestream.config.SettingsException;
import imagestream.image.processors.ProcessingChain;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket endpoint: each binary message is one JPEG frame, answered by one binary message
 * with the processed JPEG on the same connection. Socket events only hand frames to the
 * {@link FrameWorkers}; no image work happens on the socket threads. Each connection may choose
 * its own processing chain; {@link #apply} changes the settings while it runs.
 */
public final class FrameServer extends WebSocketServer {

  private static final Logger log = LoggerFactory.getLogger(FrameServer.class);

  /**
   * Largest message accepted, in bytes: far above any webcam JPEG (an 8K frame at full quality
   * is about 20 MB). The library allocates a message's declared length before reading it, so
   * without a limit one 14-byte frame header could make the server allocate 2 GB; a larger
   * message closes its connection with 1009 (message too big).
   */
  static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

  /** Seconds without a pong before a silent client is disconnected. */
  static final int CONNECTION_LOST_TIMEOUT_SECONDS = 30;

  private final FrameWorkers workers;
  private final LongAdder dropped = new LongAdder();
  private final CompletableFuture<Integer> started = new CompletableFuture<>();
  private final List<Runnable> onShutdown = new CopyOnWriteArrayList<>();
  private volatile InForce inForce;

  /** The settings in force and the menu that follows from them, replaced together. */
  private record InForce(Settings settings, ProcessingMenu menu) {}

  FrameServer(InetSocketAddress address, FrameWorkers workers) {
    super(address, List.of(new Draft_6455(List.of(), MAX_MESSAGE_BYTES)));
    this.workers = workers;
    setReuseAddr(true); // a restarted server can bind its port again at once
    setTcpNoDelay(true); // frames are latency-bound, not throughput-bound
    setConnectionLostTimeout(CONNECTION_LOST_TIMEOUT_SECONDS);
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

  /** Frames processed and answered. */
  public long processedFrames() {
    return workers.processed();
  }

  @Override
  public void onStart() {
    started.complete(getPort());
  }

  @Override
  public void onOpen(WebSocket socket, ClientHandshake handshake) {
    socket.setAttachment(new Connection(socket));
    log.debug("Client connected: {}", socket.getRemoteSocketAddress());
  }

  @Override
  public void onClose(WebSocket socket, int code, String reason, boolean remote) {
    Connection connection = socket.getAttachment();
    if (connection != null) {
      connection.slot().clear();
    }
    log.debug("Client disconnected: {} ({} {})", socket.getRemoteSocketAddress(), code, reason);
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

  @Override
  public void onError(WebSocket socket, Exception e) {
    if (socket == null) {
      // The server socket itself failed. Before start-up completes (e.g. the port is taken)
      // the caller of started() reports it, in one line.
      if (!started.completeExceptionally(e)) {
        log.error("WebSocket server error: {}", e.toString());
      }
    } else {
      log.warn("Connection error with {}: {}", socket.getRemoteSocketAddress(), e.toString());
    }
  }

  /** Runs {@code action} (e.g. stopping the watcher of {@code .env}) when the server shuts down. */
  void onShutdown(Runnable action) {
    onShutdown.add(action);
  }

  /**
   * Stops gracefully: no new frames are taken, frames in progress finish, then every
   * connection is closed with 1001 (going away).
   */
  public void shutdown(int timeoutMillis) throws InterruptedException {
    onShutdown.forEach(Runnable::run);
    workers.shutdown(timeoutMillis);
    stop(timeoutMillis, "The server is shutting down");
  }
}
