package imagestream.ws;

import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.framing.Framedata;

/**
 * Works around Java-WebSocket 1.6.0 checking a fragmented message's size only once its last
 * fragment arrives (TooTallNate/Java-WebSocket#1508): a client could otherwise grow one message
 * without bound in small continuation frames. RFC 6455 with {@code MAX_FRAME_BYTES} enforced on
 * whole messages, closing with 1009; the library itself checks each frame before allocating it.
 */
final class MessageSizeLimit extends Draft_6455 {

  private final int maxBytes;
  private long assembled; // bytes of the fragmented message so far; one decoder thread per connection

  /** Messages over {@code maxBytes}, whole or fragmented, close the connection with 1009. */
  MessageSizeLimit(int maxBytes) {
    super(List.of(), maxBytes);
    this.maxBytes = maxBytes;
  }

  @Override
  public void processFrame(WebSocketImpl socket, Framedata frame) throws InvalidDataException {
    switch (frame.getOpcode()) {
      case TEXT, BINARY -> assembled = frame.isFin() ? 0 : frame.getPayloadData().remaining();
      case CONTINUOUS -> {
        assembled += frame.getPayloadData().remaining();
        if (assembled > maxBytes) {
          throw new LimitExceededException(
              "Message larger than MAX_FRAME_BYTES (" + maxBytes + " bytes)", maxBytes);
        }
        if (frame.isFin()) {
          assembled = 0;
        }
      }
      default -> {
        // control frames (ping, pong, close) are not part of a message
      }
    }
    super.processFrame(socket, frame);
  }

  /** Each connection gets its own copy, with its own count. */
  @Override
  public Draft copyInstance() {
    return new MessageSizeLimit(maxBytes);
  }

  @Override
  public void reset() {
    super.reset();
    assembled = 0;
  }
}
