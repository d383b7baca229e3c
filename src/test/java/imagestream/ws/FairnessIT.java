package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.Settings;
import imagestream.image.FrameProcessor;
import imagestream.image.TestFrames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opencv.core.Mat;

/**
 * A heavy chain (a model, say) on some connections must not starve a light one: with every
 * worker busy on heavy frames, and each heavy connection sending faster than its frames are
 * processed (so one always waits), a grayscale frame waits for at most one heavy frame, because
 * each connection gets one frame per turn.
 */
@Timeout(60)
class FairnessIT {

  /** What one heavy frame costs: far more than a grayscale frame, as a model does. */
  static final long HEAVY_MILLIS = 200;

  private static final int LIGHT_FRAMES = 20;

  @Test
  void aLightConnectionWaitsForAtMostOneHeavyFrame() throws Exception {
    int workers = Runtime.getRuntime().availableProcessors(); // the server's pool, as it sizes it
    FrameServer server = FrameServerMain.start(Settings.fromMap(Map.of("HOST", "127.0.0.1",
        "WS_PORT", "0", "SERVER_WIDTH", "320", "SERVER_HEIGHT", "240",
        "PROCESSING", "grayscale," + Heavy.class.getName())));
    List<TestClient> clients = new ArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> senders = new ArrayList<>();
    try {
      byte[] frame = TestFrames.sceneJpeg(320, 240, 120);
      TestClient light = TestClient.connect(server.getPort());
      clients.add(light);
      light.send("{\"type\":\"processing\",\"chain\":\"grayscale\"}");
      light.next(); // config: its frames go through grayscale only
      long[] alone = roundTrips(light, frame);

      // Heavy connections each sending four times faster than their frames are processed, so
      // each always has a frame waiting: first one fewer than the workers, then one per worker.
      AtomicInteger heavyReplies = new AtomicInteger();
      long[] besideFewer = null;
      if (workers > 1) {
        startHeavy(workers - 1, server, frame, running, heavyReplies, clients, senders);
        besideFewer = roundTrips(light, frame);
      }
      startHeavy(workers - senders.size(), server, frame, running, heavyReplies, clients, senders);
      long[] beside = roundTrips(light, frame);
      int heavyFrames = heavyReplies.get();

      System.out.printf("FairnessIT: %d workers, heavy frames of %d ms (%d heavy replies"
              + " meanwhile); the light connection's round trip, median and max: alone %.1f and"
              + " %.1f ms%s; beside %d heavy: %.1f and %.1f ms%n",
          workers, HEAVY_MILLIS, heavyFrames, ms(median(alone)), ms(max(alone)),
          besideFewer == null ? "" : String.format("; beside %d heavy: %.1f and %.1f ms",
              workers - 1, ms(median(besideFewer)), ms(max(besideFewer))),
          workers, ms(median(beside)), ms(max(beside)));
      assertTrue(heavyFrames >= workers, "the heavy connections kept going");
      if (besideFewer != null) {
        // A worker is left for it: it barely notices the heavy ones.
        assertTrue(ms(max(besideFewer)) < HEAVY_MILLIS / 2.0,
            "with a worker free the light connection waited " + ms(max(besideFewer)) + " ms");
      }
      // One heavy frame at most (HEAVY_MILLIS), plus a margin for a loaded machine; without the
      // one-frame-per-turn rule a heavy connection's drain never ends, and no light frame is
      // answered at all (seen: "no reply within 5 s").
      assertTrue(ms(max(beside)) < HEAVY_MILLIS + 150,
          "the light connection waited " + ms(max(beside)) + " ms: more than one heavy frame");
    } finally {
      running.set(false);
      clients.forEach(TestClient::close);
      for (Thread t : senders) {
        t.join(2000);
      }
      server.shutdown(1000);
    }
  }

  /** Starts {@code n} heavy connections, flooding, and waits until each is answered. */
  private static void startHeavy(int n, FrameServer server, byte[] frame, AtomicBoolean running,
      AtomicInteger replies, List<TestClient> clients, List<Thread> senders) throws InterruptedException {
    CountDownLatch answered = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      TestClient heavy = TestClient.connect(server.getPort());
      clients.add(heavy);
      Thread sender = new Thread(() -> flood(heavy, frame, running, replies, answered),
          "heavy-" + senders.size());
      sender.setDaemon(true);
      sender.start();
      senders.add(sender);
    }
    assertTrue(answered.await(10, TimeUnit.SECONDS), "every heavy connection was answered");
  }

  /** Sends {@code frame} {@value #LIGHT_FRAMES} times, one in flight; the round trips in ns. */
  private static long[] roundTrips(TestClient client, byte[] frame) throws InterruptedException {
    long[] times = new long[LIGHT_FRAMES];
    for (int i = 0; i < times.length; i++) {
      long sent = System.nanoTime();
      client.send(frame);
      Mat reply = TestFrames.decodeUnchanged(client.nextFrame());
      times[i] = System.nanoTime() - sent;
      assertEquals(1, reply.channels(), "grayscale, not the heavy chain");
      reply.release();
    }
    return times;
  }

  /** Sends a frame every quarter of a heavy frame, whatever the replies, and counts them. */
  private static void flood(TestClient client, byte[] frame, AtomicBoolean running,
      AtomicInteger replies, CountDownLatch answered) {
    boolean first = true;
    try {
      while (running.get() && client.isOpen()) {
        client.send(frame);
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEAVY_MILLIS / 4);
        long left;
        while ((left = until - System.nanoTime()) > 0) {
          if (client.received.poll(left, TimeUnit.NANOSECONDS) instanceof byte[]) {
            replies.incrementAndGet();
            if (first) {
              answered.countDown();
              first = false;
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long max(long[] values) {
    return Arrays.stream(values).max().orElseThrow();
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** A heavy step: it holds its worker for {@link #HEAVY_MILLIS}, as a model would. */
  public static final class Heavy implements FrameProcessor {
    @Override
    public Mat process(Mat frame) {
      try {
        Thread.sleep(HEAVY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return frame;
    }
  }
}
