package imagestream.ws;

import imagestream.ConnectionsPerAddress;
import imagestream.DaemonThreads;
import imagestream.ThrottledLog;
import imagestream.config.TrustedProxies;
import imagestream.stream.FrameStats;
import imagestream.stream.FrameStats.Refusal;
import java.io.IOException;
import java.net.InetAddress;
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
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.WrappedByteChannel;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around Java-WebSocket 1.6.0 buffering a handshake without bound and without a timeout
 * (its ping timeout covers open connections only): one client could fill the heap with an endless
 * header, or hold sockets by saying nothing. It bounds connections from their arrival: at most
 * {@code MAX_CONNECTIONS_PER_ADDRESS} per remote address, pending or open, and at most {@link
 * #MAX_PENDING} waiting for their WebSocket handshake (more are closed on arrival, counted, with
 * one throttled line saying why); each closed if it sends more than {@link #MAX_HANDSHAKE_BYTES}
 * or is not open within the handshake timeout.
 *
 * <p>The library's factory's {@code wrapChannel} is the one place that sees each connection as it
 * arrives. The guard wraps another factory, which makes the sockets and channels: the library's
 * plain one, or its TLS one; the guard counts what that channel reads.
 *
 * <p>A connection from a trusted proxy ({@code TRUSTED_PROXIES}) carries many clients: it is
 * counted later, against the client its handshake names ({@link #admitForwarded}).
 */
final class HandshakeGuard implements WebSocketServerFactory {

  private static final Logger log = LoggerFactory.getLogger(HandshakeGuard.class);

  /**
   * Connections waiting for their handshake at most, from all addresses together; apart from
   * {@code MAX_CONNECTIONS}, so that silent sockets never take the places of open clients. A
   * browser's handshake takes milliseconds: this many are only ever waiting during an attack.
   */
  static final int MAX_PENDING = 128;

  /**
   * Bytes a client may send before its handshake completes. Browsers send about 1 KiB; the
   * margin covers a frame that follows the handshake into the same 64 KiB read.
   */
  static final int MAX_HANDSHAKE_BYTES = 128 * 1024;

  /**
   * Seconds a connection may take to complete its handshake: a browser sends it at once, in one
   * packet, even over a slow link.
   */
  static final int HANDSHAKE_TIMEOUT_SECONDS = 3;

  private final WebSocketServerFactory inner;
  private final FrameStats stats;
  private final long timeoutNanos;
  private final int maxPending;
  private final ConnectionsPerAddress perAddress;
  private final TrustedProxies proxies;
  private final Map<WebSocketImpl, Long> pending = new ConcurrentHashMap<>();
  private final Map<WebSocketImpl, InetAddress> counted = new ConcurrentHashMap<>();
  private final ThrottledLog refusal = new ThrottledLog(log);
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("handshake-timeout"));

  /**
   * @param inner makes the sockets and wraps their channels (e.g. in TLS)
   * @param stats where refused connections are counted
   * @param timeoutSeconds a connection not open after this long is closed
   * @param maxPending connections waiting for their handshake at most; more are closed at once
   * @param maxPerAddress connections one address may hold, pending or open; more are closed at once
   * @param proxies the proxies whose connections are counted against the client they name
   */
  HandshakeGuard(WebSocketServerFactory inner, FrameStats stats, int timeoutSeconds, int maxPending,
      int maxPerAddress, TrustedProxies proxies) {
    this.inner = inner;
    this.stats = stats;
    this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    this.maxPending = maxPending;
    this.perAddress = new ConnectionsPerAddress(maxPerAddress);
    this.proxies = proxies;
    long period = Math.max(100, TimeUnit.SECONDS.toMillis(timeoutSeconds) / 4);
    sweeper.scheduleWithFixedDelay(this::closeExpired, period, period, TimeUnit.MILLISECONDS);
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
    return track(inner.createWebSocket(adapter, drafts));
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
    return track(inner.createWebSocket(adapter, draft));
  }

  /** Called once per accepted connection; throwing makes the server close it at once. */
  @Override
  public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
    WebSocketImpl socket = (WebSocketImpl) key.attachment();
    InetAddress from = channel.socket().getInetAddress();
    if (pending.size() > maxPending) {
      closeExpired(); // forget finished ones before refusing
      if (pending.size() > maxPending) {
        throw refuse(Refusal.WAITING, socket, from,
            maxPending + " connections are waiting for their handshake");
      }
    }
    if (proxies.trusts(from)) {
      return CountingChannel.of(inner.wrapChannel(channel, key), socket); // counted at its handshake
    }
    if (!perAddress.admit(from)) {
      throw refuse(Refusal.PER_ADDRESS, socket, from, "MAX_CONNECTIONS_PER_ADDRESS (" + perAddress.max()
          + ") connections from " + from.getHostAddress() + " are open or waiting for their handshake");
    }
    counted.put(socket, from);
    return CountingChannel.of(inner.wrapChannel(channel, key), socket);
  }

  /**
   * Counts a connection from a trusted proxy against {@code client}, the address its handshake
   * names; every other connection was counted on arrival and is admitted here as it is.
   *
   * @return false if {@code client} holds {@code MAX_CONNECTIONS_PER_ADDRESS} connections already
   */
  boolean admitForwarded(WebSocket socket, InetAddress client) {
    WebSocketImpl impl = (WebSocketImpl) socket;
    if (counted.containsKey(impl)) {
      return true;
    }
    if (!perAddress.admit(client)) {
      return false;
    }
    counted.put(impl, client);
    return true;
  }

  /** The limit per address. */
  int maxPerAddress() {
    return perAddress.max();
  }

  /** Forgets a connection that ended, whether it opened or not: its address may use its place. */
  void release(WebSocket socket) {
    InetAddress from = counted.remove(socket);
    if (from != null) {
      perAddress.release(from);
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    inner.close();
  }

  private IOException refuse(Refusal reason, WebSocketImpl socket, InetAddress from, String why) {
    pending.remove(socket);
    stats.clientRefused(reason);
    refusal.warn("Refused a client from {}: {}", from.getHostAddress(), why);
    return new IOException("Refused: " + why);
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

  /** The socket's channel, counting what is read until the handshake is done. */
  static class CountingChannel implements ByteChannel {
    private final ByteChannel channel;
    private final WebSocketImpl socket;
    private long handshakeBytes;
    private boolean handshakeDone; // only the selector thread reads

    CountingChannel(ByteChannel channel, WebSocketImpl socket) {
      this.channel = channel;
      this.socket = socket;
    }

    /**
     * {@code channel}, counted; a channel the library reads and writes in steps (its TLS channel,
     * a {@link WrappedByteChannel}) stays one, so the library still takes those steps.
     */
    static CountingChannel of(ByteChannel channel, WebSocketImpl socket) {
      return channel instanceof WrappedByteChannel wrapped
          ? new CountingWrappedChannel(wrapped, socket)
          : new CountingChannel(channel, socket);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return count(channel.read(dst));
    }

    /** Counts {@code n} bytes read, while the handshake is not done. */
    final int count(int n) throws IOException {
      handshakeDone = handshakeDone || socket.getReadyState() != ReadyState.NOT_YET_CONNECTED;
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

  /** A counted channel that the library reads and writes in steps, as its TLS channel. */
  static final class CountingWrappedChannel extends CountingChannel implements WrappedByteChannel {
    private final WrappedByteChannel channel;

    CountingWrappedChannel(WrappedByteChannel channel, WebSocketImpl socket) {
      super(channel, socket);
      this.channel = channel;
    }

    @Override
    public boolean isNeedWrite() {
      return channel.isNeedWrite();
    }

    @Override
    public void writeMore() throws IOException {
      channel.writeMore();
    }

    @Override
    public boolean isNeedRead() {
      return channel.isNeedRead();
    }

    @Override
    public int readMore(ByteBuffer dst) throws IOException {
      return count(channel.readMore(dst));
    }

    @Override
    public boolean isBlocking() {
      return channel.isBlocking();
    }
  }
}
