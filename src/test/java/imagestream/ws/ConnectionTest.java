package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.stream.FrameStats;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft_6455;
import org.junit.jupiter.api.Test;

/**
 * Connection's bounds on what waits to be sent, read from the library's own queue: whoever queued
 * the bytes, many small messages count as well as a few large ones.
 */
class ConnectionTest {

  private static final int BOUND = 256 * 1024;

  private final WebSocketImpl socket = unconnected();
  private final Connection connection = new Connection(socket, null, BOUND, new FrameStats());

  @Test
  void manySmallMessagesCloseTheAdmissionLikeFewLargeOnes() {
    queue(Connection.MAX_QUEUED_MESSAGES - 1, 2);
    assertTrue(connection.canTakeMore());
    queue(1, 2);
    assertFalse(connection.canTakeMore(), "at most " + Connection.MAX_QUEUED_MESSAGES + " messages");
  }

  @Test
  void bytesCloseTheAdmission() {
    queue(1, BOUND - 1);
    assertTrue(connection.canTakeMore());
    queue(1, 1);
    assertFalse(connection.canTakeMore());
  }

  @Test
  void aQueuePastTheBoundsAndTheirMarginIsOverTheHardLimit() {
    queue(1, BOUND + Connection.HARD_MARGIN_BYTES);
    assertFalse(connection.overHardLimit(), "at the margin");
    queue(1, 1);
    assertTrue(connection.overHardLimit(), "past it");
  }

  @Test
  void tooManyMessagesAreOverTheHardLimit() {
    queue(Connection.MAX_QUEUED_MESSAGES + Connection.HARD_MARGIN_MESSAGES, 2);
    assertFalse(connection.overHardLimit(), "at the margin");
    queue(1, 2);
    assertTrue(connection.overHardLimit(), "past it");
  }

  private void queue(int messages, int bytes) {
    for (int i = 0; i < messages; i++) {
      socket.outQueue.add(ByteBuffer.allocate(bytes));
    }
  }

  /** A WebSocket that never connects: its listener is never called, nothing reads or writes it. */
  static WebSocketImpl unconnected() {
    return new WebSocketImpl(listener(), new Draft_6455());
  }

  private static WebSocketListener listener() {
    return (WebSocketListener) Proxy.newProxyInstance(
        WebSocketListener.class.getClassLoader(), new Class<?>[] {WebSocketListener.class},
        (proxy, method, args) -> {
          throw new UnsupportedOperationException(method.getName());
        });
  }
}
