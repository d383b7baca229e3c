package imagestream.ws;

import imagestream.config.tls.ServerTls;
import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
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
    return new Transports(new SSLParametersWebSocketServerFactory(
        tls.context(), new RunAtOnce(), tls.parameters()), page);
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

  /**
   * Runs a TLS handshake's delegated tasks at once, on the selector thread. The library looks at
   * a task handed to another thread again only when the socket is next ready; a client whose
   * ClientHello came after the connection's first writable turn (a slow link, a client that
   * connects before it makes its TLS context) then waits for the ServerHello while the server
   * waits for it, until the handshake timeout closes the connection.
   */
  private static final class RunAtOnce extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable task) {
      task.run();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
