package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A well-behaved WebSocket client that collects every message: byte[] for binary, String for text. */
public final class TestClient extends WebSocketClient {

  final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

  /**
   * Whether {@code timing} messages are kept; by default they are left out, as a test of other
   * messages that streams for over a second would otherwise find one where it expects another.
   */
  public volatile boolean keepTiming;

  /** Completes with the close code when the connection closes. */
  public final CompletableFuture<Integer> closed = new CompletableFuture<>();

  /** A client for {@code uri}, not yet connected. */
  public TestClient(URI uri) {
    super(uri);
  }

  /** Connects to the server on 127.0.0.1:{@code port}, failing the test if it cannot. */
  static TestClient connect(int port) throws InterruptedException {
    TestClient client = new TestClient(URI.create("ws://127.0.0.1:" + port));
    assertTrue(client.connectBlocking(5, TimeUnit.SECONDS), "could not connect");
    return client;
  }

  /** The next message, failing after 5 seconds without one. */
  public Object next() throws InterruptedException {
    return next(5);
  }

  /** The next message, failing after {@code seconds} without one. */
  public Object next(int seconds) throws InterruptedException {
    Object message = received.poll(seconds, TimeUnit.SECONDS);
    assertNotNull(message, "no reply within " + seconds + " s");
    return message;
  }

  /** The next message, which must be a binary frame. */
  byte[] nextFrame() throws InterruptedException {
    return assertInstanceOf(byte[].class, next(), "a binary reply");
  }

  /** The next message, which must be a JSON text message. */
  Map<String, Object> nextJson() throws InterruptedException, IOException {
    return JSON.std.mapFrom(assertInstanceOf(String.class, next(), "a text reply"));
  }

  @Override
  public void onOpen(ServerHandshake handshake) {}

  @Override
  public void onMessage(String message) {
    if (!keepTiming && message.startsWith("{\"type\":\"timing\"")) {
      return;
    }
    received.add(message);
  }

  @Override
  public void onMessage(ByteBuffer bytes) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(copy);
    received.add(copy);
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    received.add("closed " + code + " " + reason);
    closed.complete(code);
  }

  @Override
  public void onError(Exception e) {
    received.add(e);
  }
}
