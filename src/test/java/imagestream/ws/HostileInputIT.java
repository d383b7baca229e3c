package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import imagestream.LogCapture;
import imagestream.config.Settings;
import imagestream.image.HandMadeJpegs;
import imagestream.image.OpenCvNatives;
import imagestream.image.TestFrames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Bad input over a real socket: each gets one small JSON error (or, if it is a valid JPEG after
 * all, a frame), the connection stays open, and the next good frame is answered.
 */
@Timeout(30)
class HostileInputIT {

  private static final String FRAME = "a processed frame";
  private static byte[] good;
  private FrameServer server;
  private final List<TestClient> clients = new ArrayList<>();

  @BeforeAll
  static void makeFrames() {
    OpenCvNatives.load();
    good = TestFrames.sceneJpeg(320, 240, 100);
  }

  @BeforeEach
  void startServer() {
    server =
        FrameServerMain.start(
            Settings.fromMap(
                Map.of("HOST", "127.0.0.1", "WS_PORT", "0", "SERVER_WIDTH", "64",
                    "SERVER_HEIGHT", "48")));
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    for (TestClient c : clients) {
      c.close();
    }
    server.shutdown(1000);
  }

  static Stream<Arguments> badFrames() {
    byte[] jpeg = TestFrames.sceneJpeg(320, 240, 100);
    Random random = new Random(4);
    byte[] few = new byte[7];
    random.nextBytes(few);
    few[0] = 0x42; // not a JPEG's first byte by chance
    byte[] noise = new byte[64 * 1024];
    random.nextBytes(noise);
    noise[0] = 0x42;
    byte[] soiThenNoise = noise.clone();
    soiThenNoise[0] = (byte) 0xFF;
    soiThenNoise[1] = (byte) 0xD8;
    soiThenNoise[2] = 0x42;
    return Stream.of(
        Arguments.of("empty message", new byte[0], Set.of("empty_frame")),
        Arguments.of("a few random bytes", few, Set.of("not_jpeg")),
        Arguments.of("random 64 KiB", noise, Set.of("not_jpeg")),
        Arguments.of("JPEG start, then random 64 KiB", soiThenNoise, Set.of("not_jpeg")),
        // libjpeg shows what arrived of a cut JPEG (the rest gray); either answer is fine.
        Arguments.of("a JPEG cut in half", Arrays.copyOf(jpeg, jpeg.length / 2),
            Set.of(FRAME, "undecodable")),
        Arguments.of("the first 200 bytes of a JPEG", Arrays.copyOf(jpeg, 200),
            Set.of("not_jpeg", "undecodable")),
        Arguments.of("PNG", encoded(".png"), Set.of("not_jpeg")),
        Arguments.of("BMP", encoded(".bmp"), Set.of("not_jpeg")),
        Arguments.of("TIFF", encoded(".tiff"), Set.of("not_jpeg")),
        Arguments.of("GIF", Base64.getDecoder().decode(
            "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"), Set.of("not_jpeg")),
        Arguments.of("PDF", "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n"
            .getBytes(StandardCharsets.ISO_8859_1), Set.of("not_jpeg")),
        Arguments.of("header claims 0x0", TestFrames.withDeclaredSize(jpeg, 0, 0), Set.of("bad_size")),
        Arguments.of("header claims 30000x30000", TestFrames.withDeclaredSize(jpeg, 30000, 30000),
            Set.of("bad_size")),
        Arguments.of("header claims 65500x65500", TestFrames.withDeclaredSize(jpeg, 65500, 65500),
            Set.of("bad_size")),
        Arguments.of("progressive", progressive(jpeg), Set.of("unsupported_jpeg")),
        Arguments.of("progressive 7680x4320", HandMadeJpegs.progressiveScanBomb(7680, 4320, 1),
            Set.of("unsupported_jpeg")),
        Arguments.of("arithmetic-coded", HandMadeJpegs.withFrameType(jpeg, 0xC9, 8),
            Set.of("unsupported_jpeg")),
        Arguments.of("12 bits per sample", HandMadeJpegs.withFrameType(jpeg, 0xC1, 12),
            Set.of("unsupported_jpeg")),
        Arguments.of("one scan per component", HandMadeJpegs.baseline(320, 240, 3, true),
            Set.of("unsupported_jpeg")),
        Arguments.of("baseline header, progressive scans",
            HandMadeJpegs.withFrameType(HandMadeJpegs.progressiveScanBomb(320, 240, 50), 0xC0, 8),
            Set.of("unsupported_jpeg")));
  }

