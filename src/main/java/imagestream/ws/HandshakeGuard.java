package imagestream.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.framing.CloseFrame;

/**
 * Bounds connections before their WebSocket handshake completes: at most {@code maxPending} of
 * them at once (more are closed on arrival), each closed if it sends more than
 * {@link #MAX_HANDSHAKE_BYTES} or is not open within the handshake timeout.
 *
 * <p>Java-WebSocket 1.6.0 buffers a handshake until it is complete, however long, and has no
 * timeout before the connection opens (its ping timeout covers open connections only): without
 * this, one client could fill the heap with an endless header, or hold sockets by saying nothing.
 */
final class HandshakeGuard implements WebSocketServerFactory {

  /**
   * Bytes a client may send before its handshake completes. Browsers send about 1 KiB; the
   * margin covers a frame that follows the handshake into the same 64 KiB read.
   */
  static final int MAX_HANDSHAKE_BYTES = 128 * 1024;

  /** Seconds a connection may take to complete its handshake. */
  static final int HANDSHAKE_TIMEOUT_SECONDS = 10;

  private final long timeoutNanos;
  private final int maxPending;
  private final Map<WebSocketImpl, Long> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "handshake-timeout");
        t.setDaemon(true);
        return t;
      });

  /**
   * @param timeoutSeconds a connection not open after this long is closed
   * @param maxPending connections waiting for their handshake at most; more are closed at once
   */
  HandshakeGuard(int timeoutSeconds, int maxPending) {
    this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    this.maxPending = maxPending;
    long period = Math.max(100, TimeUnit.SECONDS.toMillis(timeoutSeconds) / 4);
    sweeper.scheduleWithFixedDelay(this::closeExpired, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
    return track(new WebSocketImpl(adapter, drafts));
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
    return track(new WebSocketImpl(adapter, draft));
  }

  /** Called once per accepted connection; throwing makes the server close it at once. */
  @Override
  public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
    if (pending.size() > maxPending) {
      closeExpired(); // forget finished ones before refusing
      if (pending.size() > maxPending) {
        pending.remove((WebSocketImpl) key.attachment());
        throw new IOException("More than " + maxPending + " connections are waiting for their handshake");
      }
    }
    return new CountingChannel(channel, (WebSocketImpl) key.attachment());
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }

  private WebSocketImpl track(WebSocketImpl socket) {
    pending.put(socket, System.nanoTime());
    return socket;
  }

  private void closeExpired() {
    long now = System.nanoTime();
    pending.forEach((socket, since) -> {
      if (socket.getReadyState() != ReadyState.NOT_YET_CONNECTED) {
        pending.remove(socket);
      } else if (now - since > timeoutNanos) {
        pending.remove(socket);
        socket.closeConnection(CloseFrame.ABNORMAL_CLOSE, "No WebSocket handshake in time");
      }
    });
  }

  /** The socket, counting what is read until the handshake is done. */
  private static final class CountingChannel implements ByteChannel {
    private final SocketChannel channel;
    private final WebSocketImpl socket;
    private long handshakeBytes;
    private boolean handshakeDone; // only the selector thread reads

    CountingChannel(SocketChannel channel, WebSocketImpl socket) {
      this.channel = channel;
      this.socket = socket;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      handshakeDone = handshakeDone || socket.getReadyState() != ReadyState.NOT_YET_CONNECTED;
      int n = channel.read(dst);
      if (!handshakeDone && n > 0 && (handshakeBytes += n) > MAX_HANDSHAKE_BYTES) {
        throw new IOException("WebSocket handshake larger than " + MAX_HANDSHAKE_BYTES + " bytes");
      }
      return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return channel.write(src);
    }

    @Override
    public boolean isOpen() {
      return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
