package imagestream.stream;

import imagestream.image.StageTimes;
import imagestream.image.StageTimes.Stage;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One client's frame times over the current period, summed up as medians once the period is over.
 * Bounded: past {@link #SAMPLES} frames in a period, the newest overwrite the oldest. Only the
 * worker draining the client uses it, one at a time.
 */
final class TimingWindow {

  /** How long a period lasts. */
  static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Frames whose times a period keeps; the median of the latest is as good at any frame rate. */
  static final int SAMPLES = 128;

  private static final int TOTAL = Stage.values().length; // the row of the server's total time

  private final long[][] samples = new long[TOTAL + 1][SAMPLES];
  private final int[] counts = new int[TOTAL + 1];
  private long periodStart;
  private boolean started;
  private long droppedAtStart;

  /**
   * Notes one answered frame, and when the period is over, sums it up.
   *
   * @param dropped the client's frames dropped so far
   * @param now {@link System#nanoTime()}
   * @return the period's medians when it is over, else null
   */
  Timing add(StageTimes times, long frameNanos, long dropped, long now) {
    if (!started) {
      started = true;
      periodStart = now;
      droppedAtStart = dropped;
    }
    for (Stage stage : Stage.values()) {
      long nanos = times.nanos(stage);
      if (nanos > 0) {
        note(stage.ordinal(), nanos);
      }
    }
    note(TOTAL, frameNanos);
    if (now - periodStart < PERIOD_NANOS) {
      return null;
    }
    Map<Stage, Long> stages = new EnumMap<>(Stage.class);
    for (Stage stage : Stage.values()) {
      if (counts[stage.ordinal()] > 0) {
        stages.put(stage, median(stage.ordinal()));
      }
    }
    Timing timing = new Timing(counts[TOTAL], dropped - droppedAtStart, median(TOTAL), stages);
    Arrays.fill(counts, 0);
    periodStart = now;
    droppedAtStart = dropped;
    return timing;
  }

  private void note(int row, long nanos) {
    samples[row][counts[row] % SAMPLES] = nanos;
    counts[row]++;
  }

  private long median(int row) {
    long[] kept = Arrays.copyOf(samples[row], Math.min(counts[row], SAMPLES));
    Arrays.sort(kept);
    return kept[kept.length / 2];
  }
}
