package imagestream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.Await;
import imagestream.config.Settings;
import imagestream.image.ForwardingCodec;
import imagestream.image.FrameProcessor;
import imagestream.image.JpegCodec;
import imagestream.image.OpenCvJpegCodec;
import imagestream.image.TestFrames;
import imagestream.image.processors.ProcessingChain;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * FrameCore: a session with another frame waiting goes back to the end of the queue, a failing
 * processor costs one frame, a stuck decode does not hold the shutdown, and a session closes its
 * processors when it changes its chain or ends.
 */
@Timeout(20)
class FrameCoreTest {

  @Test
  void aSessionThatSendsFastGetsOneFramePerTurn() throws Exception {
    Recorder.reset();
    FrameCore core = core(new OpenCvJpegCodec(), Recorder.class.getName());
    CountDownLatch replies = new CountDownLatch(3);
    RecordingSession fast = new RecordingSession(replies);
    RecordingSession other = new RecordingSession(replies);
    try {
      core.submit(fast, TestFrames.sceneJpeg(32, 24, 40));
      assertTrue(Recorder.firstStarted.await(5, TimeUnit.SECONDS));
      // While the only worker is busy with fast's first frame, fast sends again, then other.
      core.submit(fast, TestFrames.sceneJpeg(32, 24, 120));
      core.submit(other, TestFrames.sceneJpeg(32, 24, 200));
      Recorder.releaseFirst.countDown();
      assertTrue(replies.await(5, TimeUnit.SECONDS), "three replies");
      assertEquals(List.of(1, 3, 2), order(Recorder.processed), "fast, other, then fast's second");
    } finally {
      core.shutdown(1000);
    }
  }

  /**
   * A processor that throws an Error on the first frame: the frame is refused, the session's
   * next frame is processed, and the worker's codec state is renewed.
   */
  @Test
  void anErrorFromAProcessorRefusesThatFrameAndTheSessionGoesOn() throws Exception {
    CountingCodec codec = new CountingCodec();
    FrameCore core = core(codec, FailsOnce.class.getName());
    CountDownLatch replies = new CountDownLatch(1);
    RecordingSession session = new RecordingSession(replies);
    try {
      core.submit(session, TestFrames.sceneJpeg(32, 24, 40));
      Await.until("the refusal", () -> session.refusals.size() == 1);
      assertEquals(List.of("internal_error"), session.refusals);
      core.submit(session, TestFrames.sceneJpeg(32, 24, 40));
      assertTrue(replies.await(5, TimeUnit.SECONDS), "the next frame is answered");
      assertEquals(1, codec.resets.get(), "the worker's codec state is renewed after an Error");
      assertEquals(1, core.stats().snapshot().framesRefusedInAll());
      assertEquals(Map.of("internal_error", 1L), core.stats().snapshot().framesRefused());
    } finally {
      core.shutdown(1000);
    }
  }

  /**
   * A frame stuck in a decode (a native call that ignores interrupts, and a codec whose close
   * waits for it, as TurboJPEG's does): shutdown still returns within its time.
   */
  @Test
  void shutdownDoesNotWaitForADecodeThatDoesNotEnd() throws Exception {
    StuckCodec codec = new StuckCodec();
    FrameCore core = new FrameCore(codec, 1);
    core.apply(Settings.fromMap(Map.of("SERVER_WIDTH", "32", "SERVER_HEIGHT", "24")));
    try {
      core.submit(new RecordingSession(new CountDownLatch(1)), TestFrames.sceneJpeg(32, 24, 40));
      assertTrue(codec.decoding.await(5, TimeUnit.SECONDS), "the decode started");
      long start = System.nanoTime();
      assertTimeoutPreemptively(Duration.ofSeconds(3), () -> core.shutdown(200));
      System.out.printf("FrameCoreTest: shutdown(200) returned after %d ms with a decode stuck%n",
          (System.nanoTime() - start) / 1_000_000);
    } finally {
      codec.release.countDown();
    }
  }

