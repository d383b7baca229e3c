package imagestream.bench;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A connection that sends frames at a fixed rate whatever the replies, to overload a server. */
final class FloodConnection extends WebSocketClient {

  private final List<byte[]> frames;
  private final LoadTally tally;
  private final String processing;
  private int next;
  private volatile boolean running = true;

  /** @param processing the chain to ask for before the first frame; null: the server's own */
  FloodConnection(URI url, List<byte[]> frames, int firstFrame, String processing, LoadTally tally) {
    super(url);
    this.processing = processing;
    this.frames = frames;
    this.next = firstFrame % frames.size();
    this.tally = tally;
    setTcpNoDelay(true);
  }

  /** Sends the next frame; called at the flood rate by a scheduler. */
  void sendNext() {
    if (running && isOpen()) {
      byte[] frame = frames.get(next);
      next = next + 1 == frames.size() ? 0 : next + 1;
      send(frame);
      tally.floodSent();
    }
  }

  /** Stops sending. */
  void stopSending() {
    running = false;
  }

  @Override
  public void onOpen(ServerHandshake handshake) {
    if (processing != null) {
      send(ChainRequest.of(processing));
    }
  }

  @Override
  public void onMessage(ByteBuffer reply) {
    tally.floodReplied();
  }

  @Override
  public void onMessage(String message) {
    if ("error".equals(MeasuredConnection.typeOf(message))) {
      tally.error("error from the server: " + message);
    }
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    if (running && remote) {
      tally.error("the server closed a flood connection: " + code + " " + reason);
    }
  }

  @Override
  public void onError(Exception e) {
    tally.error(e.toString());
  }
}
