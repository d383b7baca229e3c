package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.http.PageServer;
import imagestream.http.PageServerMain;
import imagestream.ws.FrameServer;
import imagestream.ws.FrameServerMain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page over a slow link: its WebSocket goes through a proxy on 127.0.0.1 that adds 60 ms
 * each way, and the page keeps enough frames in flight to follow the fake camera (20 frames/s)
 * all the same, without a queue.
 */
class SlowLinkBrowserIT {

  private static final Duration ONE_WAY = Duration.ofMillis(60);
  private static final int CAMERA_FPS = 20;

  private static FrameServer frames;
  private static PageServer page;
  private static DelayingProxy proxy;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws IOException {
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target"), "slow-link-it-");
    int wsPort = freePort();
    int httpPort = freePort();
    List<String> common = List.of("HOST=127.0.0.1", "HTTP_PORT=" + httpPort, "CLIENT_WIDTH=320",
        "CLIENT_HEIGHT=240", "SERVER_WIDTH=160", "SERVER_HEIGHT=120");
    frames = FrameServerMain.start(env(dir.resolve("frames.env"), common, "WS_PORT=" + wsPort));
    proxy = new DelayingProxy(wsPort, ONE_WAY);
    // The page is told the proxy's port, so its WebSocket takes the long way.
    page = PageServerMain.start(env(dir.resolve("page.env"), common, "WS_PORT=" + proxy.port()));
    browser = Chromium.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (page != null) {
      page.stop();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (frames != null) {
      frames.shutdown(1000);
    }
  }

  @Test
  void followsTheCameraAcrossTheRoundTripWithAtMostFourFramesInFlight() throws Exception {
    browser.get(page.url());
    waitFor("the first frames", () -> ((Number) stat("framesReceived")).longValue() >= 20);
    // The window settles once a base round trip and the camera's rate are known.
    waitFor("more than one frame in flight", () -> ((Number) stat("inFlightAllowed")).longValue() > 1);

    long first = ((Number) stat("framesReceived")).longValue();
    long firstCamera = ((Number) stat("cameraFrames")).longValue();
    long start = System.nanoTime();
    List<Double> rtts = new ArrayList<>();
    List<Long> windows = new ArrayList<>();
    while (System.nanoTime() - start < 5_000_000_000L) {
      Thread.sleep(250); // a sample of the page's figures four times a second
      Object rtt = stat("rttMedian");
      if (rtt != null) {
        rtts.add(((Number) rtt).doubleValue());
      }
      windows.add(((Number) stat("inFlightAllowed")).longValue());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double fps = (((Number) stat("framesReceived")).longValue() - first) / seconds;
    // What the camera delivered in the same seconds: a loaded machine's Chromium may not keep 20.
    double cameraFps = (((Number) stat("cameraFrames")).longValue() - firstCamera) / seconds;
    rtts.sort(null);
    double p50 = rtts.get(rtts.size() / 2);
    double roundTrip = 2 * ONE_WAY.toMillis();
    System.out.printf("SlowLinkBrowserIT: %.1f frames/s received through a link of %d ms each way;"
            + " camera %.1f frames/s; median round trip %.0f ms; frames in flight allowed %s;"
            + " most in flight %s; dropped by the server %s%n",
        fps, ONE_WAY.toMillis(), cameraFps, p50, windows, stat("maxInFlight"), stat("dropped"));

    assertTrue(fps >= 0.8 * cameraFps,
        "at least 16 of every 20 frames the camera delivers, got " + fps + " of " + cameraFps);
    assertTrue(((Number) stat("maxInFlight")).longValue() <= 4, "at most 4 frames in flight");
    assertTrue(p50 <= roundTrip + 2 * 1000.0 / CAMERA_FPS,
        "median latency within a round trip and two frame intervals, got " + p50);
    assertTrue(p50 >= roundTrip, "the proxy's delay is in the round trip, got " + p50);
    String shown = (String) js("return document.getElementById('in-flight').textContent");
    assertTrue(shown.matches("[0-4] / [1-4]"), "the statistics show the frames in flight: " + shown);
  }

  @Test
  void theWindowRuleFollowsTheRoundTripAndFallsBackToOne() {
    browser.get(page.url());
    assertEquals(1L, rule("{}"), "nothing known yet");
    assertEquals(4L, rule("{baseRtt: 120, rtt: 125, cameraFps: 20, setback: false, cap: 4}"),
        "ceil(0.12 s x 20/s) + 1 = 4");
    assertEquals(3L, rule("{baseRtt: 60, rtt: 70, cameraFps: 20, setback: false, cap: 4}"));
    assertEquals(2L, rule("{baseRtt: 4, rtt: 5, cameraFps: 20, setback: false, cap: 4}"),
        "on localhost: 2");
    assertEquals(4L, rule("{baseRtt: 400, rtt: 420, cameraFps: 30, setback: false, cap: 4}"),
        "capped");
    assertEquals(1L, rule("{baseRtt: 120, rtt: 300, cameraFps: 20, setback: false, cap: 4}"),
        "replies slower than the base round trip explains: a queue is building");
    assertEquals(3L, rule("{baseRtt: 120, rtt: 125, cameraFps: 20, setback: true, cap: 4}"),
        "the server dropped one of our frames: one fewer");
    assertEquals(1L, rule("{baseRtt: 4, rtt: 5, cameraFps: 20, setback: true, cap: 4}"),
        "one fewer, at least one");
    assertEquals(1L, rule("{baseRtt: 120, rtt: 125, cameraFps: 0, setback: false, cap: 4}"),
        "no camera frames");
  }

  private static long rule(String figures) {
    return ((Number) js("return framesInFlightFor(" + figures + ")")).longValue();
  }

  private static Path env(Path file, List<String> common, String wsPort) throws IOException {
    List<String> lines = new ArrayList<>(common);
    lines.add(wsPort);
    return Files.writeString(file, String.join("\n", lines) + "\n");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Object stat(String name) {
    return js("return window.imageStream && window.imageStream." + name);
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private static void waitFor(String what, BooleanSupplier condition) {
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .withMessage(() -> "waiting for " + what + "; page stats: "
            + js("return JSON.stringify(window.imageStream)"))
        .until(d -> condition.getAsBoolean());
  }
}
