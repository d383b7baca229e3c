package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.image.FramePipeline;
import imagestream.image.OpenCvJpegCodec;
import imagestream.image.TestFrames;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opencv.core.Core;

/** FrameWorkers: a connection with another frame waiting goes back to the end of the queue. */
@Timeout(20)
class FrameWorkersTest {

  @Test
  void aConnectionThatSendsFastGetsOneFramePerTurn() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    List<Long> processed = new CopyOnWriteArrayList<>(); // mean brightness, in processing order
    FramePipeline pipeline = new FramePipeline(new OpenCvJpegCodec(), frame -> {
      processed.add(Math.round(Core.mean(frame).val[0] / 10) * 10);
      if (processed.size() == 1) {
        firstStarted.countDown();
        await(releaseFirst);
      }
      return frame;
    }, 32, 24, 90, Long.MAX_VALUE);
    FrameWorkers workers = new FrameWorkers(pipeline, 1);
    CountDownLatch replies = new CountDownLatch(3);
    Connection fast = new Connection(socket(replies));
    Connection other = new Connection(socket(replies));
    try {
      workers.submit(fast, TestFrames.sceneJpeg(32, 24, 40));
      assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
      // While the only worker is busy with fast's first frame, fast sends again, then other.
      workers.submit(fast, TestFrames.sceneJpeg(32, 24, 120));
      workers.submit(other, TestFrames.sceneJpeg(32, 24, 200));
      releaseFirst.countDown();
      assertTrue(replies.await(5, TimeUnit.SECONDS), "three replies");
      assertEquals(3, processed.size());
      assertEquals(List.of(1, 3, 2), order(processed), "fast, other, then fast's second frame");
    } finally {
      workers.shutdown(1000);
    }
  }

  /** Ranks of the brightnesses in processing order: 1 darkest (fast's first), 3 brightest. */
  private static List<Integer> order(List<Long> means) {
    List<Long> sorted = means.stream().sorted().toList();
    return means.stream().map(m -> sorted.indexOf(m) + 1).toList();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An open WebSocket that counts the binary replies sent on it. */
  private static WebSocket socket(CountDownLatch replies) {
    return (WebSocket) Proxy.newProxyInstance(
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
  }
}
