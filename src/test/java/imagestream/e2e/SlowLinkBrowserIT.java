package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The page over a slow link: its WebSocket goes through a proxy on 127.0.0.1 that adds 60 ms
 * each way, and the page keeps enough frames in flight to follow the fake camera (20 frames/s)
 * all the same, without a queue.
 */
class SlowLinkBrowserIT {

  private static final Duration ONE_WAY = Duration.ofMillis(60);
  private static final int CAMERA_FPS = 20;

  @RegisterExtension static final LivePage live = new LivePage();
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws IOException {
    List<String> common = List.of("CLIENT_WIDTH=320", "CLIENT_HEIGHT=240", "SERVER_WIDTH=160",
        "SERVER_HEIGHT=120");
    live.startFrames(live.env("frames.env", common));
    DelayingProxy proxy = new DelayingProxy(live.wsPort(), ONE_WAY);
    live.closeAfterTests(proxy);
    // The page is told the proxy's port, so its WebSocket takes the long way.
    List<String> viaProxy = new ArrayList<>(common);
    viaProxy.add("WS_PORT=" + proxy.port());
    live.startPage(live.env("page.env", viaProxy));
    browser = live.openBrowser();
  }

  @Test
  void followsTheCameraAcrossTheRoundTripWithAtMostFourFramesInFlight() throws Exception {
    browser.get(live.page().url());
    live.waitFor("the first frames", () -> ((Number) live.stat("framesReceived")).longValue() >= 20);
    // The window settles once a base round trip and the camera's rate are known.
    live.waitFor("more than one frame in flight", () -> ((Number) live.stat("inFlightAllowed")).longValue() > 1);

    long first = ((Number) live.stat("framesReceived")).longValue();
    long firstCamera = ((Number) live.stat("cameraFrames")).longValue();
    long start = System.nanoTime();
    List<Double> rtts = new ArrayList<>();
    List<Long> windows = new ArrayList<>();
    while (System.nanoTime() - start < 5_000_000_000L) {
      Thread.sleep(250); // a sample of the page's figures four times a second
      Object rtt = live.stat("rttMedian");
      if (rtt != null) {
        rtts.add(((Number) rtt).doubleValue());
      }
      windows.add(((Number) live.stat("inFlightAllowed")).longValue());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double fps = (((Number) live.stat("framesReceived")).longValue() - first) / seconds;
    // What the camera delivered in the same seconds: a loaded machine's Chromium may not keep 20.
    double cameraFps = (((Number) live.stat("cameraFrames")).longValue() - firstCamera) / seconds;
    rtts.sort(null);
    double p50 = rtts.get(rtts.size() / 2);
    double roundTrip = 2 * ONE_WAY.toMillis();
    System.out.printf("SlowLinkBrowserIT: %.1f frames/s received through a link of %d ms each way;"
            + " camera %.1f frames/s; median round trip %.0f ms; frames in flight allowed %s;"
            + " most in flight %s; dropped by the server %s%n",
        fps, ONE_WAY.toMillis(), cameraFps, p50, windows, live.stat("maxInFlight"), live.stat("dropped"));

    assertTrue(fps >= 0.8 * cameraFps,
        "at least 16 of every 20 frames the camera delivers, got " + fps + " of " + cameraFps);
    assertTrue(((Number) live.stat("maxInFlight")).longValue() <= 4, "at most 4 frames in flight");
    assertTrue(p50 <= roundTrip + 2 * 1000.0 / CAMERA_FPS,
        "median latency within a round trip and two frame intervals, got " + p50);
    assertTrue(p50 >= roundTrip, "the proxy's delay is in the round trip, got " + p50);
    String shown = (String) live.js("return document.getElementById('in-flight').textContent");
    assertTrue(shown.matches("[0-4] / [1-4]"), "the statistics show the frames in flight: " + shown);
  }

  /** The page's rule for the frames it keeps in flight, given what it measured. */
  @ParameterizedTest(name = "{2}")
  @CsvSource(delimiter = '|', textBlock = """
      {}                                                                 | 1 | nothing known yet
      {baseRtt: 120, rtt: 125, cameraFps: 20, setback: false, cap: 4} | 4 | ceil(0.12 s x 20/s) + 1 = 4
      {baseRtt: 60, rtt: 70, cameraFps: 20, setback: false, cap: 4}   | 3 | ceil(0.06 s x 20/s) + 1 = 3
      {baseRtt: 4, rtt: 5, cameraFps: 20, setback: false, cap: 4}     | 2 | on localhost: 2
      {baseRtt: 400, rtt: 420, cameraFps: 30, setback: false, cap: 4} | 4 | capped
      {baseRtt: 120, rtt: 300, cameraFps: 20, setback: false, cap: 4} | 1 | replies slower than the base round trip explains: a queue is building
      {baseRtt: 120, rtt: 125, cameraFps: 20, setback: true, cap: 4}  | 3 | the server dropped one of our frames: one fewer
      {baseRtt: 4, rtt: 5, cameraFps: 20, setback: true, cap: 4}      | 1 | one fewer, at least one
      {baseRtt: 120, rtt: 125, cameraFps: 0, setback: false, cap: 4}  | 1 | no camera frames
      """)
  void theWindowRuleFollowsTheRoundTripAndFallsBackToOne(String figures, long window, String why) {
    long ruled = ((Number) live.js("return framesInFlightFor(" + figures + ")")).longValue();
    assertEquals(window, ruled, why);
  }
}
