package imagestream.ws;

import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;

/** One client's state on the server: its waiting frame and what it has been told. */
final class Connection {

  private final WebSocket socket;
  private final LatestFrameSlot slot = new LatestFrameSlot();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean wantsControl;

  Connection(WebSocket socket) {
    this.socket = socket;
  }

  LatestFrameSlot slot() {
    return slot;
  }

  /** Counts a frame the server dropped for this client and tells the client if it listens. */
  void frameDropped() {
    long total = dropped.incrementAndGet();
    if (wantsControl) {
      sendText(ControlMessages.dropped(total));
    }
  }

  /** The client said hello: it understands JSON control messages (the seed's page does not). */
  void enableControlMessages() {
    wantsControl = true;
  }

  void sendFrame(byte[] jpeg) {
    if (socket.isOpen()) {
      socket.send(jpeg);
    }
  }

  void sendText(String text) {
    if (socket.isOpen()) {
      socket.send(text);
    }
  }

  boolean isOpen() {
    return socket.isOpen();
  }

  @Override
  public String toString() {
    return String.valueOf(socket.getRemoteSocketAddress());
  }
}
