package imagestream.stream;

import imagestream.ThrottledLog;
import imagestream.config.Settings;
import imagestream.config.SettingsException;
import imagestream.image.JpegCodec;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport-neutral frame core: it takes each client's frames, keeps only the latest waiting
 * one per client, processes them on a pool of workers (one frame per client per turn) with the
 * settings in force, and answers through the client's {@link Session}. A transport adapter hands
 * it sessions and frames; nothing here knows how they travel.
 */
public final class FrameCore {

  private static final Logger log = LoggerFactory.getLogger(FrameCore.class);

  private final JpegCodec codec;
  private final FrameStats stats = new FrameStats();
  private final ThrottledLog drops = new ThrottledLog(log);
  private final FrameWorkers workers;
  private volatile InForce inForce;

  /**
   * A core that encodes and decodes with {@code codec} on {@code threads} workers; {@link #apply}
   * settings before the first frame. It closes the codec when it shuts down.
   */
  public FrameCore(JpegCodec codec, int threads) {
    this.codec = codec;
    this.workers = new FrameWorkers(codec, threads, () -> inForce, stats);
  }

  /**
   * Puts {@code settings} in force, in one step: the next frames use their SERVER_* values and
   * default chain, and pages choose from the menu that follows from it.
   *
   * @return what is now in force, e.g. for telling the clients
   * @throws SettingsException if a processor of the chain cannot be created; nothing changes
   */
  public InForce apply(Settings settings) {
    InForce next = InForce.of(settings, codec);
    if (inForce != null) {
      stats.settingsApplied(); // an edit, not the settings it started with
    }
    inForce = next;
    return next;
  }

  /** What is in force now. */
  public InForce inForce() {
    return inForce;
  }

  /** Every counter of this core and of the transport that feeds it. */
  public FrameStats stats() {
    return stats;
  }

  /**
   * Takes a frame from {@code session}: it replaces the frame waiting for that session, if any
   * (counted, and the client told), and a worker processes it in the session's next turn.
   *
   * @throws RejectedExecutionException if the core is shutting down
   */
  public void submit(Session session, byte[] frame) {
    stats.frameReceived(frame.length);
    LatestFrameSlot.Offer offer = session.offer(new ReceivedFrame(frame, System.nanoTime()));
    if (offer.replacedOlder()) {
      stats.frameDropped();
      drops.count(since -> log.info("Dropped {} frame(s) since the last report, {} in all: clients"
          + " send faster than the server processes (a newer frame replaced a waiting one)",
          since, stats.snapshot().framesDropped()));
    }
    if (offer.mustSchedule()) {
      workers.schedule(session);
    }
  }

  /**
   * Stops taking frames, waits up to {@code millis} for the frames in progress (their replies are
   * sent), then frees the codec.
   */
  public void shutdown(long millis) throws InterruptedException {
    workers.shutdown(millis);
  }
}
