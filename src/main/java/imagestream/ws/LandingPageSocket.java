package imagestream.ws;

import java.nio.ByteBuffer;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.framing.CloseFrame;

/**
 * The frame server's connection: Java-WebSocket's, but it answers a plain {@code GET} with the
 * {@link LandingPage} instead of the library's fixed "404 WebSocket Upgrade Failure" (the library
 * writes no other answer), and it unmasks the client's frames with a {@link FrameUnmasker}
 * before the library reads them. It looks at the first bytes only: a request head split over two
 * reads goes to the library, and so do the frames of a connection whose first bytes held more
 * than its request head (the library then unmasks them itself).
 */
final class LandingPageSocket extends WebSocketImpl {

  private final LandingPage page;
  // Only the connection's one decoder thread reads and writes these.
  private boolean looked;
  private FrameUnmasker unmasker; // from the first bytes after the handshake on, if they start a frame

  LandingPageSocket(WebSocketListener listener, List<Draft> drafts, LandingPage page) {
    super(listener, drafts);
    this.page = page;
  }

  @Override
  public void decode(ByteBuffer bytes) {
    if (unmasker != null) {
      ByteBuffer frames = unmasker.unmask(bytes);
      if (frames.hasRemaining()) { // none when all the bytes were part of a header, held over
        super.decode(frames);
      }
      return;
    }
    if (!looked && getReadyState() == ReadyState.NOT_YET_CONNECTED) {
      looked = true;
      boolean headOnly = endsWithTheHead(bytes);
      byte[] answer = page.answer(bytes.duplicate());
      if (answer != null) {
        // As the library answers a refused handshake: queue the answer, then close once written.
        outQueue.add(ByteBuffer.wrap(answer));
        flushAndClose(CloseFrame.NORMAL, "Answered a web page request", false);
        return;
      }
      super.decode(bytes);
      if (headOnly && getReadyState() == ReadyState.OPEN) {
        unmasker = new FrameUnmasker(); // the next byte is a frame's first
      }
      return;
    }
    super.decode(bytes);
  }

  /** Whether the bytes hold a whole request head and nothing after it. */
  private static boolean endsWithTheHead(ByteBuffer bytes) {
    for (int i = bytes.position(); i + 4 <= bytes.limit(); i++) {
      if (bytes.get(i) == '\r' && bytes.get(i + 1) == '\n' && bytes.get(i + 2) == '\r'
          && bytes.get(i + 3) == '\n') {
        return i + 4 == bytes.limit();
      }
    }
    return false;
  }
}
