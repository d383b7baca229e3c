package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A frame in flight when its connection closes gets no reply: the page counts it as lost at
 * once (not only when it times out 3 s later) and goes on, as it does when a frame server behind
 * a load balancer goes away. Here the "frame server" closes each connection with 1001 when a
 * frame arrives, without answering it.
 */
class LostFramesBrowserIT {

  @RegisterExtension static final LivePage live = new LivePage();

  /** Takes a connection's first frame and closes it with 1001 instead of answering. */
  private static final class ClosingServer extends WebSocketServer {
    final CompletableFuture<Integer> started = new CompletableFuture<>();

    ClosingServer() {
      super(new InetSocketAddress("127.0.0.1", 0));
      setReuseAddr(true);
    }

    @Override
    public void onMessage(WebSocket socket, ByteBuffer frame) {
      socket.close(CloseFrame.GOING_AWAY, "going away");
    }

    @Override
    public void onMessage(WebSocket socket, String message) {}

    @Override
    public void onOpen(WebSocket socket, ClientHandshake handshake) {}

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean remote) {}

    @Override
    public void onError(WebSocket socket, Exception e) {
      started.completeExceptionally(e);
    }

    @Override
    public void onStart() {
      started.complete(getPort());
    }
  }

  @Test
  void aFrameInFlightOnAClosedConnectionIsCountedAsLostAtOnce() throws Exception {
    ClosingServer frames = new ClosingServer();
    frames.start();
    live.closeAfterTests(() -> frames.stop(1000));
    int wsPort = frames.started.get(10, TimeUnit.SECONDS);
    live.startPage(live.writeEnv(List.of("WS_PORT=" + wsPort)));
    live.openBrowser();

    live.waitFor("a frame sent", () -> number("framesSent") >= 1);
    long firstSent = System.nanoTime();
    live.waitFor("frames counted as lost", () -> number("lost") >= 2);
    double seconds = (System.nanoTime() - firstSent) / 1e9;
    System.out.printf("LostFramesBrowserIT: %d frames sent, %d counted as lost, %d reconnections,"
            + " the second lost %.1f s after the first was sent%n",
        number("framesSent"), number("lost"), number("reconnects"), seconds);
    // Two reconnections (0.25 s, then 0.5 s) take 0.75 s; a timeout would take 3 s per frame.
    assertTrue(seconds < 2.5, "counted at the close, not at the 3 s timeout: " + seconds + " s");
    assertTrue(number("reconnects") >= 2, "the page reconnects and goes on");
    assertTrue(number("framesReceived") == 0, "no reply ever came");
  }

  private static long number(String name) {
    return (long) live.number(name);
  }
}
