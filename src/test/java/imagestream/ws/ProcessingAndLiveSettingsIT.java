package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import imagestream.LogCapture;
import imagestream.image.FrameProcessor;
import imagestream.image.TestFrames;
import imagestream.image.processors.ChainMenu;
import imagestream.image.processors.ProcessingChain;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

/**
 * The real frame server started from a real {@code .env} file: pages choose their own chain,
 * and edits of the file reach the next frames and every page that said hello.
 */
@Timeout(30)
class ProcessingAndLiveSettingsIT {

  private static final int BRIGHTNESS = 70;

  @TempDir Path dir;
  private Path env;
  private FrameServer server;
  private final List<TestClient> clients = new ArrayList<>();
  private final byte[] frame = TestFrames.sceneJpeg(320, 240, BRIGHTNESS);

  @BeforeEach
  void start() throws IOException {
    env = dir.resolve(".env");
    writeEnv("SERVER_WIDTH=64", "SERVER_HEIGHT=48", "CLIENT_WIDTH=160", "PROCESSING=grayscale");
    server = FrameServerMain.start(env);
  }

  @AfterEach
  void stop() throws InterruptedException {
    clients.forEach(TestClient::close);
    server.shutdown(1000);
  }

  @Test
  void helloIsAnsweredWithTheConfigAndTheMenu() throws Exception {
    TestClient page = page();
    Map<String, Object> config = config(page);
    assertEquals(160, config.get("clientWidth"));
    assertEquals(30, config.get("clientHeight"));
    assertEquals(0.6, config.get("clientJpgCompression"));
    assertEquals(64, config.get("serverWidth"));
    assertEquals("grayscale", config.get("processing"));
    assertEquals(false, config.get("chosen"));
    assertEquals("grayscale", config.get("defaultProcessing"));
    assertEquals(ChainMenu.of(ProcessingChain.parse("grayscale")).entries(), config.get("processors"),
        "the built-ins that need no file");
    assertTrue(((Map<?, ?>) config.get("parameters")).containsKey("blur"), "with their parameters");
  }

  @Test
  void eachConnectionChoosesItsOwnChain() throws Exception {
    TestClient inverted = page();
    TestClient gray = page();
    config(inverted);
    config(gray);

    inverted.send("{\"type\":\"processing\",\"chain\":\"invert\"}");
    Map<String, Object> chosen = config(inverted);
    assertEquals("invert", chosen.get("processing"));
    assertEquals(true, chosen.get("chosen"));
    assertEquals("grayscale", chosen.get("defaultProcessing"));

    assertAnswer(inverted, 64, 48, 3, 255 - BRIGHTNESS);
    assertAnswer(gray, 64, 48, 1, BRIGHTNESS);

    inverted.send("{\"type\":\"processing\",\"chain\":\"grayscale, threshold\"}");
    assertEquals("grayscale,threshold", config(inverted).get("processing"));
    inverted.send(frame);
    assertBinary(inverted.next());

    inverted.send("{\"type\":\"processing\",\"chain\":\"\"}");
    Map<String, Object> back = config(inverted);
    assertEquals("grayscale", back.get("processing"), "blank: the server's default");
    assertEquals(false, back.get("chosen"));
    assertAnswer(inverted, 64, 48, 1, BRIGHTNESS);
  }

  @Test
  void chainsThatAreNotOfferedAreRefusedAndTheConnectionGoesOn() throws Exception {
    TestClient page = pageWithConfig();
    for (String request :
        List.of(
            "{\"type\":\"processing\",\"chain\":\"grayscale,sepia\"}",
            "{\"type\":\"processing\",\"chain\":\"imagestream.examples.Pixelate\"}",
            "{\"type\":\"processing\",\"chain\":\"java.lang.Runtime\"}",
            "{\"type\":\"processing\",\"chain\":5}",
            "{\"type\":\"processing\",\"chain\":\"blur,blur,blur,blur,blur,blur,blur,blur,blur\"}")) {
      page.send(request);
      Map<String, Object> error = json(page.next());
      assertEquals("error", error.get("type"), request);
      assertEquals("bad_processing", error.get("code"), request);
    }
    assertAnswer(page, 64, 48, 1, BRIGHTNESS);
  }

