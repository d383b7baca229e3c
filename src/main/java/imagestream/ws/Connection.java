package imagestream.ws;

import imagestream.image.Detection;
import imagestream.stream.FrameStats;
import imagestream.stream.Session;
import imagestream.stream.Timing;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.Framedata;

/**
 * One WebSocket client as the frame core sees it: how to reach it, what it has been told, and a
 * bound on what waits to be sent to it, so a client that never reads cannot make the server's
 * memory grow.
 *
 * <p>Everything the server queues for a client passes one admission rule ({@link
 * #canTakeMore()}): replies, control messages and pongs alike. What the library queues by itself
 * (its own pings, a close frame) is small and rare; {@link #overHardLimit()} catches anything
 * else.
 */
final class Connection extends Session {

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
  private final FrameStats stats;
  private final OwedPong pong = new OwedPong();
  private final AtomicLong largestSent = new AtomicLong();
  private volatile boolean wantsControl;
  private boolean foundBefore; // the last detections sent were not empty; only the replying worker uses it

  /**
   * @param client who the logs say it is: its address, with the proxy's when it came through one;
   *     null for the socket's remote address
   * @param sendBufferBytes once this much waits to be sent, further replies are dropped
   * @param stats where dropped replies are counted
   */
  Connection(WebSocket socket, String client, long sendBufferBytes, FrameStats stats) {
    this.socket = socket;
    this.client = client;
    this.sendBufferBytes = sendBufferBytes;
    this.stats = stats;
  }

  @Override
  public boolean isOpen() {
    return socket.isOpen();
  }

  /**
   * Whether a message may be queued now: false while the client has not read what is already
   * waiting, up to {@code sendBufferBytes} or {@link #MAX_QUEUED_MESSAGES}.
   */
  @Override
  public boolean canTakeMore() {
    return queuedMessages() < MAX_QUEUED_MESSAGES && queuedBytes() < sendBufferBytes;
  }

  /**
   * Sends a processed frame and, if the client said hello, what its processing found: whenever
   * something was found, and once more with nothing when what was found is gone.
   */
  @Override
  protected boolean reply(byte[] jpeg, List<Detection> found) {
    if (!socket.isOpen() || !admit()) {
      return false;
    }
    noteSent(jpeg.length);
    socket.send(jpeg);
    if (wantsControl && (!found.isEmpty() || foundBefore)) {
      foundBefore = !found.isEmpty();
      sendText(ControlMessages.detections(found));
    }
    return true;
  }

  @Override
  protected void refuse(String code, String message) {
    sendText(ControlMessages.error(code, message));
  }

  @Override
  protected void tellDropped(long total) {
    sendControl(ControlMessages.dropped(total));
  }

  @Override
  protected void tellTiming(Timing timing) {
    sendControl(ControlMessages.timing(timing));
  }

  /** The client said hello: it understands JSON control messages (the original page does not). */
  void enableControlMessages() {
    wantsControl = true;
  }

  /** Sends a control message if the client said hello; the original page would not understand it. */
  void sendControl(String text) {
    if (wantsControl) {
      sendText(text);
    }
  }

  /** Sends a text message, or drops and counts it if the client is not reading. */
  void sendText(String text) {
    if (socket.isOpen() && admit()) {
      noteSent(text.length() * 3L); // at most 3 UTF-8 bytes a char
      socket.send(text);
    }
  }

  /** Answers a ping from the client, now or once it reads again (see {@link OwedPong}). */
  void answerPing(Framedata ping) {
    pong.owe(ping, socket, this::canTakeMore);
  }

  /** Sends the pong owed for the latest unanswered ping, if the client can take it now. */
  void payOwedPong() {
    pong.pay(socket, this::canTakeMore);
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

  private void noteSent(long bytes) {
    largestSent.accumulateAndGet(bytes, Math::max);
  }

  private boolean admit() {
    if (canTakeMore()) {
      return true;
    }
    stats.replyDropped();
    return false;
  }

  @Override
  public String toString() {
    return client != null ? client : String.valueOf(socket.getRemoteSocketAddress());
  }
}
