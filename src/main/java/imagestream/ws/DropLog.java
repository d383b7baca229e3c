package imagestream.ws;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the server's dropped frames at most once per interval, while drops happen: an
 * overloaded server says so without a line per frame.
 */
final class DropLog {

  /** The interval between two lines: ten seconds. */
  static final long INTERVAL_NANOS = 10_000_000_000L;

  private static final Logger log = LoggerFactory.getLogger(DropLog.class);

  private final long intervalNanos;
  private final AtomicLong nextLineAt;
  private final AtomicLong totalAtLastLine = new AtomicLong();

  DropLog(long intervalNanos) {
    this.intervalNanos = intervalNanos;
    this.nextLineAt = new AtomicLong(System.nanoTime());
  }

  /**
   * Notes a drop, {@code total} being the server's count so far; logs a line if the interval
   * has passed since the last one.
   *
   * @return whether a line was logged
   */
  boolean dropped(long total) {
    long now = System.nanoTime();
    long due = nextLineAt.get();
    if (now - due < 0 || !nextLineAt.compareAndSet(due, now + intervalNanos)) {
      return false;
    }
    long since = total - totalAtLastLine.getAndSet(total);
    log.info("Dropped {} frame(s) since the last report, {} in all: clients send faster than"
        + " the server processes (a newer frame replaced a waiting one)", since, total);
    return true;
  }
}
