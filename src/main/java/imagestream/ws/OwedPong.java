package imagestream.ws;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.framing.PongFrame;

/**
 * Works around Java-WebSocket 1.6.0 queueing a pong for every ping, without bound, for a client
 * that never reads: the pong for a client's ping is sent only while it reads what it is sent, else
 * owed and paid once it does. Only the latest ping is answered then, as RFC 6455 (5.5.3) allows,
 * so a flood of pings never read queues nothing.
 */
final class OwedPong {

  private final AtomicReference<Framedata> owed = new AtomicReference<>();

  /** Owes a pong for {@code ping}, replacing any older debt, and pays it if it can. */
  void owe(Framedata ping, WebSocket socket, BooleanSupplier canSend) {
    owed.set(ping);
    pay(socket, canSend);
  }

  /** Sends the pong owed for the latest unanswered ping, if the client can take it now. */
  void pay(WebSocket socket, BooleanSupplier canSend) {
    if (owed.get() == null || !socket.isOpen() || !canSend.getAsBoolean()) {
      return;
    }
    Framedata ping = owed.getAndSet(null);
    if (ping instanceof PingFrame pingFrame) {
      socket.sendFrame(new PongFrame(pingFrame));
    }
  }
}
