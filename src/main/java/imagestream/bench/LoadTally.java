package imagestream.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the connections of one load run count, shared between their threads. Only events while
 * {@link #measuring} is on are counted, so the warm-up leaves no trace.
 */
final class LoadTally {

  private volatile boolean measuring;
  private final LongAdder replies = new LongAdder();
  private final LongAdder floodSent = new LongAdder();
  private final LongAdder floodReplies = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final LongAdder bytesReceived = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder lost = new LongAdder();
  private final LongAdder closes = new LongAdder();
  private final List<Long> reconnects = new ArrayList<>(); // nanoseconds; guarded by this
  private long[] roundTrips = new long[4096]; // nanoseconds; guarded by this
  private int roundTripCount; // guarded by this
  private volatile String firstError;

  /** Starts or stops counting. */
  void measuring(boolean on) {
    measuring = on;
  }

  /** A measuring connection sent a frame of {@code bytes}. */
  void sent(int bytes) {
    if (measuring) {
      bytesSent.add(bytes);
    }
  }

  /** A measuring connection got the reply to a frame after {@code nanos}. */
  void replied(long nanos, int bytes) {
    if (measuring) {
      replies.increment();
      bytesReceived.add(bytes);
      synchronized (this) {
        if (roundTripCount == roundTrips.length) {
          roundTrips = Arrays.copyOf(roundTrips, roundTrips.length * 2);
        }
        roundTrips[roundTripCount++] = nanos;
      }
    }
  }

  /** A flood connection sent a frame. */
  void floodSent() {
    if (measuring) {
      floodSent.increment();
    }
  }

  /** A flood connection got a reply. */
  void floodReplied() {
    if (measuring) {
      floodReplies.increment();
    }
  }

  /** Something went wrong: an error message, a failed connection, a reply that never came. */
  void error(String what) {
    if (firstError == null) {
      firstError = what;
    }
    if (measuring) {
      errors.increment();
    }
  }

  /**
   * A measuring connection closed with {@code unanswered} frames in flight: no reply will come
   * for them. Counted apart from errors: a server going away (1001) is no error.
   */
  void closed(int unanswered) {
    if (measuring) {
      closes.increment();
      lost.add(unanswered);
    }
  }

  /** A connection that had closed is open again, {@code nanos} after it closed. */
  void reconnected(long nanos) {
    if (measuring) {
      synchronized (this) {
        reconnects.add(nanos);
      }
    }
  }

  long replies() {
    return replies.sum();
  }

  long floodSentCount() {
    return floodSent.sum();
  }

  long floodReplies() {
    return floodReplies.sum();
  }

  long bytesSent() {
    return bytesSent.sum();
  }

  long bytesReceived() {
    return bytesReceived.sum();
  }

  long errors() {
    return errors.sum();
  }

  long lost() {
    return lost.sum();
  }

  long closes() {
    return closes.sum();
  }

  /** How long each reconnection took, in nanoseconds, in the order they happened. */
  synchronized List<Long> reconnectNanos() {
    return List.copyOf(reconnects);
  }

  /** The first error seen, counted or not (e.g. during the warm-up), or null. */
  String firstError() {
    return firstError;
  }

  /** The measured round trips, sorted, in nanoseconds. */
  synchronized long[] sortedRoundTrips() {
    long[] sorted = Arrays.copyOf(roundTrips, roundTripCount);
    Arrays.sort(sorted);
    return sorted;
  }
}
