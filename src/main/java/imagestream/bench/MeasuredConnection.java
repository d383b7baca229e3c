package imagestream.bench;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ServerHandshake;

/**
 * A connection that keeps a fixed number of frames in flight and times each round trip: a new
 * frame goes out as soon as a reply (or an error) comes back. Replies arrive in order, so each
 * answers the oldest frame still waiting.
 *
 * <p>Given a reconnector, a connection that closes is opened again at once (and again after
 * 100 ms, doubling to 1 s, while that fails), as a page does; its frames in flight are counted as
 * lost, and the time until it is open again is counted. Only a close that is not the server's
 * going away (1001) or a normal close, and a reconnection that fails, count as errors.
 */
final class MeasuredConnection extends WebSocketClient {

  /** A frame waiting this long for its reply counts as an error and is given up. */
  static final long STALL_NANOS = 5_000_000_000L;

  /** The longest wait between two attempts to reconnect, in milliseconds. */
  static final long MAX_RETRY_MILLIS = 1000;

  private final List<byte[]> frames;
  private final int inFlight;
  private final LoadTally tally;
  private final String processing;
  private final ScheduledExecutorService reconnector;
  private final List<Long> sentAt = new ArrayList<>(); // guarded by this; oldest first
  private int next;
  private long lastReplyAt;
  private long droppedTotal;
  private long replies; // guarded by this
  private boolean wasOpen; // this attempt opened; guarded by this
  private long closedAt = -1; // when it closed, while it is being opened again; guarded by this
  private long retryMillis; // guarded by this
  private String problem; // the last error reported before a close; guarded by this
  private volatile boolean running = true;

  /**
   * @param processing the chain to ask for before the first frame; null: the server's own
   * @param reconnector runs the reconnections; null if a connection that closes stays closed
   */
  MeasuredConnection(URI url, List<byte[]> frames, int firstFrame, int inFlight, String processing,
      LoadTally tally, ScheduledExecutorService reconnector) {
    super(url);
    this.processing = processing;
    this.frames = frames;
    this.next = firstFrame % frames.size();
    this.inFlight = inFlight;
    this.tally = tally;
    this.reconnector = reconnector;
    setTcpNoDelay(true);
  }

  @Override
  public void onOpen(ServerHandshake handshake) {
    synchronized (this) {
      wasOpen = true;
      if (closedAt >= 0) {
        tally.reconnected(System.nanoTime() - closedAt);
        closedAt = -1;
      }
      retryMillis = 0;
      problem = null;
      droppedTotal = 0; // a new connection's server counts its drops from 0
    }
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
    boolean jpeg = reply.remaining() > 2
        && reply.get(reply.position()) == (byte) 0xFF && reply.get(reply.position() + 1) == (byte) 0xD8;
    synchronized (this) {
      lastReplyAt = now;
      replies++;
      if (!jpeg) {
        tally.error("a reply that is not a JPEG (" + reply.remaining() + " bytes)");
      }
      if (!sentAt.isEmpty()) {
        tally.replied(now - sentAt.remove(0), reply.remaining());
      }
      fill();
    }
  }

  /** Replies this connection got, over all its reconnections. */
  synchronized long replies() {
    return replies;
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

  @Override
  public void onClose(int code, String reason, boolean remote) {
    if (reconnector == null) {
      if (running && remote) {
        tally.error("the server closed the connection: " + code + " " + reason);
      }
      return;
    }
    synchronized (this) {
      if (!running) {
        return;
      }
      String why = code + " " + (problem != null ? problem : reason);
      if (wasOpen) {
        closedAt = System.nanoTime();
        tally.closed(sentAt.size());
        sentAt.clear();
        if (code != CloseFrame.NORMAL && code != CloseFrame.GOING_AWAY) {
          tally.error("the connection broke: " + why);
        }
      } else {
        tally.error("could not reconnect: " + why);
      }
      wasOpen = false;
      problem = null;
      long delay = retryMillis;
      retryMillis = Math.min(MAX_RETRY_MILLIS, Math.max(100, retryMillis * 2));
      // Not on this thread: the library cannot reconnect from its own threads.
      reconnector.schedule(this::reopen, delay, TimeUnit.MILLISECONDS);
    }
  }

  private void reopen() {
    if (running) {
      reconnect();
    }
  }

  @Override
  public void onError(Exception e) {
    if (reconnector == null) {
      tally.error(e.toString());
      return;
    }
    synchronized (this) {
      problem = e.toString(); // counted by the close that follows, once
    }
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
