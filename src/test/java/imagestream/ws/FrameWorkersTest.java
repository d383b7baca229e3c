package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.Settings;
import imagestream.image.FrameProcessor;
import imagestream.image.OpenCvJpegCodec;
import imagestream.image.TestFrames;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    WebSocket socket = (WebSocket) Proxy.newProxyInstance(
        WebSocket.class.getClassLoader(), new Class<?>[] {WebSocket.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "isOpen" -> true;
          case "send" -> {
            if (args[0] instanceof byte[]) {
              replies.countDown();
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