  /** A session's processors are closed when it chooses another chain, and when it ends. */
  @Test
  void aSessionClosesItsProcessorsWhenItChangesItsChainAndWhenItEnds() throws Exception {
    FrameCore core = core(new OpenCvJpegCodec(), Closing.class.getName());
    Closing.reset(); // forgets the trial instance the core made when the settings applied
    CountDownLatch replies = new CountDownLatch(2);
    RecordingSession session = new RecordingSession(replies);
    try {
      core.submit(session, TestFrames.sceneJpeg(32, 24, 40));
      Await.until("the first reply", () -> session.replies.size() == 1);
      assertEquals(1, Closing.created.get());
      assertEquals(0, Closing.closed.get(), "in use: not closed");

      session.choose(ProcessingChain.parse("grayscale," + Closing.class.getName()));
      core.submit(session, TestFrames.sceneJpeg(32, 24, 40));
      assertTrue(replies.await(5, TimeUnit.SECONDS), "the frame of the new chain is answered");
      assertEquals(2, Closing.created.get(), "the new chain has its own instance");
      assertEquals(1, Closing.closed.get(), "the old chain's instance is closed once replaced");

      session.end(); // at once, or by the worker as its drain ends
      Await.until("the ended session's processors closed", () -> Closing.closed.get() == 2);
      assertFalse(session.end(), "a session ends once");
      assertEquals(2, Closing.closed.get(), "once");
    } finally {
      core.shutdown(1000);
    }
  }

  /**
   * A session that ends while a worker processes its frame: the processor is closed once the
   * frame is done, never while it is in use.
   */
  @Test
  void aSessionThatEndsMidFrameClosesItsProcessorsOnceTheFrameIsDone() throws Exception {
    FrameCore core = core(new OpenCvJpegCodec(), Closing.class.getName());
    Closing.reset();
    Closing.hold = new CountDownLatch(1);
    RecordingSession session = new RecordingSession(new CountDownLatch(1));
    try {
      core.submit(session, TestFrames.sceneJpeg(32, 24, 40));
      assertTrue(Closing.processing.await(5, TimeUnit.SECONDS), "the frame is being processed");
      session.open = false;
      session.end();
      assertEquals(0, Closing.closed.get(), "not closed while it processes a frame");
      Closing.hold.countDown();
      assertTrue(Closing.closing.await(5, TimeUnit.SECONDS), "closed once the frame is done");
      assertEquals(1, Closing.closed.get());
      assertEquals(0, Closing.closedWhileProcessing.get());
    } finally {
      core.shutdown(1000);
    }
  }

  /** A core with one worker, 32x24 frames out, and {@code processing} as its chain. */
  private static FrameCore core(JpegCodec codec, String processing) {
    FrameCore core = new FrameCore(codec, 1);
    core.apply(Settings.fromMap(Map.of("PROCESSING", processing, "SERVER_WIDTH", "32", "SERVER_HEIGHT", "24")));
    return core;
  }

  /** Counts its instances and their closes; holds a frame in process while {@link #hold} is shut. */
  public static final class Closing implements FrameProcessor {
    static final AtomicInteger created = new AtomicInteger();
    static final AtomicInteger closed = new AtomicInteger();
    static final AtomicInteger closedWhileProcessing = new AtomicInteger();
    static volatile CountDownLatch hold = new CountDownLatch(0);
    static volatile CountDownLatch processing = new CountDownLatch(1);
    static volatile CountDownLatch closing = new CountDownLatch(1);
    private volatile boolean inProcess;

    static void reset() {
      created.set(0);
      closed.set(0);
      closedWhileProcessing.set(0);
      hold = new CountDownLatch(0);
      processing = new CountDownLatch(1);
      closing = new CountDownLatch(1);
    }

    /** Counts itself. */
    public Closing() {
      created.incrementAndGet();
    }

    @Override
    public Mat process(Mat frame) {
      inProcess = true;
      processing.countDown();
      try {
        hold.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inProcess = false;
      return frame;
    }

    @Override
    public void close() {
      if (inProcess) {
        closedWhileProcessing.incrementAndGet();
      }
      closed.incrementAndGet();
      closing.countDown();
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
  private static final class CountingCodec extends ForwardingCodec {
    private final OpenCvJpegCodec real = new OpenCvJpegCodec();
    final AtomicInteger resets = new AtomicInteger();

    @Override
    protected JpegCodec delegate() {
      return real;
    }

    @Override
    public void resetThread() {
      resets.incrementAndGet();
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
}