  @Test
  void editsOfTheFileReachTheNextFramesAndEveryPageThatSaidHello() throws Exception {
    TestClient page = pageWithConfig();
    TestClient originalPage = connect(); // the original page: no hello, binary only
    assertAnswer(page, 64, 48, 1, BRIGHTNESS);

    long edited = System.nanoTime();
    writeEnv("SERVER_WIDTH=32", "SERVER_HEIGHT=24", "CLIENT_WIDTH=100", "CLIENT_JPG_COMPRESSION=0.9",
        "PROCESSING=invert");
    Map<String, Object> pushed = json(page.next());
    long pushedAfter = (System.nanoTime() - edited) / 1_000_000;
    assertEquals("config", pushed.get("type"));
    assertEquals(100, pushed.get("clientWidth"));
    assertEquals(0.9, pushed.get("clientJpgCompression"));
    assertEquals(32, pushed.get("serverWidth"));
    assertEquals("invert", pushed.get("processing"));
    assertAnswer(page, 32, 24, 3, 255 - BRIGHTNESS);
    assertAnswer(originalPage, 32, 24, 3, 255 - BRIGHTNESS);
    System.out.printf("ProcessingAndLiveSettingsIT: the edit reached the page %d ms after the write%n", pushedAfter);

    try (LogCapture log = LogCapture.start()) {
      writeEnv("SERVER_WIDTH=wide", "SERVER_HEIGHT=96", "PROCESSING=grayscale");
      log.await("ignored the edit", 5); // the watcher has read it, and decided
    }
    assertNull(page.received.poll(), "an invalid edit is not pushed");
    assertAnswer(page, 32, 24, 3, 255 - BRIGHTNESS);

    writeEnv("SERVER_WIDTH=32", "SERVER_HEIGHT=24", "PROCESSING=imagestream.examples.Pixelate");
    Map<String, Object> withExample = json(page.next());
    assertEquals("imagestream.examples.Pixelate", withExample.get("processing"));
    assertTrue(((List<?>) withExample.get("processors")).contains("imagestream.examples.Pixelate"),
        "a user class in PROCESSING is offered to pages");
    page.send("{\"type\":\"processing\",\"chain\":\"grayscale,imagestream.examples.Pixelate\"}");
    assertEquals("grayscale,imagestream.examples.Pixelate", config(page).get("processing"));
    assertAnswer(page, 32, 24, 1, BRIGHTNESS);
  }

  /**
   * A class whose static initializer throws, named in a live edit: the edit is refused in one line
   * and the watcher lives on, so a later valid edit still reaches the page.
   */
  @Test
  void anEditNamingAClassThatCannotBeInitializedIsRefusedAndLaterEditsApply() throws Exception {
    TestClient page = pageWithConfig();
    try (LogCapture log = LogCapture.start()) {
      writeEnv("SERVER_WIDTH=64", "SERVER_HEIGHT=48", "CLIENT_WIDTH=160",
          "PROCESSING=grayscale," + BrokenStaticInit.class.getName());
      String refused = log.await("ignored the edit", 5);
      assertTrue(refused.contains("its static initializer threw"), refused);
    }
    writeEnv("SERVER_WIDTH=32", "SERVER_HEIGHT=24", "CLIENT_WIDTH=100", "PROCESSING=invert");
    Map<String, Object> pushed = config(page);
    assertEquals(100, pushed.get("clientWidth"), "the valid edit after the refused one applies");
    assertEquals("invert", pushed.get("processing"));
    assertAnswer(page, 32, 24, 3, 255 - BRIGHTNESS);
  }

