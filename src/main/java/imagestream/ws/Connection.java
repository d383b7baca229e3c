package imagestream.ws;

import imagestream.image.FrameProcessor;
import imagestream.image.processors.ProcessingChain;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;

/** One client's state on the server: its waiting frame, its processing, what it has been told. */
final class Connection {

  private final WebSocket socket;
  private final LatestFrameSlot slot = new LatestFrameSlot();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean wantsControl;
  private volatile ProcessingChain chosen; // null: the server's default chain
  private volatile Built built;

  /** A chain and this connection's own instance of it. */
  private record Built(ProcessingChain chain, FrameProcessor processor) {}

  Connection(WebSocket socket) {
    this.socket = socket;
  }

  LatestFrameSlot slot() {
    return slot;
  }

  /** Counts a frame the server dropped for this client and tells the client if it listens. */
  void frameDropped() {
    long total = dropped.incrementAndGet();
    sendControl(ControlMessages.dropped(total));
  }

  /** The client said hello: it understands JSON control messages (the seed's page does not). */
  void enableControlMessages() {
    wantsControl = true;
  }

  /** Chooses the chain for this connection's next frames; null follows the server's default. */
  void choose(ProcessingChain chain) {
    chosen = chain;
  }

  /** Whether the client chose its own chain, rather than following the server's default. */
  boolean hasOwnChain() {
    return chosen != null;
  }

  /** The chain this connection's frames go through: its own choice, else {@code defaultChain}. */
  ProcessingChain chain(ProcessingChain defaultChain) {
    ProcessingChain own = chosen;
    return own != null ? own : defaultChain;
  }

  /**
   * This connection's own processors for {@code chain}, created on first use and again when the
   * chain changes. Only the worker draining this connection calls it, so a processor is never
   * used by two threads at once and may keep state between this stream's frames.
   */
  FrameProcessor processor(ProcessingChain chain) {
    Built current = built;
    if (current == null || !current.chain().equals(chain)) {
      current = new Built(chain, chain.build());
      built = current;
    }
    return current.processor();
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

  /** Sends a control message if the client said hello; the seed's page would not understand it. */
  void sendControl(String text) {
    if (wantsControl) {
      sendText(text);
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
