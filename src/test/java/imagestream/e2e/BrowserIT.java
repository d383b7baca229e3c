package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.http.PageServer;
import imagestream.http.PageServerMain;
import imagestream.image.processors.ChainMenu;
import imagestream.image.processors.ProcessingChain;
import imagestream.ws.FrameServer;
import imagestream.ws.FrameServerMain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
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

  private static Path dir;
  private static Path env;
  private static int wsPort;
  private static int httpPort;
  private static FrameServer frames;
  private static PageServer page;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws IOException {
    Files.createDirectories(Path.of("target"));
    dir = Files.createTempDirectory(Path.of("target"), "browser-it-");
    env = dir.resolve(".env");
    wsPort = freePort();
    httpPort = freePort();
    writeEnv(BASE);
    frames = FrameServerMain.start(env);
    page = PageServerMain.start(env);
    browser = Chromium.start(dir.resolve("downloads"));
    browser.get(page.url());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    Servers.stop(browser, page, frames);
  }

  @Test
  @Order(1)
  void showsTheCameraInGrayscaleAtTheServersSize() {
    long first = waitForFrames(5);
    assertEquals(160L, stat("frameWidth"), "processed frame width");
    assertEquals(120L, stat("frameHeight"), "processed frame height");
    assertTrue(cameraIsColour(), "the fake camera should be a colour source");
    assertTrue(displayedFrameIsGray(), "the processed frame should have R == G == B everywhere");
    assertEquals("grayscale", stat("processing"));

    long start = System.nanoTime();
    long received = waitForFrames(first + 40);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "BrowserIT: %.1f frames/s received by the page (320x240 -> 160x120), median round trip %s ms%n",
        (received - first) / seconds, js("return window.imageStream.rttMedian"));
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
    waitFor("the page to show the refusal", () -> message().contains("\"sepia\" is not offered"));
    assertEquals("grayscale,threshold", stat("processing"), "a refused chain changes nothing");
    assertEquals("grayscale,threshold", dropdown.getFirstSelectedOption().getAttribute("value"));

    dropdown.selectByValue("");
    waitForProcessing("grayscale");
    assertEquals("", message(), "the refusal is cleared once a chain applies");
  }

  @Test
  @Order(3)
  void editedSettingsApplyWithoutAReload() throws Exception {
    js("window.notReloaded = true");
    long configs = (long) stat("configs");
    try {
      writeEnv(List.of("CLIENT_WIDTH=160", "CLIENT_HEIGHT=120", "CLIENT_JPG_COMPRESSION=0.9",
          "SERVER_WIDTH=200", "SERVER_HEIGHT=150", "PROCESSING=edges"));
      long edited = System.nanoTime();
      waitFor("the new CLIENT_* values in the page", () -> Long.valueOf(160).equals(stat("clientWidth")));
      System.out.printf("BrowserIT: the edit of .env reached the page after %d ms%n",
          (System.nanoTime() - edited) / 1_000_000);
      waitFor("frames of the new server size",
          () -> Long.valueOf(200).equals(stat("frameWidth")) && Long.valueOf(150).equals(stat("frameHeight")));
      assertEquals(Boolean.TRUE, js("return window.notReloaded"), "the page was not reloaded");
      assertEquals(configs + 1, stat("configs"), "one config message pushed");
      assertEquals(120L, stat("clientHeight"));
      assertEquals(0.9, ((Number) stat("clientQuality")).doubleValue());
      assertEquals("160x120, JPEG quality 0.9", text("capture-size"));
      assertEquals("edges", stat("processing"), "a page that chose nothing follows PROCESSING");
      assertTrue(displayedFrameIsBlackAndWhite(), "edges are white on black");
      String served = HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(URI.create(page.url())).build(), HttpResponse.BodyHandlers.ofString())
          .body();
      assertTrue(served.contains("width: Number('160')") && served.contains("quality: Number('0.9')"),
          "a new page gets the new values from the page server");

      writeEnv(List.of("CLIENT_WIDTH=0", "SERVER_WIDTH=100", "PROCESSING=grayscale"));
      Thread.sleep(1000); // four polls of the watcher: twice the longest a valid edit takes
      assertEquals(configs + 1, stat("configs"), "an invalid edit is not pushed");
      assertEquals(200L, stat("frameWidth"), "the last good settings stay");
    } finally {
      writeEnv(BASE);
    }
    waitFor("the base settings again", () -> Long.valueOf(160).equals(stat("frameWidth"))
        && Long.valueOf(320).equals(stat("clientWidth")) && "grayscale".equals(stat("processing")));
  }

  @Test
  @Order(4)
  void pausesResumesAndSavesASnapshot() throws Exception {
    waitForFrames((long) stat("framesReceived") + 3);
    browser.findElement(By.id("pause")).click();
    assertEquals("paused", text("state"));
    Thread.sleep(300); // the frame in flight, if any, comes back
    long sent = (long) stat("framesSent");
    Thread.sleep(1000);
    assertEquals(sent, stat("framesSent"), "nothing is sent while paused");
    browser.findElement(By.id("pause")).click();
    assertEquals("streaming", text("state"));
    waitForFrames((long) stat("framesReceived") + 5);

    browser.findElement(By.id("snapshot")).click();
    Path downloads = dir.resolve("downloads");
    waitFor("the snapshot file", () -> PageProbe.files(downloads, ".png").size() == 1);
    byte[] png = Files.readAllBytes(PageProbe.files(downloads, ".png").get(0));
    assertEquals(0x89, png[0] & 0xFF, "a PNG");
    assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    ByteBuffer header = ByteBuffer.wrap(png, 16, 8);
    assertEquals(160, header.getInt(), "snapshot width: the processed frame's");
    assertEquals(120, header.getInt(), "snapshot height");
  }

  @Test
  @Order(5)
  void offersACameraChoiceAndSwitchesCameras() {
    assertEquals(2L, stat("cameras"), "Chromium was started with two fake cameras");
    assertTrue(browser.findElement(By.id("camera-choice")).isDisplayed());
    assertTrue(browser.findElement(By.id("facing-choice")).isDisplayed());
    Select cameras = new Select(browser.findElement(By.id("camera-select")));
    String before = (String) stat("camera");
    String other = cameras.getOptions().stream().map(WebElement::getText)
        .filter(label -> !label.equals(before)).findFirst().orElseThrow();
    cameras.selectByVisibleText(other);
    waitFor("the other camera", () -> other.equals(stat("camera")));
    waitForFrames((long) stat("framesReceived") + 10);

    new Select(browser.findElement(By.id("facing"))).selectByValue("environment");
    waitForFrames((long) stat("framesReceived") + 10); // a fake camera has no facing: any will do
    assertEquals("", message());
  }

  /** The README's picture: a larger stream through the edges chain, with the stats filled in. */
  @Test
  @Order(6)
  void takesTheScreenshotForTheReadme() throws Exception {
    try {
      writeEnv(List.of("CLIENT_WIDTH=640", "CLIENT_HEIGHT=480", "SERVER_WIDTH=320",
          "SERVER_HEIGHT=240", "PROCESSING=grayscale"));
      waitFor("the larger frames", () -> Long.valueOf(320).equals(stat("frameWidth")));
      new Select(browser.findElement(By.id("processing"))).selectByValue("edges");
      waitForProcessing("edges");
      Thread.sleep(1500); // a full second of stats
      Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(shot, Path.of("target", "screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
    } finally {
      new Select(browser.findElement(By.id("processing"))).selectByValue("");
      writeEnv(BASE);
    }
    waitFor("the base settings again", () -> Long.valueOf(160).equals(stat("frameWidth")));
  }

  @Test
  @Order(7)
  void resumesAfterTheServerRestartsWithTheChainItChose() throws Exception {
    new Select(browser.findElement(By.id("processing"))).selectByValue("invert");
    waitForProcessing("invert");

    frames.shutdown(1000);
    frames = null;
    waitFor("the page to notice the lost connection", () -> !"streaming".equals(stat("state")));
    assertTrue(message().contains("Lost the connection"), "the page should say the connection was lost");

    frames = FrameServerMain.start(env);
    long before = (long) stat("framesReceived");
    waitForFrames(before + 10);
    assertEquals("streaming", stat("state"));
    assertEquals("", message());
    assertEquals("invert", stat("processing"), "the page asks for its chain again");
    assertFalse(displayedFrameIsGray());
  }

  // --- helpers ---------------------------------------------------------------------------

  /** Writes the test's .env: the addresses, then {@code lines}; whole, as editors save. */
  private static void writeEnv(List<String> lines) throws IOException {
    List<String> all = new ArrayList<>(List.of("HOST=127.0.0.1", "WS_PORT=" + wsPort, "HTTP_PORT=" + httpPort));
    all.addAll(lines);
    Path temp = Files.writeString(dir.resolve(".env.tmp"), String.join("\n", all) + "\n");
    Files.move(temp, env, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Waits until the page uses {@code chain} and has shown frames made with it. */
  private static void waitForProcessing(String chain) {
    waitFor("processing " + chain, () -> chain.equals(stat("processing")));
    // A frame in flight when the chain changed may still come back the old way.
    waitForFrames((long) stat("framesReceived") + 3);
  }

  private static long waitForFrames(long count) {
    waitFor("the page to receive " + count + " frames", () -> (long) stat("framesReceived") >= count);
    return (long) stat("framesReceived");
  }

  private static Object stat(String name) {
    return js("return window.imageStream && window.imageStream." + name);
  }

  private static String text(String id) {
    return (String) js("return document.getElementById('" + id + "').textContent");
  }

  private static String message() {
    return text("message");
  }

  private static Object js(String script) {
    return PageProbe.js(browser, script);
  }

  private static void waitFor(String what, BooleanSupplier condition) {
    PageProbe.waitFor(browser, what, condition);
  }

  private static boolean cameraIsColour() {
    Object result =
        js(
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
            js(
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
