package imagestream.stream;

import imagestream.ThrottledLog;
import imagestream.image.Detection;
import imagestream.image.FrameProcessor;
import imagestream.image.StageTimes;
import imagestream.image.processors.ProcessingChain;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the frame core, whatever transport carries its frames: the frame waiting for it
 * (latest wins), the chain it chose and its own instances of that chain's processors. A transport
 * extends it with how to reach its client: whether it takes more now, and how to reply to a
 * frame, refuse one, and tell it that a frame was dropped.
 *
 * <p>The core calls those from one worker thread at a time per session, in frame order; {@link
 * #tellDropped} comes from the thread that submitted the newer frame.
 */
public abstract class Session {

  private static final Logger log = LoggerFactory.getLogger(Session.class);
  private static final ThrottledLog closeFailures = new ThrottledLog(log);

  private final LatestFrameSlot<ReceivedFrame> slot = new LatestFrameSlot<>();
  private final TimingWindow timing = new TimingWindow(); // only the worker draining this session
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile ProcessingChain chosen; // null: the server's default chain
  private volatile Built built; // only the worker draining this session, or the one closing it

  /** A chain and this session's own processors for it. */
  private record Built(ProcessingChain chain, FrameProcessor processor) {}

  /** Whether the client is still connected. */
  public abstract boolean isOpen();

  /**
   * Whether the client reads what it is sent: false while too much waits for it, and then its
   * frames are not even processed (the reply would be dropped).
   */
  public abstract boolean canTakeMore();

  /**
   * Sends a processed frame and, right after it, what its processing found.
   *
   * @return whether the reply was sent; false if the client stopped reading meanwhile
   */
  protected abstract boolean reply(byte[] jpeg, List<Detection> found);

  /** Tells the client that its frame was refused: a protocol error {@code code} and why. */
  protected abstract void refuse(String code, String message);

  /** Tells the client that a newer frame replaced one of its frames, {@code total} so far. */
  protected abstract void tellDropped(long total);

  /**
   * Tells the client where its frames spent their time over the last period (about a second);
   * by default nothing.
   */
  protected void tellTiming(Timing timing) {}

  /** Chooses the chain for this client's next frames; null follows the server's default. */
  public void choose(ProcessingChain chain) {
    chosen = chain;
  }

  /** Whether the client chose its own chain, rather than following the server's default. */
  public boolean hasOwnChain() {
    return chosen != null;
  }

  /** The chain this client's frames go through: its own choice, else {@code defaultChain}. */
  public ProcessingChain chain(ProcessingChain defaultChain) {
    ProcessingChain own = chosen;
    return own != null ? own : defaultChain;
  }

  /**
   * Ends the session: its waiting frame is forgotten and its processors closed, now or, if a
   * worker is on one of its frames, once that frame is done.
   *
   * @return true the first time only
   */
  public boolean end() {
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    slot.clear();
    if (slot.claim()) {
      closeProcessors();
    }
    return true;
  }

  /** Puts a frame in the slot; returns what happened, counting a replaced frame. */
  LatestFrameSlot.Offer offer(ReceivedFrame frame) {
    LatestFrameSlot.Offer offer = slot.offer(frame);
    if (offer.replacedOlder()) {
      tellDropped(dropped.incrementAndGet());
    }
    return offer;
  }

  /**
   * The next frame to process, or null: the drain ends (and closes the processors if the session
   * ended meanwhile).
   */
  ReceivedFrame next() {
    ReceivedFrame frame = slot.take();
    if (frame == null && ended.get() && slot.claim()) {
      closeProcessors();
    }
    return frame;
  }

  /**
   * Notes the times of a frame just answered, and once a period is over tells the client its
   * medians ({@link #tellTiming}).
   */
  void timed(StageTimes times, long frameNanos, long now) {
    Timing period = timing.add(times, frameNanos, dropped.get(), now);
    if (period != null) {
      tellTiming(period);
    }
  }

  /** Whether another frame waits, e.g. one that arrived while the last was processed. */
  boolean hasWaiting() {
    return slot.hasWaiting();
  }

  /** Forgets the waiting frame, e.g. when the server stops taking frames. */
  void dropWaiting() {
    slot.clear();
  }

  /**
   * This session's own processors for {@code chain}, created on first use and again when the
   * chain changes (the old ones closed). Only the worker draining this session calls it, so a
   * processor is never used by two threads at once and may keep state between frames.
   *
   * @throws IllegalStateException if a processor cannot be created, saying why
   */
  FrameProcessor processor(ProcessingChain chain) {
    Built current = built;
    if (current == null || !current.chain().equals(chain)) {
      Built fresh = new Built(chain, chain.build());
      built = fresh;
      if (current != null) {
        close(current.processor());
      }
      current = fresh;
    }
    return current.processor();
  }

  private void closeProcessors() {
    Built current = built;
    built = null;
    if (current != null) {
      close(current.processor());
    }
  }

  private void close(FrameProcessor processor) {
    try {
      processor.close();
    } catch (RuntimeException e) {
      closeFailures.warn("Could not close the processors of {}: {}", this, e.toString());
    }
  }
}
