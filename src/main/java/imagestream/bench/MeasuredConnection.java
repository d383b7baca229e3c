package imagestream.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A connection that keeps a fixed number of frames in flight and times each round trip: a new
 * frame goes out as soon as a reply (or an error) comes back. Replies arrive in order, so each
 * answers the oldest frame still waiting.
 */
final class MeasuredConnection extends WebSocketClient {

  /** A frame waiting this long for its reply counts as an error and is given up. */
  static final long STALL_NANOS = 5_000_000_000L;

  private final List<byte[]> frames;
  private final int inFlight;
  private final LoadTally tally;
  private final String processing;
  private final List<Long> sentAt = new ArrayList<>(); // guarded by this; oldest first
  private int next;
  private long lastReplyAt;
  private long droppedTotal;
  private volatile boolean running = true;

  /** @param processing the chain to ask for before the first frame; null: the server's own */
  MeasuredConnection(
      URI url, List<byte[]> frames, int firstFrame, int inFlight, String processing, LoadTally tally) {
    super(url);
    this.processing = processing;
    this.frames = frames;
    this.next = firstFrame % frames.size();
    this.inFlight = inFlight;
    this.tally = tally;
    setTcpNoDelay(true);
  }

  @Override
  public void onOpen(ServerHandshake handshake) {
    if (inFlight > 2) {
      // Beyond one frame processing and one waiting, our server drops frames (latest wins);
      // its "dropped" notices, sent after a hello, free their places in flight.
      send("{\"type\":\"hello\"}");
    }
    if (processing != null) {
      send(ChainRequest.of(processing)); // answered by a config message, which is ignored
    }
    synchronized (this) {
      lastReplyAt = System.nanoTime();
      fill();
    }
  }

  @Override
  public void onMessage(ByteBuffer reply) {
    long now = System.nanoTime();
    synchronized (this) {
      lastReplyAt = now;
      if (!sentAt.isEmpty()) {
        tally.replied(now - sentAt.remove(0), reply.remaining());
      }
      fill();
    }
  }

  @Override
  public void onMessage(String message) {
    Map<String, Object> json;
    try {
      json = JSON.std.mapFrom(message);
    } catch (IOException e) {
      tally.error("a text message that is not JSON: " + message);
      return;
    }
    synchronized (this) {
      lastReplyAt = System.nanoTime();
      if ("error".equals(json.get("type"))) {
        tally.error("error from the server: " + message);
        if (!sentAt.isEmpty()) {
          sentAt.remove(0);
        }
      } else if ("dropped".equals(json.get("type")) && json.get("total") instanceof Number total) {
        // The dropped frame was waiting behind the one in progress: the second oldest.
        for (long d = total.longValue() - droppedTotal; d > 0 && !sentAt.isEmpty(); d--) {
          sentAt.remove(sentAt.size() > 1 ? 1 : 0);
        }
        droppedTotal = total.longValue();
      }
      fill();
    }
  }

  /** Gives up frames that waited too long for a reply, counting an error, and sends anew. */
  synchronized void checkStalled(long now) {
    if (running && !sentAt.isEmpty() && now - lastReplyAt > STALL_NANOS) {
      tally.error("no reply within " + STALL_NANOS / 1_000_000_000 + " s");
      sentAt.clear();
      lastReplyAt = now;
      fill();
    }
  }

  /** Stops sending; replies still count. */
  void stopSending() {
    running = false;
  }

  /** Frames sent and not answered yet. */
  synchronized int waiting() {
    return sentAt.size();
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    if (running && remote) {
      tally.error("the server closed the connection: " + code + " " + reason);
    }
  }

  @Override
  public void onError(Exception e) {
    tally.error(e.toString());
  }

  /** The {@code type} of a JSON control message, or null if it is not one. */
  static String typeOf(String message) {
    try {
      return JSON.std.mapFrom(message).get("type") instanceof String type ? type : null;
    } catch (IOException e) {
      return null;
    }
  }

  private void fill() {
    while (running && isOpen() && sentAt.size() < inFlight) {
      byte[] frame = frames.get(next);
      next = next + 1 == frames.size() ? 0 : next + 1;
      sentAt.add(System.nanoTime());
      send(frame);
      tally.sent(frame.length);
    }
  }
}
