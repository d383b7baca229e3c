package imagestream.ws;

import imagestream.image.Detection;
import imagestream.image.FrameProcessor;
import imagestream.image.processors.ProcessingChain;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;

/**
 * One client's state on the server: its waiting frame, its processing, what it has been told,
 * and a bound on what waits to be sent to it, so a client that never reads cannot make the
 * server's memory grow.
 */
final class Connection {

  private final WebSocket socket;
  private final long sendBufferBytes;
  private final LongAdder serverDroppedReplies;
  private final LatestFrameSlot slot = new LatestFrameSlot();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong droppedReplies = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean wantsControl;
  private volatile ProcessingChain chosen; // null: the server's default chain
  private volatile Built built;
  private boolean foundBefore; // the last detections sent were not empty; only the draining worker uses it

  /** A chain and this connection's own instance of it. */
  private record Built(ProcessingChain chain, FrameProcessor processor) {}

  /**
   * @param sendBufferBytes once this much waits to be sent, further replies are dropped
   * @param serverDroppedReplies the server-wide count of dropped replies, added to here too
   */
  Connection(WebSocket socket, long sendBufferBytes, LongAdder serverDroppedReplies) {
    this.socket = socket;
    this.sendBufferBytes = sendBufferBytes;
    this.serverDroppedReplies = serverDroppedReplies;
  }

  /** The frame waiting for this client. */
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

  /**
   * Whether a reply may be queued now: false while the client has not read what is already
   * waiting, up to {@code sendBufferBytes}; the worker then skips the frame's work entirely.
   */
  boolean canSend() {
    return queuedBytes() < sendBufferBytes;
  }

  /** Sends a processed frame, or drops and counts it if the client is not reading. */
  void sendFrame(byte[] jpeg) {
    if (socket.isOpen() && admit()) {
      socket.send(jpeg);
    }
  }

  /** Sends a control message, or drops and counts it if the client is not reading. */
  void sendText(String text) {
    if (socket.isOpen() && admit()) {
      socket.send(text);
    }
  }

  /** Sends a control message if the client said hello; the seed's page would not understand it. */
  void sendControl(String text) {
    if (wantsControl) {
      sendText(text);
    }
  }

  /**
   * Sends what a frame's processing found, right after its reply, if the client said hello:
   * whenever something was found, and once more with nothing when what was found is gone.
   */
  void sendDetections(List<Detection> found) {
    if (!wantsControl || found.isEmpty() && !foundBefore) {
      return;
    }
    foundBefore = !found.isEmpty();
    sendText(ControlMessages.detections(found));
  }

  /** Counts a reply that was not sent because the client is not reading. */
  void replyDropped() {
    droppedReplies.incrementAndGet();
    serverDroppedReplies.increment();
  }

  /** Replies dropped because this client did not read them. */
  long droppedReplies() {
    return droppedReplies.get();
  }

  /** Bytes queued for this client that the socket has not taken yet. */
  long queuedBytes() {
    long bytes = 0;
    // The library's own queue of frames waiting for the socket; ours are the only large ones.
    if (socket instanceof WebSocketImpl impl) {
      for (ByteBuffer buffer : impl.outQueue) {
        bytes += buffer.remaining();
      }
    }
    return bytes;
  }

  /** Whether the client is still connected. */
  boolean isOpen() {
    return socket.isOpen();
  }

  /** Forgets the waiting frame; returns true the first time only, so a slot is released once. */
  boolean close() {
    slot.clear();
    return closed.compareAndSet(false, true);
  }

  private boolean admit() {
    if (canSend()) {
      return true;
    }
    replyDropped();
    return false;
  }

  @Override
  public String toString() {
    return String.valueOf(socket.getRemoteSocketAddress());
  }
}
