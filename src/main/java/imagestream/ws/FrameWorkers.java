package imagestream.ws;

import imagestream.ThrottledWarning;
import imagestream.config.Settings;
import imagestream.image.Detection;
import imagestream.image.FrameException;
import imagestream.image.FramePipeline;
import imagestream.image.FrameProcessor;
import imagestream.image.JpegCodec;
import imagestream.image.processors.ProcessingChain;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool that processes frames, off the socket threads, so a slow frame never stalls another
 * connection's I/O. Each connection is drained by at most one worker at a time, in order, one
 * frame per turn; the pool's queue holds at most one task per connection.
 */
final class FrameWorkers {

  private static final Logger log = LoggerFactory.getLogger(FrameWorkers.class);

  private final JpegCodec codec;
  private volatile Setup setup;
  private final ExecutorService pool;
  private final LongAdder processed = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final ThrottledWarning failures = new ThrottledWarning(log, 10_000);

  /** What every frame goes through now: the pipeline for the output size, the default chain. */
  private record Setup(FramePipeline pipeline, ProcessingChain defaultChain) {}

  /**
   * @param threads worker threads; call {@link #configure} before the first frame
   */
  FrameWorkers(JpegCodec codec, int threads) {
    this.codec = codec;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "frame-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Applies new settings (output size, quality, default chain) from the next frame on. */
  void configure(Settings settings) {
    FramePipeline pipeline =
        new FramePipeline(
            codec, settings.serverWidth(), settings.serverHeight(), settings.serverJpgQuality100(),
            settings.limits().maxFramePixels());
    setup = new Setup(pipeline, settings.processing());
  }

  /** Accepts a frame from {@code connection}; returns true if it replaced a waiting one. */
  boolean submit(Connection connection, byte[] frame) {
    LatestFrameSlot.Offer offer = connection.slot().offer(frame);
    if (offer.mustSchedule()) {
      pool.execute(() -> drain(connection));
    }
    return offer.replacedOlder();
  }

  private void drain(Connection connection) {
    byte[] frame;
    while ((frame = connection.slot().take()) != null) {
      if (!connection.isOpen()) {
        continue; // closed meanwhile: take() empties the slot and ends the drain
      }
      if (!connection.canSend()) {
        connection.replyDropped(); // the client is not reading: spare the work of a lost reply
        continue;
      }
      process(connection, frame);
      if (connection.slot().hasWaiting()) {
        // Back to the end of the queue, still owning the slot: a connection that sends fast gets
        // one frame per turn, so every other connection waits for at most one of its frames.
        requeue(connection);
        return;
      }
    }
  }

  private void requeue(Connection connection) {
    try {
      pool.execute(() -> drain(connection));
    } catch (RejectedExecutionException e) {
      connection.slot().clear(); // shutting down: the waiting frame will not be processed
    }
  }

  private void process(Connection connection, byte[] frame) {
    Setup now = setup;
    try {
      ProcessingChain chain = connection.chain(now.defaultChain());
      FrameProcessor processor = connection.processor(chain);
      byte[] reply = now.pipeline().process(frame, processor);
      List<Detection> found = processor.detections(); // before the reply: it may throw
      processed.increment(); // before the reply leaves, so a client never sees it uncounted
      connection.sendFrame(reply);
      connection.sendDetections(found);
    } catch (FrameException e) {
      refused.increment();
      log.debug("Refused a frame from {}: {}", connection, e.getMessage());
      connection.sendText(ControlMessages.error(e.code(), e.getMessage()));
    } catch (RuntimeException e) {
      // A bug or an OpenCV failure on one frame must not end the drain or the worker.
      failed(connection, e);
    } catch (Throwable e) {
      // An Error too (an assertion, a stack overflow in a processor, a native call gone wrong):
      // ending here would leave the connection's slot scheduled, so it would never be answered
      // again. What this thread holds in the codec may be half-updated: start it afresh.
      failed(connection, e);
      try {
        codec.resetThread();
      } catch (RuntimeException closed) {
        log.debug("Could not renew the codec state of {}: {}", Thread.currentThread().getName(), closed.toString());
      }
    }
  }

  /** Refuses a frame the server failed on: one throttled line in the log, an error to the client. */
  private void failed(Connection connection, Throwable e) {
    refused.increment();
    failures.warn("Could not process a frame from {}: {}", connection, e.toString());
    connection.sendText(ControlMessages.error("internal_error", "The server could not process the frame"));
  }

  long processed() {
    return processed.sum();
  }

  long refused() {
    return refused.sum();
  }

  /**
   * Stops taking frames, waits up to {@code millis} for the frames in progress, then frees the
   * codec's native resources, unless a frame is still in progress: a worker inside a native
   * decode cannot be interrupted, and freeing its codec state would wait for it; that state is
   * then left to the operating system, which frees it with the process.
   */
  void shutdown(long millis) throws InterruptedException {
    pool.shutdown();
    if (pool.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
      codec.close();
      return;
    }
    pool.shutdownNow();
    log.warn("A frame was still in progress after {} ms; stopping without waiting for it", millis);
  }
}
