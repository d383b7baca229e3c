package imagestream.ws;

import java.nio.ByteBuffer;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.framing.CloseFrame;

/**
 * A connection that answers a plain {@code GET} with the {@link LandingPage} instead of
 * Java-WebSocket's fixed "404 WebSocket Upgrade Failure" (the library writes no other answer).
 * It looks at the first bytes only: a request head split over two reads goes to the library.
 */
final class LandingPageSocket extends WebSocketImpl {

  private final LandingPage page;
  private boolean looked; // only the connection's one decoder thread reads and writes it

  LandingPageSocket(WebSocketListener listener, List<Draft> drafts, LandingPage page) {
    super(listener, drafts);
    this.page = page;
  }

  @Override
  public void decode(ByteBuffer bytes) {
    if (!looked && getReadyState() == ReadyState.NOT_YET_CONNECTED) {
      looked = true;
      byte[] answer = page.answer(bytes.duplicate());
      if (answer != null) {
        // As the library answers a refused handshake: queue the answer, then close once written.
        outQueue.add(ByteBuffer.wrap(answer));
        flushAndClose(CloseFrame.NORMAL, "Answered a web page request", false);
        return;
      }
    }
    super.decode(bytes);
  }
}
