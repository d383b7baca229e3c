package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.Settings;
import imagestream.http.PageServer;
import imagestream.http.PageTemplate;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A frame in flight when its connection closes gets no reply: the page counts it as lost at
 * once (not only when it times out 3 s later) and goes on, as it does when a frame server behind
 * a load balancer goes away. Here the "frame server" closes each connection with 1001 when a
 * frame arrives, without answering it.
 */
class LostFramesBrowserIT {

  private PageServer page;
  private ClosingServer frames;
  private ChromeDriver browser;

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

  @AfterEach
  void stop() throws InterruptedException {
    Servers.stop(browser, page, null);
    if (frames != null) {
      frames.stop(1000);
    }
  }

  @Test
  void aFrameInFlightOnAClosedConnectionIsCountedAsLostAtOnce() throws Exception {
    frames = new ClosingServer();
    frames.start();
    int wsPort = frames.started.get(10, TimeUnit.SECONDS);
    Settings settings = Settings.fromMap(
        Map.of("HOST", "127.0.0.1", "WS_PORT", Integer.toString(wsPort), "HTTP_PORT", "0"));
    page = PageServer.start(settings, () -> settings, new PageTemplate(Path.of("client.html")));
    browser = Chromium.start();
    browser.get("http://127.0.0.1:" + page.port() + "/client.html");

    PageProbe.waitFor(browser, "a frame sent", () -> number("framesSent") >= 1);
    long firstSent = System.nanoTime();
    PageProbe.waitFor(browser, "frames counted as lost", () -> number("lost") >= 2);
    double seconds = (System.nanoTime() - firstSent) / 1e9;
    System.out.printf("LostFramesBrowserIT: %d frames sent, %d counted as lost, %d reconnections,"
            + " the second lost %.1f s after the first was sent%n",
        number("framesSent"), number("lost"), number("reconnects"), seconds);
    // Two reconnections (0.25 s, then 0.5 s) take 0.75 s; a timeout would take 3 s per frame.
    assertTrue(seconds < 2.5, "counted at the close, not at the 3 s timeout: " + seconds + " s");
    assertTrue(number("reconnects") >= 2, "the page reconnects and goes on");
    assertTrue(number("framesReceived") == 0, "no reply ever came");
  }

  private long number(String name) {
    return ((Number) PageProbe.js(browser, "return window.imageStream." + name)).longValue();
  }
}