  /** A connection that goes away closes its own processors, once its frames are done. */
  @Test
  void aConnectionThatGoesAwayClosesItsProcessors() throws Exception {
    TestClient page = pageWithConfig();
    writeEnv("SERVER_WIDTH=64", "SERVER_HEIGHT=48", "PROCESSING=grayscale," + Closes.class.getName());
    assertEquals("grayscale," + Closes.class.getName(), config(page).get("processing"));
    Closes.closed = new CountDownLatch(1); // the server's trial instance is closed by now
    assertAnswer(page, 64, 48, 1, BRIGHTNESS);
    assertEquals(1, Closes.closed.getCount(), "in use: not closed");
    page.closeBlocking();
    assertTrue(Closes.closed.await(5, TimeUnit.SECONDS), "closed once its connection went away");
  }

  /** Counts down {@link #closed} when closed. */
  public static final class Closes implements FrameProcessor {
    static volatile CountDownLatch closed = new CountDownLatch(1);

    @Override
    public Mat process(Mat frame) {
      return frame;
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }

  // --- helpers ---------------------------------------------------------------------------

  private void writeEnv(String... lines) throws IOException {
    List<String> all = new ArrayList<>(List.of("HOST=127.0.0.1", "WS_PORT=0"));
    all.addAll(List.of(lines));
    // Written whole and moved into place, as editors save: the watcher never sees half a file.
    Path temp = Files.writeString(dir.resolve(".env.tmp"), String.join("\n", all) + "\n");
    Files.move(temp, env, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private TestClient connect() throws InterruptedException {
    TestClient client = new TestClient(URI.create("ws://127.0.0.1:" + server.getPort()));
    clients.add(client);
    assertTrue(client.connectBlocking(5, TimeUnit.SECONDS), "could not connect");
    return client;
  }

  /** A client that says hello, as the page does. */
  private TestClient page() throws InterruptedException {
    TestClient client = connect();
    client.send("{\"type\":\"hello\"}");
    return client;
  }

  /** A page that said hello and got its config. */
  private TestClient pageWithConfig() throws Exception {
    TestClient page = page();
    config(page);
    return page;
  }

  private static Map<String, Object> config(TestClient client) throws Exception {
    Map<String, Object> message = json(client.next());
    assertEquals("config", message.get("type"), message.toString());
    return message;
  }

  private static Map<String, Object> json(Object reply) throws Exception {
    return JSON.std.mapFrom(assertInstanceOf(String.class, reply, "a text message"));
  }

  /** Sends the test frame on {@code client} and checks the reply. */
  private void assertAnswer(TestClient client, int width, int height, int channels, int mean)
      throws InterruptedException {
    client.send(frame);
    assertReply(client.next(), width, height, channels, mean);
  }

  private static void assertReply(Object reply, int width, int height, int channels, int mean) {
    Mat image = TestFrames.decodeUnchanged(assertInstanceOf(byte[].class, reply, "a frame"));
    try {
      assertEquals(width, image.cols(), "width");
      assertEquals(height, image.rows(), "height");
      assertEquals(channels, image.channels(), "channels");
      assertEquals(mean, org.opencv.core.Core.mean(image).val[0], 15, "mean of the first channel");
    } finally {
      image.release();
    }
  }

  private static void assertBinary(Object reply) {
    Mat image = TestFrames.decodeUnchanged(assertInstanceOf(byte[].class, reply, "a frame"));
    try {
      int extreme = 0;
      byte[] pixels = new byte[(int) image.total()];
      image.get(0, 0, pixels);
      for (byte p : pixels) {
        int v = p & 0xFF;
        extreme += v < 40 || v > 215 ? 1 : 0;
      }
      // A JPEG of a black-and-white picture rings a little at the borders.
      assertTrue(extreme > pixels.length * 0.9, extreme + " of " + pixels.length + " near black or white");
    } finally {
      image.release();
    }
  }
}
