package imagestream.image;

import java.util.Arrays;
import java.util.Locale;

/**
 * How long each stage of one frame took, in nanoseconds, as {@link FramePipeline} measured it; a
 * stage the frame did not go through stays 0. One per worker thread, reused frame after frame.
 */
public final class StageTimes {

  /** The stages, as metrics and the page's {@code timing} message name them. */
  public enum Stage {
    /** JPEG to pixels. */
    DECODE,
    /** Resize and the processing chain. */
    PROCESS,
    /** Pixels to JPEG. */
    ENCODE,
    /** A gray frame at its own size, made from the JPEG's luma without decoding its pixels. */
    TRANSCODE;

    /** Its name in lower case, e.g. {@code decode}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final long[] nanos = new long[Stage.values().length];

  /** Forgets the last frame's times. */
  public void reset() {
    Arrays.fill(nanos, 0);
  }

  /** Notes that {@code stage} took {@code elapsed} nanoseconds. */
  public void set(Stage stage, long elapsed) {
    nanos[stage.ordinal()] = elapsed;
  }

  /** Nanoseconds {@code stage} took for the last frame, or 0 if the frame skipped it. */
  public long nanos(Stage stage) {
    return nanos[stage.ordinal()];
  }
}
