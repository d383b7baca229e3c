package imagestream.stream;

import imagestream.DaemonThreads;
import imagestream.ThrottledLog;
import imagestream.image.Detection;
import imagestream.image.FrameException;
import imagestream.image.FrameProcessor;
import imagestream.image.JpegCodec;
import imagestream.image.StageTimes;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool that processes frames, off the transport's threads, so a slow frame never stalls
 * another client's I/O. Each session is drained by at most one worker at a time, in order, one
 * frame per turn; the pool's queue holds at most one task per session.
 */
final class FrameWorkers {

  private static final Logger log = LoggerFactory.getLogger(FrameWorkers.class);

  private final JpegCodec codec;
  private final Supplier<InForce> inForce;
  private final FrameStats stats;
  private final ExecutorService pool;
  private final ThrottledLog failures = new ThrottledLog(log);
  private final ThreadLocal<StageTimes> times = ThreadLocal.withInitial(StageTimes::new);

  /**
   * @param threads worker threads
   * @param inForce what the next frame goes through
   */
  FrameWorkers(JpegCodec codec, int threads, Supplier<InForce> inForce, FrameStats stats) {
    this.codec = codec;
    this.inForce = inForce;
    this.stats = stats;
    this.pool = Executors.newFixedThreadPool(threads, DaemonThreads.numbered("frame-worker"));
  }

  /**
   * Has a worker drain {@code session}, whose slot asked for it.
   *
   * @throws RejectedExecutionException if the workers are shutting down
   */
  void schedule(Session session) {
    pool.execute(() -> drain(session));
  }

  private void drain(Session session) {
    ReceivedFrame frame;
    while ((frame = session.next()) != null) {
      if (!session.isOpen()) {
        continue; // closed meanwhile: next() ends the drain
      }
      if (!session.canTakeMore()) {
        stats.replyDropped(); // the client is not reading: spare the work of a lost reply
        continue;
      }
      turn(session, frame);
      if (session.hasWaiting()) {
        // Back to the end of the queue, still owning the slot: a client that sends fast gets one
        // frame per turn, so every other client waits for at most one of its frames.
        requeue(session);
        return;
      }
    }
  }

  private void requeue(Session session) {
    try {
      pool.execute(() -> drain(session));
    } catch (RejectedExecutionException e) {
      // Shutting down: the waiting frame will not be processed; the drain ends here.
      session.dropWaiting();
      while (session.next() != null) {
        // one more arrived meanwhile: not processed either
      }
    }
  }

  /** One frame of {@code session}: processed with the settings in force and answered, or refused. */
  private void turn(Session session, ReceivedFrame frame) {
    InForce now = inForce.get();
    StageTimes stages = times.get();
    stages.reset();
    try {
      FrameProcessor processor = session.processor(session.chain(now.defaultChain()));
      byte[] reply = now.pipeline().process(frame.bytes(), processor, stages);
      List<Detection> found = processor.detections(); // before the reply: it may throw
      stats.frameProcessed(); // before the reply leaves, so a client never sees it uncounted
      if (session.reply(reply, found)) {
        long queued = System.nanoTime();
        stats.replySent(reply.length);
        stats.frameTimed(stages, queued - frame.receivedNanos());
        session.timed(stages, queued - frame.receivedNanos(), queued);
      }
    } catch (FrameException e) {
      stats.frameRefused(e.code());
      log.debug("Refused a frame from {}: {}", session, e.getMessage());
      session.refuse(e.code(), e.getMessage());
    } catch (RuntimeException e) {
      // A bug or an OpenCV failure on one frame must not end the drain or the worker.
      failed(session, e);
    } catch (Throwable e) {
      // An Error too (an assertion, a stack overflow in a processor, a native call gone wrong):
      // ending here would leave the session's slot scheduled, so it would never be answered
      // again. What this thread holds in the codec may be half-updated: start it afresh.
      failed(session, e);
      try {
        codec.resetThread();
      } catch (RuntimeException closed) {
        log.debug("Could not renew the codec state of {}: {}", Thread.currentThread().getName(), closed.toString());
      }
    }
  }

  /** Refuses a frame the server failed on: one throttled line in the log, an error to the client. */
  private void failed(Session session, Throwable e) {
    stats.frameRefused(FrameException.INTERNAL);
    failures.warn("Could not process a frame from {}: {}", session, e.toString());
    session.refuse(FrameException.INTERNAL, "The server could not process the frame");
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
