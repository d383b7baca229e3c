package imagestream.ws;

import imagestream.config.tls.ServerTls;
import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.server.DefaultWebSocketServerFactory;

/**
 * The connections the frame server makes: plain WebSocket ({@code ws:}) or WebSocket over TLS
 * ({@code wss:}, {@link ServerTls}'s versions and suites, through {@link TlsSocketChannel}),
 * each answering a plain {@code GET} with the {@link LandingPage}.
 */
final class Transports implements WebSocketServerFactory {

  private final WebSocketServerFactory plain = new DefaultWebSocketServerFactory();
  private final ServerTls tls; // null: plain
  private final LandingPage page;

  /** Plain WebSocket if {@code tls} is null, else WebSocket over {@code tls}. */
  Transports(ServerTls tls, LandingPage page) {
    this.tls = tls;
    this.page = page;
  }

  /** A client's socket (the server makes none): as the library makes it. */
  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
    return plain.createWebSocket(adapter, draft);
  }

  @Override
  public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
    return new LandingPageSocket(adapter, drafts, page);
  }

  @Override
  public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
    return tls == null ? channel : new TlsSocketChannel(tls.over(channel), key);
  }

  @Override
  public void close() {
    plain.close();
  }
}
