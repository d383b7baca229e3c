package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.Settings;
import imagestream.image.FrameProcessor;
import imagestream.image.JpegCodec;
import imagestream.image.OpenCvJpegCodec;
import imagestream.image.TestFrames;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.java_websocket.WebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/** FrameWorkers: a connection with another frame waiting goes back to the end of the queue. */
@Timeout(20)
class FrameWorkersTest {

  @Test
  void aConnectionThatSendsFastGetsOneFramePerTurn() throws Exception {
    Recorder.reset();
    FrameWorkers workers = new FrameWorkers(new OpenCvJpegCodec(), 1);
    workers.configure(Settings.fromMap(Map.of("PROCESSING", Recorder.class.getName(),
        "SERVER_WIDTH", "32", "SERVER_HEIGHT", "24")));
    CountDownLatch replies = new CountDownLatch(3);
    Connection fast = connection(replies);
    Connection other = connection(replies);
    try {
      workers.submit(fast, TestFrames.sceneJpeg(32, 24, 40));
      assertTrue(Recorder.firstStarted.await(5, TimeUnit.SECONDS));
      // While the only worker is busy with fast's first frame, fast sends again, then other.
      workers.submit(fast, TestFrames.sceneJpeg(32, 24, 120));
      workers.submit(other, TestFrames.sceneJpeg(32, 24, 200));
      Recorder.releaseFirst.countDown();
      assertTrue(replies.await(5, TimeUnit.SECONDS), "three replies");
      assertEquals(List.of(1, 3, 2), order(Recorder.processed), "fast, other, then fast's second");
    } finally {
      workers.shutdown(1000);
    }
  }

  /**
   * A processor that throws an Error on the first frame: the frame is refused, the connection's
   * next frame is processed, and the worker's codec state is renewed.
   */
  @Test
  void anErrorFromAProcessorRefusesThatFrameAndTheConnectionGoesOn() throws Exception {
    CountingCodec codec = new CountingCodec();
    FrameWorkers workers = new FrameWorkers(codec, 1);
    workers.configure(Settings.fromMap(Map.of("PROCESSING", FailsOnce.class.getName(),
        "SERVER_WIDTH", "32", "SERVER_HEIGHT", "24")));
    CountDownLatch replies = new CountDownLatch(1);
    List<String> texts = new CopyOnWriteArrayList<>();
    Connection connection = connection(replies, texts);
    try {
      workers.submit(connection, TestFrames.sceneJpeg(32, 24, 40));
      waitFor(() -> texts.size() == 1);
      assertTrue(texts.get(0).contains("internal_error"), texts.get(0));
      workers.submit(connection, TestFrames.sceneJpeg(32, 24, 40));
      assertTrue(replies.await(5, TimeUnit.SECONDS), "the next frame is answered");
      assertEquals(1, codec.resets.get(), "the worker's codec state is renewed after an Error");
      assertEquals(1, workers.refused());
    } finally {
      workers.shutdown(1000);
    }
  }

  /**
   * A frame stuck in a decode (a native call that ignores interrupts, and a codec whose close
   * waits for it, as TurboJPEG's does): shutdown still returns within its time.
   */
  @Test
  void shutdownDoesNotWaitForADecodeThatDoesNotEnd() throws Exception {
    StuckCodec codec = new StuckCodec();
    FrameWorkers workers = new FrameWorkers(codec, 1);
    workers.configure(Settings.fromMap(Map.of("SERVER_WIDTH", "32", "SERVER_HEIGHT", "24")));
    try {
      workers.submit(connection(new CountDownLatch(1)), TestFrames.sceneJpeg(32, 24, 40));
      assertTrue(codec.decoding.await(5, TimeUnit.SECONDS), "the decode started");
      long start = System.nanoTime();
      assertTimeoutPreemptively(Duration.ofSeconds(3), () -> workers.shutdown(200));
      System.out.printf("FrameWorkersTest: shutdown(200) returned after %d ms with a decode stuck%n",
          (System.nanoTime() - start) / 1_000_000);
    } finally {
      codec.release.countDown();
    }
  }

  /** A codec whose decode waits until released, and whose close waits for the decode. */
  private static final class StuckCodec implements JpegCodec {
    final CountDownLatch decoding = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public synchronized Mat decode(byte[] jpeg, boolean gray, int scale) {
      decoding.countDown();
      while (release.getCount() > 0) {
        try {
          release.await();
        } catch (InterruptedException e) {
          // as a native call, deaf to interrupts
        }
      }
      return new Mat();
    }

    @Override
    public byte[] encode(Mat image, int quality) {
      throw new UnsupportedOperationException();
    }

    @Override
    public synchronized void close() {
      // waits for a decode in progress
    }
  }

  /** Throws an AssertionError on its first frame only (each connection has its own instance). */
  public static final class FailsOnce implements FrameProcessor {
    private boolean failed;

    @Override
    public Mat process(Mat frame) {
      if (!failed) {
        failed = true;
        throw new AssertionError("FailsOnce fails once");
      }
      return frame;
    }
  }

  /** OpenCV's codec, counting the renewals of a thread's codec state. */
  private static final class CountingCodec implements JpegCodec {
    private final OpenCvJpegCodec real = new OpenCvJpegCodec();
    final AtomicInteger resets = new AtomicInteger();

    @Override
    public Mat decode(byte[] jpeg, boolean gray, int scale) {
      return real.decode(jpeg, gray, scale);
    }

    @Override
    public byte[] encode(Mat image, int quality) {
      return real.encode(image, quality);
    }

    @Override
    public void resetThread() {
      resets.incrementAndGet();
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not met within 5 s");
      Thread.sleep(5);
    }
  }

  /** Records each frame's brightness in processing order; holds the first until released. */
  public static final class Recorder implements FrameProcessor {
    static List<Double> processed;
    static CountDownLatch firstStarted;
    static CountDownLatch releaseFirst;

    static void reset() {
      processed = new CopyOnWriteArrayList<>();
      firstStarted = new CountDownLatch(1);
      releaseFirst = new CountDownLatch(1);
    }

    @Override
    public Mat process(Mat frame) {
      processed.add(Core.mean(frame).val[0]);
      if (processed.size() == 1) {
        firstStarted.countDown();
        try {
          releaseFirst.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return frame;
    }
  }

  /** Ranks of the brightnesses in processing order: 1 the darkest (fast's first), 3 the brightest. */
  private static List<Integer> order(List<Double> means) {
    List<Double> sorted = means.stream().sorted().toList();
    return means.stream().map(m -> sorted.indexOf(m) + 1).toList();
  }

  /** A connection on an open WebSocket that counts the binary replies sent on it. */
  private static Connection connection(CountDownLatch replies) {
    return connection(replies, new CopyOnWriteArrayList<>());
  }

  /** A connection that counts the binary replies sent on it and keeps the text messages. */
  private static Connection connection(CountDownLatch replies, List<String> texts) {
    WebSocket socket = (WebSocket) Proxy.newProxyInstance(
        WebSocket.class.getClassLoader(), new Class<?>[] {WebSocket.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "isOpen" -> true;
          case "send" -> {
            if (args[0] instanceof byte[]) {
              replies.countDown();
            } else if (args[0] instanceof String text) {
              texts.add(text);
            }
            yield null;
          }
          case "getRemoteSocketAddress" -> null;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          case "toString" -> "test socket";
          default -> throw new UnsupportedOperationException(method.getName());
        });
    return new Connection(socket, Long.MAX_VALUE, new LongAdder());
  }
}
