package imagestream.ws;

import imagestream.DaemonThreads;
import imagestream.config.tls.ServerTls;
import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.server.DefaultWebSocketServerFactory;
import org.java_websocket.server.SSLParametersWebSocketServerFactory;

/**
 * The connections the frame server makes: plain WebSocket ({@code ws:}) or WebSocket over TLS
 * ({@code wss:}, Java-WebSocket's own TLS channel with {@link ServerTls}'s versions and suites),
 * each answering a plain {@code GET} with the {@link LandingPage}.
 */
final class Transports implements WebSocketServerFactory {

  private final WebSocketServerFactory inner;
  private final LandingPage page;

  private Transports(WebSocketServerFactory inner, LandingPage page) {
    this.inner = inner;
    this.page = page;
  }

  /** Plain WebSocket if {@code tls} is null, else WebSocket over {@code tls}. */
  static Transports of(ServerTls tls, LandingPage page) {
    if (tls == null) {
      return new Transports(new DefaultWebSocketServerFactory(), page);
    }
    // The TLS handshakes' delegated tasks (certificate work): one daemon thread; a full queue
    // runs the task on the selector thread, which bounds it.
    ThreadPoolExecutor tasks = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(HandshakeGuard.MAX_PENDING), DaemonThreads.named("tls-tasks"),
        new ThreadPoolExecutor.CallerRunsPolicy());
    return new Transports(
        new SSLParametersWebSocketServerFactory(tls.context(), tasks, tls.parameters()), page);
  }

  /** A client's socket (the server makes none): as the library makes it. */
  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
    return inner.createWebSocket(adapter, draft);
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
    return new LandingPageSocket(adapter, drafts, page);
  }

  @Override
  public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
    return inner.wrapChannel(channel, key);
  }

  @Override
  public void close() {
    inner.close();
  }
}
