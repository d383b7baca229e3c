package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.LogCapture;
import imagestream.image.processors.ChainMenu;
import imagestream.image.processors.ProcessingChain;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The whole product in a real browser: fake cameras, both servers started from one {@code .env}
 * that the test edits, 127.0.0.1 only. The tests run in order on one page, each leaving it
 * streaming with the base settings.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT {

  /** The settings each test starts from. */
  private static final List<String> BASE =
      List.of("CLIENT_WIDTH=320", "CLIENT_HEIGHT=240", "SERVER_WIDTH=160", "SERVER_HEIGHT=120",
          "PROCESSING=grayscale");

  @RegisterExtension static final LivePage live = new LivePage();
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws IOException {
    live.startServers(BASE.toArray(String[]::new));
    browser = live.openBrowser();
  }

  @Test
  @Order(1)
  void showsTheCameraInGrayscaleAtTheServersSize() {
    long first = live.waitForFrames(5);
    assertEquals(160L, live.stat("frameWidth"), "processed frame width");
    assertEquals(120L, live.stat("frameHeight"), "processed frame height");
    assertTrue(cameraIsColour(), "the fake camera should be a colour source");
    assertTrue(displayedFrameIsGray(), "the processed frame should have R == G == B everywhere");
    assertEquals("grayscale", live.stat("processing"));

    long start = System.nanoTime();
    long received = live.waitForFrames(first + 40);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "BrowserIT: %.1f frames/s received by the page (320x240 -> 160x120), median round trip %s ms%n",
        (received - first) / seconds, live.js("return window.imageStream.rttMedian"));
  }

  @Test
  @Order(2)
  void switchesItsOwnChainFromTheDropdownAndTheChainField() {
    Select dropdown = new Select(browser.findElement(By.id("processing")));
    List<String> offered = dropdown.getOptions().stream().map(o -> o.getAttribute("value")).toList();
    List<String> expected = new ArrayList<>(List.of(""));
    expected.addAll(ChainMenu.of(ProcessingChain.parse("grayscale")).entries());
    assertEquals(expected, offered, "the server's default, then every built-in that needs no file");

    dropdown.selectByValue("invert");
    waitForProcessing("invert");
    assertFalse(displayedFrameIsGray(), "the inverted camera keeps its colours");

    WebElement chain = browser.findElement(By.id("chain"));
    chain.clear();
    chain.sendKeys("grayscale, threshold" + Keys.ENTER);
    waitForProcessing("grayscale,threshold");
    assertTrue(displayedFrameIsGray());
    assertTrue(displayedFrameIsBlackAndWhite(), "threshold gives black and white");

    chain.clear();
    chain.sendKeys("grayscale,sepia" + Keys.ENTER);
    live.waitFor("the page to show the refusal", () -> message().contains("\"sepia\" is not offered"));
    assertEquals("grayscale,threshold", live.stat("processing"), "a refused chain changes nothing");
    assertEquals("grayscale,threshold", dropdown.getFirstSelectedOption().getAttribute("value"));

    dropdown.selectByValue("");
    waitForProcessing("grayscale");
    assertEquals("", message(), "the refusal is cleared once a chain applies");
  }

  @Test
  @Order(3)
  void editedSettingsApplyWithoutAReload() throws Exception {
    live.js("window.notReloaded = true");
    long configs = (long) live.stat("configs");
    try {
      live.writeEnv(List.of("CLIENT_WIDTH=160", "CLIENT_HEIGHT=120", "CLIENT_JPG_COMPRESSION=0.9",
          "SERVER_WIDTH=200", "SERVER_HEIGHT=150", "PROCESSING=edges"));
      long edited = System.nanoTime();
      live.waitFor("the new CLIENT_* values in the page", () -> Long.valueOf(160).equals(live.stat("clientWidth")));
      System.out.printf("BrowserIT: the edit of .env reached the page after %d ms%n",
          (System.nanoTime() - edited) / 1_000_000);
      live.waitFor("frames of the new server size",
          () -> Long.valueOf(200).equals(live.stat("frameWidth")) && Long.valueOf(150).equals(live.stat("frameHeight")));
      assertEquals(Boolean.TRUE, live.js("return window.notReloaded"), "the page was not reloaded");
      assertEquals(configs + 1, live.stat("configs"), "one config message pushed");
      assertEquals(120L, live.stat("clientHeight"));
      assertEquals(0.9, ((Number) live.stat("clientQuality")).doubleValue());
      assertEquals("160x120, JPEG quality 0.9", live.text("capture-size"));
      assertEquals("edges", live.stat("processing"), "a page that chose nothing follows PROCESSING");
      assertTrue(displayedFrameIsBlackAndWhite(), "edges are white on black");
      String served = HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(URI.create(live.page().url())).build(), HttpResponse.BodyHandlers.ofString())
          .body();
      assertTrue(served.contains("width: Number('160')") && served.contains("quality: Number('0.9')"),
          "a new page gets the new values from the page server");

      try (LogCapture log = LogCapture.start()) {
        live.writeEnv(List.of("CLIENT_WIDTH=0", "SERVER_WIDTH=100", "PROCESSING=grayscale"));
        log.await("WebSocket server ignored the edit", 5); // both servers have read it, and decided
        log.await("Page server ignored the edit", 5);
      }
      live.waitForFrames((long) live.stat("framesReceived") + 3);
      assertEquals(configs + 1, live.stat("configs"), "an invalid edit is not pushed");
      assertEquals(200L, live.stat("frameWidth"), "the last good settings stay");
    } finally {
      live.writeEnv(BASE);
    }
    live.waitFor("the base settings again", () -> Long.valueOf(160).equals(live.stat("frameWidth"))
        && Long.valueOf(320).equals(live.stat("clientWidth")) && "grayscale".equals(live.stat("processing")));
  }

  @Test
  @Order(4)
  void pausesResumesAndSavesASnapshot() throws Exception {
    live.waitForFrames((long) live.stat("framesReceived") + 3);
    browser.findElement(By.id("pause")).click();
    assertEquals("paused", live.text("state"));
    live.waitFor("the frames in flight to come back", () -> live.text("in-flight").startsWith("0 /"));
    long sent = (long) live.stat("framesSent");
    long camera = (long) live.stat("cameraFrames");
    live.waitFor("a second of camera frames", () -> (long) live.stat("cameraFrames") >= camera + 20);
    assertEquals(sent, live.stat("framesSent"), "nothing is sent while paused");
    browser.findElement(By.id("pause")).click();
    assertEquals("streaming", live.text("state"));
    live.waitForFrames((long) live.stat("framesReceived") + 5);

    browser.findElement(By.id("snapshot")).click();
    live.waitFor("the snapshot file", () -> live.downloads(".png").size() == 1);
    byte[] png = Files.readAllBytes(live.downloads(".png").get(0));
    assertEquals(0x89, png[0] & 0xFF, "a PNG");
    assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    ByteBuffer header = ByteBuffer.wrap(png, 16, 8);
    assertEquals(160, header.getInt(), "snapshot width: the processed frame's");
    assertEquals(120, header.getInt(), "snapshot height");
  }

  @Test
  @Order(5)
  void offersACameraChoiceAndSwitchesCameras() {
    assertEquals(2L, live.stat("cameras"), "Chromium was started with two fake cameras");
    assertTrue(browser.findElement(By.id("camera-choice")).isDisplayed());
    assertTrue(browser.findElement(By.id("facing-choice")).isDisplayed());
    Select cameras = new Select(browser.findElement(By.id("camera-select")));
    String before = (String) live.stat("camera");
    String other = cameras.getOptions().stream().map(WebElement::getText)
        .filter(label -> !label.equals(before)).findFirst().orElseThrow();
    cameras.selectByVisibleText(other);
    live.waitFor("the other camera", () -> other.equals(live.stat("camera")));
    live.waitForFrames((long) live.stat("framesReceived") + 10);

    new Select(browser.findElement(By.id("facing"))).selectByValue("environment");
    live.waitForFrames((long) live.stat("framesReceived") + 10); // a fake camera has no facing: any will do
    assertEquals("", message());
  }

  /**
   * The README's picture, and what it shows: the camera at 640x480 beside the server's edges at
   * 320x240, the statistics filled in. Saved as {@code target/screenshot.png}.
   */
  @Test
  @Order(6)
  void showsTheEdgesStreamWithItsStatisticsForTheReadmePicture() throws Exception {
    try {
      live.writeEnv(List.of("CLIENT_WIDTH=640", "CLIENT_HEIGHT=480", "SERVER_WIDTH=320",
          "SERVER_HEIGHT=240", "PROCESSING=grayscale"));
      live.waitFor("the larger frames", () -> Long.valueOf(320).equals(live.stat("frameWidth")));
      new Select(browser.findElement(By.id("processing"))).selectByValue("edges");
      waitForProcessing("edges");
      live.waitFor("a second of statistics at this size",
          () -> live.text("sizes").equals("640x480 / 320x240") && live.text("rtt").endsWith(" ms")
              && !live.text("fps").equals("-") && Long.parseLong(live.text("fps")) > 0);
      assertEquals("edges", live.text("chain-in-use"));
      assertEquals("streaming", live.text("state"));
      assertEquals("640x480, JPEG quality 0.6", live.text("capture-size"));
      assertTrue(cameraIsColour(), "the camera in colour");
      assertTrue(displayedFrameIsBlackAndWhite(), "the server's edges");
      Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(shot, Path.of("target", "screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
    } finally {
      new Select(browser.findElement(By.id("processing"))).selectByValue("");
      live.writeEnv(BASE);
    }
    live.waitFor("the base settings again", () -> Long.valueOf(160).equals(live.stat("frameWidth")));
  }

  @Test
  @Order(7)
  void showsTheServersTimeByStageUnderTheRoundTrip() {
    double before = live.number("timings");
    live.waitFor("two timing messages", () -> live.number("timings") >= before + 2);
    assertTrue(((Number) live.js("return window.imageStream.timing.frames")).longValue() > 0,
        "the frames the server answered in that second");
    // The server's share is part of every round trip, so its median is below the round trip's.
    live.waitFor("the server's time below the round trip", () -> {
      String server = live.text("server-time");
      String rtt = live.text("rtt");
      return server.endsWith(")") && rtt.endsWith(" ms")
          && millis(server) < millis(rtt) && live.text("network-time").endsWith(" ms");
    });
    String server = live.text("server-time");
    assertTrue(server.contains("decode") || server.contains("transcode"), server);
    assertEquals(Boolean.TRUE, live.js("return document.getElementById('rtt').parentElement"
        + ".nextElementSibling.contains(document.getElementById('server-time'))"),
        "the server's share is the row under the round trip");
    System.out.printf("BrowserIT: round trip %s, of which server %s, network + browser %s;"
        + " camera %s frames/s, shown %s%n", live.text("rtt"), server, live.text("network-time"),
        live.text("camera-fps"), live.text("fps"));
  }

  /** The number a statistics cell starts with, e.g. 2.1 for "2.1 ms (decode 0.4, ...)". */
  private static double millis(String cell) {
    return Double.parseDouble(cell.substring(0, cell.indexOf(' ')));
  }

  @Test
  @Order(8)
  void resumesAfterTheServerRestartsWithTheChainItChose() throws Exception {
    new Select(browser.findElement(By.id("processing"))).selectByValue("invert");
    waitForProcessing("invert");

    live.stopFrames();
    live.waitFor("the page to notice the lost connection", () -> !"streaming".equals(live.stat("state")));
    assertTrue(message().contains("Lost the connection"), "the page should say the connection was lost");

    live.startFrames(live.dir().resolve(".env"));
    long before = (long) live.stat("framesReceived");
    live.waitForFrames(before + 10);
    assertEquals("streaming", live.stat("state"));
    assertEquals("", message());
    assertEquals("invert", live.stat("processing"), "the page asks for its chain again");
    assertFalse(displayedFrameIsGray());
  }

  // --- helpers ---------------------------------------------------------------------------

  /** Waits until the page uses {@code chain} and has shown frames made with it. */
  private static void waitForProcessing(String chain) {
    live.waitFor("processing " + chain, () -> chain.equals(live.stat("processing")));
    // A frame in flight when the chain changed may still come back the old way.
    live.waitForFrames((long) live.stat("framesReceived") + 3);
  }

  private static String message() {
    return live.text("message");
  }

  private static boolean cameraIsColour() {
    Object result =
        live.js(
            "const v = document.getElementById('camera');"
                + "const c = document.createElement('canvas'); c.width = 64; c.height = 48;"
                + "const x = c.getContext('2d'); x.drawImage(v, 0, 0, 64, 48);"
                + "const d = x.getImageData(0, 0, 64, 48).data;"
                + "for (let i = 0; i < d.length; i += 4) {"
                + "  if (Math.abs(d[i] - d[i + 1]) > 20 || Math.abs(d[i + 1] - d[i + 2]) > 20) return true;"
                + "}"
                + "return false;");
    return Boolean.TRUE.equals(result);
  }

  /** Counts the displayed frame's pixels: [all, gray (R == G == B), near black or white]. */
  private static List<Long> displayedPixels() {
    @SuppressWarnings("unchecked")
    List<Long> counts =
        (List<Long>)
            live.js(
                "const c = document.getElementById('processed');"
                    + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + "let gray = 0, extreme = 0;"
                    + "for (let i = 0; i < d.length; i += 4) {"
                    + "  if (d[i] === d[i + 1] && d[i + 1] === d[i + 2]) gray++;"
                    + "  if (d[i] < 40 || d[i] > 215) extreme++;"
                    + "}"
                    + "return [d.length / 4, gray, extreme];");
    return counts;
  }

  private static boolean displayedFrameIsGray() {
    List<Long> counts = displayedPixels();
    return counts.get(1).equals(counts.get(0));
  }

  /** At least 90% near black or white: a JPEG of a black-and-white picture rings at the borders. */
  private static boolean displayedFrameIsBlackAndWhite() {
    List<Long> counts = displayedPixels();
    return counts.get(2) >= counts.get(0) * 0.9;
  }
}
