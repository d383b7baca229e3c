package imagestream.stream;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds at most one frame (a {@code T}) waiting for a connection: a newer frame replaces one that
 * has not started (latest frame wins), so no queue can grow however fast a client sends.
 *
 * <p>It also keeps the connection's frames in order and one at a time: a connection is
 * scheduled on the worker pool only when it is not already being drained.
 */
final class LatestFrameSlot<T> {

  private final AtomicReference<T> pending = new AtomicReference<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  /** What {@link #offer} did with a frame. */
  record Offer(boolean replacedOlder, boolean mustSchedule) {}

  /**
   * Puts {@code frame} in the slot.
   *
   * @return whether an older waiting frame was dropped, and whether the caller must now
   *     schedule {@link #take}-ing work (true at most once until the slot is drained)
   */
  Offer offer(T frame) {
    boolean replaced = pending.getAndSet(frame) != null;
    return new Offer(replaced, scheduled.compareAndSet(false, true));
  }

  /**
   * Takes the waiting frame, or returns null and ends this drain; a frame that arrives during
   * the hand-over is never stranded, since then the drain continues and it is returned.
   */
  T take() {
    while (true) {
      T frame = pending.getAndSet(null);
      if (frame != null) {
        return frame;
      }
      scheduled.set(false);
      // A frame offered after getAndSet but before set(false) saw scheduled=true and did not
      // schedule: pick it up here, unless another drain has started meanwhile.
      if (pending.get() == null || !scheduled.compareAndSet(false, true)) {
        return null;
      }
    }
  }

  /** Whether a frame is waiting, e.g. one that arrived while the last was processed. */
  boolean hasWaiting() {
    return pending.get() != null;
  }

  /** Forgets the waiting frame, e.g. when the connection closed. */
  void clear() {
    pending.set(null);
  }

  /**
   * Takes the slot for good if no drain holds it: no drain runs after this returns true. False
   * while a drain runs; it may claim the slot itself once it ends.
   */
  boolean claim() {
    return scheduled.compareAndSet(false, true);
  }
}
