package imagestream;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning logged at most once per interval, with the number of times it was held back, so a
 * client repeating a refused request cannot flood the log.
 */
public final class ThrottledWarning {

  private final Logger log;
  private final long intervalNanos;
  private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong held = new AtomicLong();

  /** Warnings to {@code log}, at most one per {@code intervalMillis}; the rest go to debug. */
  public ThrottledWarning(Logger log, long intervalMillis) {
    this.log = log;
    this.intervalNanos = intervalMillis * 1_000_000;
  }

  /** Logs {@code message} (an SLF4J pattern) unless another was logged within the interval. */
  public void warn(String message, Object... args) {
    long now = System.nanoTime();
    long next = nextAt.get();
    if ((next == Long.MIN_VALUE || now - next >= 0) && nextAt.compareAndSet(next, now + intervalNanos)) {
      long suppressed = held.getAndSet(0);
      log.warn(suppressed == 0 ? message : message + " (and " + suppressed + " more like it)", args);
    } else {
      held.incrementAndGet();
      log.debug(message, args);
    }
  }
}