  private static byte[] progressive(byte[] jpeg) {
    Mat scene = TestFrames.decodeUnchanged(jpeg);
    try {
      return TestFrames.encode(scene, Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1);
    } finally {
      scene.release();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFrames")
  void badFrameGetsAnErrorAndTheStreamGoesOn(String what, byte[] frame, Set<String> answers)
      throws Exception {
    TestClient client = connect();
    client.send(frame);
    Object reply = client.next();
    String answer = reply instanceof byte[] ? FRAME : errorCode(reply);
    assertTrue(answers.contains(answer), what + ": got " + answer + ", expected one of " + answers);
    assertGoodFrameAnswered(client);
  }

  /**
   * Two connections send scan bombs (an 8K progressive JPEG whose AC scan is repeated a thousand
   * times, seconds of libjpeg's time each): refused unread, they hold neither worker, and a third
   * connection's frames keep their usual latency.
   */
  @Test
  void scanBombsAreRefusedWhileAnotherConnectionIsAnsweredPromptly() throws Exception {
    byte[] bomb = HandMadeJpegs.progressiveScanBomb(7680, 4320, 1000);
    TestClient user = connect();
    long usual = 0;
    for (int i = 0; i < 10; i++) {
      usual = Math.max(usual, roundTrip(user));
    }
    List<TestClient> attackers = List.of(connect(), connect());
    for (TestClient attacker : attackers) {
      attacker.send(bomb);
    }
    long slowest = 0;
    for (int i = 0; i < 20; i++) {
      for (TestClient attacker : attackers) {
        if (!attacker.received.isEmpty()) { // answered: send the next bomb
          attacker.next();
          attacker.send(bomb);
        }
      }
      slowest = Math.max(slowest, roundTrip(user));
    }
    System.out.printf("HostileInputIT: scan bombs of %d bytes from two connections; a third"
        + " connection's slowest frame %.1f ms (%.1f ms before the bombs)%n",
        bomb.length, slowest / 1e6, usual / 1e6);
    for (TestClient attacker : attackers) {
      assertEquals("unsupported_jpeg", errorCode(attacker.next(30)), "the attacker is told why");
    }
    assertTrue(slowest < 1_000_000_000L, "a good frame took " + slowest / 1e6 + " ms");
  }

  /**
   * Text that is not UTF-8 closes its connection with 1007, as RFC 6455 says; fifty such clients
   * leave one line in the log, without a stack trace.
   */
  @Test
  void invalidTextFramesAreLoggedInOneLineWithoutAStackTrace() throws Exception {
    try (LogCapture log = LogCapture.start()) {
      for (int i = 0; i < 50; i++) {
        try (RawWebSocket client = RawWebSocket.connect(server.getPort())) {
          client.sendHeader(0x1, true, 2);
          client.sendRaw(new byte[] {(byte) 0xC3, 0x28}); // an invalid two-byte sequence
          assertEquals(1007, client.readUntilClose().closeCode(), "closed: not UTF-8");
        }
      }
      assertGoodFrameAnswered(connect());
      List<String> lines = log.lines();
      System.out.printf("HostileInputIT: 50 invalid text frames, %d log lines: %s%n", lines.size(), lines);
      assertTrue(lines.size() <= 2, lines.size() + " lines: " + String.join("\n", lines));
      assertTrue(lines.stream().noneMatch(line -> line.startsWith("\tat ")), "no stack trace");
    }
  }

  /** The time {@code client} waits for the answer to a good frame, in nanoseconds. */
  private static long roundTrip(TestClient client) throws InterruptedException {
    long start = System.nanoTime();
    client.send(good);
    client.nextFrame();
    return System.nanoTime() - start;
  }

  @Test
  void grayscaleJpegIsProcessed() throws Exception {
    Mat gray = new Mat(240, 320, CvType.CV_8UC1, new Scalar(70));
    byte[] jpeg;
    try {
      jpeg = TestFrames.encode(gray);
    } finally {
      gray.release();
    }
    TestClient client = connect();
    client.send(jpeg);
    assertEquals(70, TestFrames.meanOf(client.nextFrame()), 5, "mean brightness of the reply");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "", "{}", "[1, 2]", "{\"type\": \"launch\"}", "{\"type\": 7}",
      "{\"type\": \"hello\""})
  void textThatIsNotUnderstoodGetsAnError(String text) throws Exception {
    TestClient client = connect();
    client.send(text);
    assertEquals("unknown_message", errorCode(client.next()));
    assertGoodFrameAnswered(client);
  }

  /** Bombs keep one worker busy refusing; the other connection is still answered promptly. */
  @Test
  void goodFramesAreAnsweredWithinASecondWhileBombsAreRefused() throws Exception {
    byte[][] bombs = {
      TestFrames.withDeclaredSize(good, 65500, 65500), TestFrames.withDeclaredSize(good, 30000, 30000)
    };
    TestClient attacker = connect();
    TestClient user = connect();
    AtomicBoolean attacking = new AtomicBoolean(true);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> sent = pool.submit(() -> {
        int n = 0;
        while (attacking.get()) {
          if (attacker.hasBufferedData()) {
            Thread.onSpinWait(); // as fast as the socket takes them, not faster
          } else {
            attacker.send(bombs[n++ % bombs.length]);
          }
        }
        return n;
      });
      long slowest = 0;
      for (int i = 0; i < 30; i++) {
        long start = System.nanoTime();
        user.send(good);
        user.nextFrame();
        slowest = Math.max(slowest, System.nanoTime() - start);
      }
      attacking.set(false);
      System.out.printf("HostileInputIT: %d bombs sent; slowest good reply %.1f ms%n",
          sent.get(10, TimeUnit.SECONDS), slowest / 1e6);
      assertTrue(slowest < 1_000_000_000L, "a good frame took " + slowest / 1e6 + " ms");
    } finally {
      attacking.set(false);
      pool.shutdownNow();
    }
    assertEquals("bad_size", errorCode(attacker.next()), "the attacker is told why");
    assertTrue(attacker.isOpen(), "even the attacker's connection stays open");
    assertEquals(2, server.stats().connectionsOpen());
  }

  private TestClient connect() throws InterruptedException {
    TestClient client = TestClient.connect(server.getPort());
    clients.add(client);
    return client;
  }

  private static void assertGoodFrameAnswered(TestClient client) throws InterruptedException {
    assertTrue(client.isOpen(), "the connection stays open");
    client.send(good);
    byte[] reply = client.nextFrame();
    assertEquals(100, TestFrames.meanOf(reply), 15, "the good frame's reply");
  }

  private static String errorCode(Object reply) throws Exception {
    Map<String, Object> error =
        JSON.std.mapFrom(assertInstanceOf(String.class, reply, "a JSON text reply"));
    assertEquals("error", error.get("type"));
    assertTrue(error.get("message") instanceof String m && !m.isBlank(), "a message: " + error);
    return (String) error.get("code");
  }

  private static byte[] encoded(String extension) {
    OpenCvNatives.load();
    Mat image = TestFrames.scene(64, 48, 100);
    MatOfByte out = new MatOfByte();
    try {
      assertTrue(Imgcodecs.imencode(extension, image, out), "OpenCV encodes " + extension);
      return out.toArray();
    } finally {
      image.release();
      out.release();
    }
  }
}
