package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.image.OpenCvNatives;
import imagestream.image.TestFaces;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The page with a camera that films the shared portrait: it lists the faces the server finds
 * beside the picture, tunes a built-in's parameters from its menu, and records the processed
 * stream as a WebM file. Both servers on 127.0.0.1, real headless Chromium.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessingBrowserIT {

  @RegisterExtension static final LivePage live = new LivePage();
  private static ChromeDriver browser;

  @BeforeAll
  static void start() throws IOException {
    TestFaces.requireCascade();
    Path portrait = TestFaces.portrait(640, 480);
    live.startServers("CLIENT_WIDTH=640", "CLIENT_HEIGHT=480", "CLIENT_JPG_COMPRESSION=0.9",
        "SERVER_WIDTH=320", "SERVER_HEIGHT=240", "PROCESSING=grayscale");
    browser = live.openBrowser(
        "--use-file-for-fake-video-capture=" + y4m(portrait, live.dir().resolve("portrait.y4m")));
    live.waitFor("frames", () -> live.number("framesReceived") >= 3);
  }

  @Test
  @Order(1)
  void listsTheFaceTheServerFindsBesideThePicture() {
    new Select(browser.findElement(By.id("processing"))).selectByValue("faces");
    live.waitFor("a face in the list", () -> detections().size() == 1);
    Map<?, ?> face = detections().get(0);
    assertEquals("face", face.get("label"));
    List<?> box = (List<?>) face.get("box");
    // The portrait's face at 320x240 (ATTRIBUTION: 110,40 61x61), after the camera and two JPEGs.
    List<Integer> expected = List.of(110, 40, 61, 61);
    for (int i = 0; i < 4; i++) {
      assertTrue(Math.abs(((Number) box.get(i)).intValue() - expected.get(i)) <= 6, "box " + box);
    }
    String shown = browser.findElement(By.id("detections")).getText();
    assertTrue(shown.startsWith("face at "), "listed on the page: " + shown);
  }

  @Test
  @Order(2)
  void tunesTheBuiltInsParametersFromItsMenu() {
    assertEquals(List.of("min", "neighbours", "scale"), live.js("return window.imageStream.parameters"));
    WebElement min = browser.findElement(By.id("parameter-min"));
    assertEquals("auto", min.getAttribute("placeholder"), "no fixed default: 1/8 of the frame");
    min.sendKeys("100" + Keys.ENTER);
    live.waitFor("the chain with min=100", () -> "faces(min=100)".equals(live.js("return window.imageStream.processing")));
    live.waitFor("the face gone: smaller than 100 pixels", () -> detections().isEmpty());
    assertEquals("nothing", live.js("return getComputedStyle(document.getElementById('detections'),"
        + " '::before').content").toString().replace("\"", ""));
    assertEquals("100", browser.findElement(By.id("parameter-min")).getAttribute("value"));

    WebElement scale = browser.findElement(By.id("parameter-scale"));
    scale.sendKeys("9" + Keys.ENTER);
    live.waitFor("the refusal", () -> String.valueOf(live.js("return window.imageStream.lastError"))
        .contains("scale must be a number from 1.05 to 2, not \"9\""));
    assertEquals("faces(min=100)", live.js("return window.imageStream.processing"), "nothing changed");
  }

  @Test
  @Order(3)
  void recordsTwoSecondsOfTheProcessedStreamAsWebm() throws Exception {
    new Select(browser.findElement(By.id("processing"))).selectByValue("edges");
    live.waitFor("edges", () -> "edges".equals(live.js("return window.imageStream.processing")));
    browser.findElement(By.id("record")).click();
    live.waitFor("the time shown", () -> browser.findElement(By.id("record-time")).getText().endsWith("/ 1:00"));
    live.waitFor("two seconds of recording", () -> live.number("recordingSeconds") >= 2);
    browser.findElement(By.id("record")).click();
    live.waitFor("the WebM file", () -> live.downloads(".webm").size() == 1 && live.number("recordings") == 1);
    byte[] webm = Files.readAllBytes(live.downloads(".webm").get(0));
    assertEquals(live.number("lastRecording.bytes"), webm.length, "the whole recording was saved");
    assertTrue(webm.length > 1000, webm.length + " bytes");
    Map<String, Long> header = Ebml.videoSize(webm);
    assertEquals(Map.of("width", 320L, "height", 240L), header, "the processed frame's size");
    assertEquals("", browser.findElement(By.id("record-time")).getText());
    System.out.printf("ProcessingBrowserIT: recorded %.1f s of the edges stream: %d bytes of WebM, %dx%d%n",
        live.number("lastRecording.seconds"), webm.length, header.get("width"), header.get("height"));
  }

  // --- helpers ---------------------------------------------------------------------------

  /** The portrait as a one-frame Y4M video, which Chromium's fake camera plays in a loop. */
  private static Path y4m(Path jpeg, Path target) throws IOException {
    OpenCvNatives.load();
    Mat bgr = Imgcodecs.imread(jpeg.toString());
    Mat i420 = new Mat();
    Imgproc.cvtColor(bgr, i420, Imgproc.COLOR_BGR2YUV_I420);
    byte[] planes = new byte[(int) i420.total()];
    i420.get(0, 0, planes);
    try (OutputStream out = Files.newOutputStream(target)) {
      out.write(("YUV4MPEG2 W" + bgr.cols() + " H" + bgr.rows() + " F20:1 Ip A1:1 C420jpeg\nFRAME\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(planes);
    } finally {
      bgr.release();
      i420.release();
    }
    return target.toAbsolutePath();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<?, ?>> detections() {
    return (List<Map<?, ?>>) live.js("return window.imageStream.detections");
  }

}
