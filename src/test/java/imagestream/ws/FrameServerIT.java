package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import imagestream.StartException;
import imagestream.config.Settings;
import imagestream.image.TestCodecs;
import imagestream.image.TestFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.FieldSource;
import org.opencv.core.Mat;

/** The real frame server on 127.0.0.1, driven by a real WebSocket client; with each JPEG codec. */
@Timeout(30)
@ParameterizedClass(name = "JPEG_CODEC={0}")
@FieldSource("imagestream.image.TestCodecs#NAMES")
class FrameServerIT {

  private static final int[] BRIGHTNESS = {30, 80, 130, 180, 230};
  private static final int[][] SIZES = {{640, 480}, {320, 240}, {1280, 720}, {64, 48}, {200, 150}};
  private static byte[][] frames;

  @Parameter String jpegCodec;

  private FrameServer server;
  private final List<TestClient> clients = new ArrayList<>();

  @BeforeAll
  static void makeFrames() {
    frames = new byte[BRIGHTNESS.length][];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = TestFrames.sceneJpeg(SIZES[i][0], SIZES[i][1], BRIGHTNESS[i]);
    }
  }

  @BeforeEach
  void startServer() {
    TestCodecs.assumeAvailable(jpegCodec);
    server =
        FrameServerMain.start(
            Settings.fromMap(
                Map.of("HOST", "127.0.0.1", "WS_PORT", "0", "SERVER_WIDTH", "64",
                    "SERVER_HEIGHT", "48", "JPEG_CODEC", jpegCodec)));
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server == null) {
      return; // skipped: this codec is not installed
    }
    for (TestClient c : clients) {
      c.close();
    }
    server.shutdown(1000);
  }

  @Test
  void framesAreAnsweredInOrderAsGrayJpegsOfTheServerSize() throws Exception {
    TestClient client = connect();
    for (int i = 0; i < frames.length; i++) {
      client.send(frames[i]);
      assertFrame(BRIGHTNESS[i], client.next());
    }
    assertEquals(frames.length, server.stats().framesProcessed());
  }

  /** A page that said hello hears about once a second where its frames spent their time. */
  @Test
  void aPageThatSaidHelloGetsItsTimingAboutOnceASecond() throws Exception {
    TestClient page = connect();
    page.keepTiming = true;
    page.send("{\"type\":\"hello\"}");
    assertEquals("config", json(page.next()).get("type"));
    long start = System.nanoTime();
    int answered = 0;
    Map<String, Object> timing = null;
    while (timing == null) {
      page.send(frames[answered % frames.length]);
      Object message = page.next();
      if (message instanceof byte[]) {
        answered++;
      } else {
        // Sent right after the reply it follows, so before the reply of the frame just sent.
        timing = json(message);
        assertInstanceOf(byte[].class, page.next(), "the reply of the frame just sent");
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals("timing", timing.get("type"));
    assertEquals(answered, ((Number) timing.get("frames")).intValue(), "every frame answered so far");
    assertEquals(0, ((Number) timing.get("dropped")).intValue());
    assertTrue(seconds >= 1 && seconds < 5, "after " + seconds + " s");
    assertTrue(((Number) timing.get("server")).doubleValue() > 0, timing.toString());
    assertTrue(timing.get("decode") instanceof Number || timing.get("transcode") instanceof Number,
        timing.toString());
  }

  /** The original page, which never says hello, gets only JPEGs, however long it streams. */
  @Test
  void aPageThatNeverSaidHelloGetsNoTiming() throws Exception {
    TestClient original = connect();
    original.keepTiming = true;
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
    for (int i = 0; System.nanoTime() < end; i++) {
      original.send(frames[i % frames.length]);
      assertInstanceOf(byte[].class, original.next(), "frame " + i);
    }
  }

  @Test
  void textThatIsNotJsonGetsAnErrorAndTheConnectionStaysOpen() throws Exception {
    TestClient client = connect();
    client.send("not json at all");
    assertErrorThenServed(client, "unknown_message", 1);
  }

  @Test
  void garbageBinaryGetsNotJpegAndTheConnectionStaysOpen() throws Exception {
    TestClient client = connect();
    client.send(new byte[] {'n', 'o', 't', ' ', 'a', ' ', 'j', 'p', 'e', 'g'});
    assertErrorThenServed(client, "not_jpeg", 2);
  }

  /** The client's next message is the error {@code code}; it stays open, and frame {@code i} is answered. */
  private void assertErrorThenServed(TestClient client, String code, int i) throws Exception {
    Map<String, Object> error = json(client.next());
    assertEquals("error", error.get("type"));
    assertEquals(code, error.get("code"));
    assertNotNull(error.get("message"));
    assertTrue(client.isOpen());
    client.send(frames[i]);
    assertFrame(BRIGHTNESS[i], client.next());
  }

  @Test
  void twoClientsEachGetTheirOwnReplies() throws Exception {
    TestClient dark = connect();
    TestClient bright = connect();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> a = pool.submit(roundTrips(dark, 0));
      Future<?> b = pool.submit(roundTrips(bright, 4));
      a.get(20, TimeUnit.SECONDS);
      b.get(20, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Sends frames back to back: the replies keep their order and the last is always answered. */
  @Test
  void burstIsAnsweredInOrderWithDropsCounted() throws Exception {
    TestClient client = connect();
    client.send("{\"type\":\"hello\"}");
    assertEquals("config", json(client.next()).get("type"), "hello is answered with the config");
    for (byte[] frame : frames) {
      client.send(frame);
    }
    int previous = -1;
    long dropped = 0;
    int answered = 0;
    // The last frame is always answered; a "dropped" message may arrive just after it.
    while (previous != frames.length - 1 || answered + dropped < frames.length) {
      Object reply = client.next();
      if (reply instanceof String text) {
        Map<String, Object> message = json(text);
        assertEquals("dropped", message.get("type"), text);
        dropped = ((Number) message.get("total")).longValue();
        continue;
      }
      int index = indexOf(Math.round(TestFrames.meanOf((byte[]) reply)));
      assertTrue(index > previous, "reply for frame " + index + " after frame " + previous);
      previous = index;
      answered++;
    }
    assertEquals(frames.length, answered + dropped);
    assertEquals(dropped, server.stats().framesDropped());
  }

  @Test
  void takenPortIsAStartExceptionNamingWsPort() {
    Settings same =
        Settings.fromMap(Map.of("HOST", "127.0.0.1", "WS_PORT", Integer.toString(server.getPort())));
    StartException e =
        assertThrows(StartException.class, () -> FrameServerMain.start(same));
    assertTrue(e.getMessage().contains("WS_PORT"), e.getMessage());
  }

  private Callable<Void> roundTrips(TestClient client, int index) {
    return () -> {
      for (int round = 0; round < 5; round++) {
        client.send(frames[index]);
        assertFrame(BRIGHTNESS[index], client.next());
      }
      return null;
    };
  }

  private static int indexOf(long mean) {
    for (int i = 0; i < BRIGHTNESS.length; i++) {
      if (Math.abs(BRIGHTNESS[i] - mean) <= 15) {
        return i;
      }
    }
    throw new AssertionError("no frame has a mean brightness near " + mean);
  }

  private static void assertFrame(int brightness, Object reply) {
    byte[] jpeg = assertInstanceOf(byte[].class, reply, "a binary reply");
    assertEquals(0xD8, jpeg[1] & 0xFF, "a JPEG");
    Mat image = TestFrames.decodeUnchanged(jpeg);
    try {
      assertEquals(64, image.cols());
      assertEquals(48, image.rows());
      assertEquals(1, image.channels());
    } finally {
      image.release();
    }
    assertEquals(brightness, TestFrames.meanOf(jpeg), 15, "mean brightness of the reply");
  }

  private static Map<String, Object> json(Object reply) throws Exception {
    return JSON.std.mapFrom(assertInstanceOf(String.class, reply, "a text reply"));
  }

  private TestClient connect() throws InterruptedException {
    TestClient client = TestClient.connect(server.getPort());
    clients.add(client);
    return client;
  }
}
