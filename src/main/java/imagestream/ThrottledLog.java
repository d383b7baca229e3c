package imagestream;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * A log line written at most once per interval, however often its event happens, so that a client
 * repeating a refused request, or a server dropping frames by the thousand, cannot flood the log.
 * The line says how many events it stands for.
 */
public final class ThrottledLog {

  /** The interval between two lines, unless told otherwise: ten seconds. */
  public static final long INTERVAL_MILLIS = 10_000;

  private final Logger log;
  private final long intervalNanos;
  private final LongSupplier clock;
  private final AtomicLong nextAt = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong held = new AtomicLong();

  /** Lines to {@code log}, at most one per {@link #INTERVAL_MILLIS}. */
  public ThrottledLog(Logger log) {
    this(log, INTERVAL_MILLIS, System::nanoTime);
  }

  /** Lines to {@code log}, at most one per {@code intervalMillis} of {@code clock} (nanoseconds). */
  ThrottledLog(Logger log, long intervalMillis, LongSupplier clock) {
    this.log = log;
    this.intervalNanos = intervalMillis * 1_000_000;
    this.clock = clock;
  }

  /**
   * Logs {@code message} (an SLF4J pattern) as a warning, unless a line was logged within the
   * interval: then it goes to debug, and the next warning adds "(and N more like it)".
   */
  public void warn(String message, Object... args) {
    long before = pass();
    if (before < 0) {
      log.debug(message, args);
    } else {
      log.warn(before == 0 ? message : message + " (and " + before + " more like it)", args);
    }
  }

  /**
   * Counts one event and, at most once per interval, calls {@code line} with the number of events
   * since its last call, this one included: for a line that sums them up itself.
   *
   * @return whether {@code line} was called
   */
  public boolean count(LongConsumer line) {
    long before = pass();
    if (before >= 0) {
      line.accept(before + 1);
    }
    return before >= 0;
  }

  /** The events held back since the last line if one may be written now, else -1 (and counts it). */
  private long pass() {
    long now = clock.getAsLong();
    long next = nextAt.get();
    if ((next == Long.MIN_VALUE || now - next >= 0) && nextAt.compareAndSet(next, now + intervalNanos)) {
      return held.getAndSet(0);
    }
    held.incrementAndGet();
    return -1;
  }
}
