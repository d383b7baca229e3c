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
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
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
  private final List<Client> clients = new ArrayList<>();

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
    for (Client c : clients) {
      c.close();
    }
    server.shutdown(1000);
  }

  @Test
  void framesAreAnsweredInOrderAsGrayJpegsOfTheServerSize() throws Exception {
    Client client = connect();
    for (int i = 0; i < frames.length; i++) {
      client.send(frames[i]);
      assertFrame(BRIGHTNESS[i], client.next());
    }
    assertEquals(frames.length, server.processedFrames());
  }

  @Test
  void textThatIsNotJsonGetsAnErrorAndTheConnectionStaysOpen() throws Exception {
    Client client = connect();
    client.send("not json at all");
    Map<String, Object> error = json(client.next());
    assertEquals("error", error.get("type"));
    assertEquals("unknown_message", error.get("code"));
    assertNotNull(error.get("message"));
    assertTrue(client.isOpen());
    client.send(frames[1]);
    assertFrame(BRIGHTNESS[1], client.next());
  }

  @Test
  void garbageBinaryGetsNotJpegAndTheConnectionStaysOpen() throws Exception {
    Client client = connect();
    client.send(new byte[] {'n', 'o', 't', ' ', 'a', ' ', 'j', 'p', 'e', 'g'});
    Map<String, Object> error = json(client.next());
    assertEquals("error", error.get("type"));
    assertEquals("not_jpeg", error.get("code"));
    assertTrue(client.isOpen());
    client.send(frames[2]);
    assertFrame(BRIGHTNESS[2], client.next());
  }

  @Test
  void twoClientsEachGetTheirOwnReplies() throws Exception {
    Client dark = connect();
    Client bright = connect();
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
    Client client = connect();
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
    assertEquals(dropped, server.droppedFrames());
  }

  @Test
  void takenPortIsAStartExceptionNamingWsPort() {
    Settings same =
        Settings.fromMap(Map.of("HOST", "127.0.0.1", "WS_PORT", Integer.toString(server.getPort())));
    StartException e =
        assertThrows(StartException.class, () -> FrameServerMain.start(same));
    assertTrue(e.getMessage().contains("WS_PORT"), e.getMessage());
  }

  /** A frame header declaring more than the limit is refused before anything is allocated. */
  @Test
  void messageOverTheLimitClosesOnlyItsConnection() throws Exception {
    Client other = connect();
    try (Socket raw = new Socket("127.0.0.1", server.getPort())) {
      raw.setSoTimeout(5000);
      OutputStream out = raw.getOutputStream();
      InputStream in = raw.getInputStream();
      out.write(
          ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      assertTrue(readHeaders(in).startsWith("HTTP/1.1 101"), "handshake accepted");
      // A final binary frame, masked, with a 64-bit length just over the limit and no payload.
      ByteBuffer header = ByteBuffer.allocate(14).put((byte) 0x82).put((byte) (0x80 | 127));
      header.putLong(FrameServer.MAX_MESSAGE_BYTES + 1L).putInt(0);
      out.write(header.array());
      out.flush();
      byte[] close = in.readNBytes(4);
      assertEquals(0x88, close[0] & 0xFF, "a close frame");
      assertEquals(1009, ((close[2] & 0xFF) << 8) | (close[3] & 0xFF), "close code: too big");
    }
    other.send(frames[3]);
    assertFrame(BRIGHTNESS[3], other.next());
  }

  /** Reads an HTTP response's status line and headers, up to the empty line. */
  private static String readHeaders(InputStream in) throws IOException {
    StringBuilder headers = new StringBuilder();
    while (headers.length() < 4 || !headers.substring(headers.length() - 4).equals("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("closed during the handshake: " + headers);
      }
      headers.append((char) b);
    }
    return headers.toString();
  }

  private Callable<Void> roundTrips(Client client, int index) {
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

  private Client connect() throws InterruptedException {
    Client client = new Client(URI.create("ws://127.0.0.1:" + server.getPort()));
    clients.add(client);
    assertTrue(client.connectBlocking(5, TimeUnit.SECONDS), "could not connect");
    return client;
  }

  /** Collects every message it receives: byte[] for binary, String for text. */
  static final class Client extends WebSocketClient {
    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

    Client(URI uri) {
      super(uri);
    }

    /** The next message, failing after 5 seconds without one. */
    Object next() throws InterruptedException {
      Object message = received.poll(5, TimeUnit.SECONDS);
      assertNotNull(message, "no reply within 5 s");
      return message;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {}

    @Override
    public void onMessage(String message) {
      received.add(message);
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
      byte[] copy = new byte[bytes.remaining()];
      bytes.get(copy);
      received.add(copy);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {}

    @Override
    public void onError(Exception e) {
      received.add(e);
    }
  }
}
