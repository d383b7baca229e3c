package imagestream.ws;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * {@link FrameWorkers}; no image work happens on the socket threads.
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
  private final DropLog dropLog = new DropLog(DropLog.INTERVAL_NANOS);
  private final StalledWrites stalledWrites =
      new StalledWrites(this::getConnections, this::onWriteDemand);
  private final CompletableFuture<Integer> started = new CompletableFuture<>();

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
    stalledWrites.start();
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
        dropLog.dropped(droppedFrames());
      }
    } catch (RejectedExecutionException e) {
      socket.close(CloseFrame.GOING_AWAY, "The server is shutting down");
    }
  }

  @Override
  public void onMessage(WebSocket socket, String message) {
    Connection connection = socket.getAttachment();
    String type = ControlMessages.typeOf(message);
    if ("hello".equals(type)) {
      connection.enableControlMessages();
    } else if ("stats".equals(type)) {
      connection.sendText(
          ControlMessages.stats(processedFrames(), droppedFrames(), workers.refused()));
    } else {
      connection.sendText(
          ControlMessages.error(
              "unknown_message", "Text messages must be JSON control messages; frames are binary JPEGs"));
    }
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

  /**
   * Stops gracefully: no new frames are taken, frames in progress finish, then every
   * connection is closed with 1001 (going away).
   */
  public void shutdown(int timeoutMillis) throws InterruptedException {
    workers.shutdown(timeoutMillis);
    stop(timeoutMillis, "The server is shutting down");
    stalledWrites.stop();
  }
}
