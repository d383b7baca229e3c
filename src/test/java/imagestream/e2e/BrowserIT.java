package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.Settings;
import imagestream.http.PageServer;
import imagestream.http.PageTemplate;
import imagestream.image.Grayscale;
import imagestream.ws.FrameServer;
import imagestream.ws.FrameServerMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The whole product in a real browser: fake camera, page server, frame server, 127.0.0.1. */
class BrowserIT {

  private static Settings settings;
  private static FrameServer frames;
  private static PageServer page;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws IOException {
    settings =
        Settings.fromMap(
            Map.of(
                "HOST", "127.0.0.1", "WS_PORT", "0", "HTTP_PORT", "0",
                "CLIENT_WIDTH", "320", "CLIENT_HEIGHT", "240",
                "SERVER_WIDTH", "160", "SERVER_HEIGHT", "120",
                // The page server's port is not known yet; SecurityBrowserIT checks the origins.
                "ALLOWED_ORIGINS", "*"));
    frames = FrameServerMain.start(settings, new Grayscale());
    Settings served = settings.withWsPort(frames.getPort());
    page = PageServer.start(served, () -> served, new PageTemplate(Path.of("client.html")));
    browser = Chromium.start();
    browser.get("http://127.0.0.1:" + page.port() + "/client.html");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (browser != null) {
      browser.quit();
    }
    if (page != null) {
      page.stop();
    }
    if (frames != null) {
      frames.shutdown(1000);
    }
  }

  @Test
  void showsTheCameraInGrayscaleAtTheServersSizeAndResumesAfterARestart() throws Exception {
    long first = waitForFrames(5);
    assertEquals(160L, stat("frameWidth"), "processed frame width");
    assertEquals(120L, stat("frameHeight"), "processed frame height");
    assertTrue(cameraIsColour(), "the fake camera should be a colour source");
    assertTrue(displayedFrameIsGray(), "the processed frame should have R == G == B everywhere");

    long start = System.nanoTime();
    long received = waitForFrames(first + 40);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "BrowserIT: %.1f frames/s received by the page (320x240 -> 160x120), median round trip %s ms%n",
        (received - first) / seconds, js("return window.imageStream.rttMedian"));
    saveScreenshot();

    int port = frames.getPort();
    frames.shutdown(1000);
    frames = null;
    waitFor("the page to notice the lost connection", () -> !"streaming".equals(stat("state")));
    assertTrue(js("return document.getElementById('message').textContent").toString()
        .contains("Lost the connection"), "the page should say the connection was lost");

    frames = FrameServerMain.start(settings.withWsPort(port), new Grayscale());
    long before = (long) stat("framesReceived");
    waitForFrames(before + 10);
    assertEquals("streaming", stat("state"));
    assertEquals("", js("return document.getElementById('message').textContent"));
  }

  private static long waitForFrames(long count) {
    waitFor("the page to receive " + count + " frames", () -> (long) stat("framesReceived") >= count);
    return (long) stat("framesReceived");
  }

  private static Object stat(String name) {
    return js("return window.imageStream && window.imageStream." + name);
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private static void waitFor(String what, java.util.function.BooleanSupplier condition) {
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .withMessage(() -> "waiting for " + what + "; page stats: " + js("return JSON.stringify(window.imageStream)"))
        .until(d -> condition.getAsBoolean());
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

  private static boolean displayedFrameIsGray() {
    @SuppressWarnings("unchecked")
    List<Long> counts =
        (List<Long>)
            js(
                "const c = document.getElementById('processed');"
                    + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + "let gray = 0, other = 0;"
                    + "for (let i = 0; i < d.length; i += 4) {"
                    + "  if (d[i] === d[i + 1] && d[i + 1] === d[i + 2]) gray++; else other++;"
                    + "}"
                    + "return [gray, other];");
    return counts.get(0) == 160L * 120 && counts.get(1) == 0L;
  }

  private static void saveScreenshot() throws IOException {
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(Path.of("target"));
    Files.copy(shot, Path.of("target", "screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
