package imagestream.ws;

import imagestream.image.Detection;
import imagestream.image.FrameProcessor;
import imagestream.image.processors.ProcessingChain;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.framing.PongFrame;

/**
 * One client's state on the server: its waiting frame, its processing, what it has been told,
 * and a bound on what waits to be sent to it, so a client that never reads cannot make the
 * server's memory grow.
 *
 * <p>Everything the server queues for a client passes one admission rule ({@link #canSend()}):
 * replies, control messages and pongs alike. What the library queues by itself (its own pings, a
 * close frame) is small and rare; {@link #overHardLimit()} catches anything else.
 */
final class Connection {

  /**
   * Messages that may wait to be sent to one client. The byte bound alone would let tiny
   * messages (a 2-byte pong, a 30-byte notice) pile up by the hundred thousand, each costing the
   * heap about 100 bytes of bookkeeping.
   */
  static final int MAX_QUEUED_MESSAGES = 1024;

  /** How far past the admission bounds a queue may get before the connection is closed. */
  static final int HARD_MARGIN_BYTES = 64 * 1024;

  /** Messages past {@link #MAX_QUEUED_MESSAGES} before the connection is closed. */
  static final int HARD_MARGIN_MESSAGES = 64;

  private final WebSocket socket;
  private final String client;
  private final long sendBufferBytes;
  private final LongAdder serverDroppedReplies;
  private final LatestFrameSlot slot = new LatestFrameSlot();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong droppedReplies = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicReference<Framedata> owedPing = new AtomicReference<>();
  private final AtomicLong largestSent = new AtomicLong();
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
    this(socket, null, sendBufferBytes, serverDroppedReplies);
  }

  /**
   * @param client who the logs say it is: its address, with the proxy's when it came through one;
   *     null for the socket's remote address
   * @param sendBufferBytes once this much waits to be sent, further replies are dropped
   * @param serverDroppedReplies the server-wide count of dropped replies, added to here too
   */
  Connection(WebSocket socket, String client, long sendBufferBytes, LongAdder serverDroppedReplies) {
    this.socket = socket;
    this.client = client;
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
   * Whether a message may be queued now: false while the client has not read what is already
   * waiting, up to {@code sendBufferBytes} or {@link #MAX_QUEUED_MESSAGES}; the worker then skips
   * the frame's work entirely.
   */
  boolean canSend() {
    return queuedMessages() < MAX_QUEUED_MESSAGES && queuedBytes() < sendBufferBytes;
  }

  /** Sends a processed frame, or drops and counts it if the client is not reading. */
  void sendFrame(byte[] jpeg) {
    if (socket.isOpen() && admit()) {
      noteSent(jpeg.length);
      socket.send(jpeg);
    }
  }

  /** Sends a control message, or drops and counts it if the client is not reading. */
  void sendText(String text) {
    if (socket.isOpen() && admit()) {
      noteSent(text.length() * 3L); // at most 3 UTF-8 bytes a char
      socket.send(text);
    }
  }

  /**
   * Answers a ping from the client with a pong, if the client reads what it is sent; else the
   * pong is owed and sent by {@link #payOwedPong} once it does. Only the latest ping is answered
   * then, as RFC 6455 (5.5.3) allows: a flood of pings never read queues nothing.
   */
  void answerPing(Framedata ping) {
    owedPing.set(ping);
    payOwedPong();
  }

  /** Sends the pong owed for the latest unanswered ping, if the client can take it now. */
  void payOwedPong() {
    if (owedPing.get() == null || !socket.isOpen() || !canSend()) {
      return;
    }
    Framedata ping = owedPing.getAndSet(null);
    if (ping instanceof PingFrame pingFrame) {
      socket.sendFrame(new PongFrame(pingFrame));
    }
  }

  /**
   * Whether more waits to be sent than this connection's admission rule could ever have let in
   * (the bounds, plus the largest message sent, plus a margin): something queued past the rule,
   * and the connection must be closed before it costs the server its memory.
   */
  boolean overHardLimit() {
    return queuedMessages() > MAX_QUEUED_MESSAGES + HARD_MARGIN_MESSAGES
        || queuedBytes() > sendBufferBytes + largestSent.get() + HARD_MARGIN_BYTES;
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
    // The library's own queue of frames waiting for the socket, whoever queued them.
    if (socket instanceof WebSocketImpl impl) {
      for (ByteBuffer buffer : impl.outQueue) {
        bytes += buffer.remaining();
      }
    }
    return bytes;
  }

  /** Messages (frames) queued for this client that the socket has not taken yet. */
  int queuedMessages() {
    return socket instanceof WebSocketImpl impl ? impl.outQueue.size() : 0;
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

  private void noteSent(long bytes) {
    largestSent.accumulateAndGet(bytes, Math::max);
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
    return client != null ? client : String.valueOf(socket.getRemoteSocketAddress());
  }
}
