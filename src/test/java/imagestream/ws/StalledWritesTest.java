package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.java_websocket.WebSocket;
import org.junit.jupiter.api.Test;

/**
 * StalledWrites asks again for the write of exactly the open connections with data queued, and has
 * every open connection's queue checked.
 */
class StalledWritesTest {

  @Test
  void asksForTheWriteOfOpenConnectionsWithQueuedData() {
    WebSocket stalled = socket(true, true);
    WebSocket idle = socket(true, false);
    WebSocket closed = socket(false, true);
    List<WebSocket> asked = new ArrayList<>();
    List<WebSocket> checked = new ArrayList<>();
    StalledWrites writes =
        new StalledWrites(() -> List.of(idle, stalled, closed), asked::add, checked::add);

    assertEquals(1, writes.check());
    assertEquals(List.of(stalled), asked);
    assertEquals(List.of(idle, stalled), checked, "every open connection's queue is checked");
  }

  @Test
  void nothingQueuedAsksNothing() {
    List<WebSocket> asked = new ArrayList<>();
    StalledWrites writes =
        new StalledWrites(() -> List.of(socket(true, false)), asked::add, socket -> {});
    assertEquals(0, writes.check());
    assertEquals(List.of(), asked);
  }

  /** A WebSocket that only answers isOpen() and hasBufferedData(). */
  private static WebSocket socket(boolean open, boolean buffered) {
    return (WebSocket) Proxy.newProxyInstance(
        WebSocket.class.getClassLoader(), new Class<?>[] {WebSocket.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "isOpen" -> open;
          case "hasBufferedData" -> buffered;
          case "toString" -> "socket(open=" + open + ", buffered=" + buffered + ")";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
