package imagestream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.image.FramePipeline;
import imagestream.image.FrameProcessor;
import imagestream.image.OpenCvJpegCodec;
import imagestream.image.StageTimes;
import imagestream.image.StageTimes.Stage;
import imagestream.image.TestFrames;
import imagestream.image.processors.ProcessingChain;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TimingWindow: a client's medians by stage, frames and drops, once a period is over. */
class TimingWindowTest {

  private static final long MS = 1_000_000;

  @Test
  void thePipelineMeasuresTheStagesAFrameGoesThrough() throws Exception {
    StageTimes real = new StageTimes();
    FrameProcessor gray = ProcessingChain.parse("grayscale").build();
    try {
      new FramePipeline(new OpenCvJpegCodec(), 32, 24, 60, 1 << 20)
          .process(TestFrames.sceneJpeg(64, 48, 90), gray, real);
    } finally {
      gray.close();
    }
    for (Stage stage : new Stage[] {Stage.DECODE, Stage.PROCESS, Stage.ENCODE}) {
      assertTrue(real.nanos(stage) > 0, stage + " was measured");
    }
    assertEquals(0, real.nanos(Stage.TRANSCODE), "a resized frame is not transcoded");
  }

  @Test
  void sumsUpAPeriodAsMediansOfTheStagesFramesWentThrough() {
    TimingWindow window = new TimingWindow();
    long t0 = 5_000 * MS;

    assertNull(window.add(times(3, 1, 2), 10 * MS, 4, t0));
    assertNull(window.add(times(1, 1, 1), 30 * MS, 5, t0 + 300 * MS));
    assertNull(window.add(times(2, 5, 9), 20 * MS, 5, t0 + 600 * MS));
    Timing timing = window.add(times(8, 1, 4), 40 * MS, 7, t0 + TimingWindow.PERIOD_NANOS);

    assertNotNull(timing, "a second has passed");
    assertEquals(4, timing.frames());
    assertEquals(3, timing.dropped(), "dropped since the period began");
    assertEquals(30 * MS, timing.serverNanos(), "the upper median of 10, 20, 30, 40");
    assertEquals(Map.of(Stage.DECODE, 3 * MS, Stage.PROCESS, 1 * MS, Stage.ENCODE, 4 * MS),
        timing.stageNanos(), "no frame was transcoded: that stage is left out");

    assertNull(window.add(times(1, 1, 1), 10 * MS, 7, t0 + TimingWindow.PERIOD_NANOS + MS),
        "a new period began");
  }

  @Test
  void keepsTheLatestFramesOfABusyPeriod() {
    TimingWindow window = new TimingWindow();
    Timing timing = null;
    int frames = TimingWindow.SAMPLES * 3;
    for (int i = 0; i < frames; i++) {
      // The first two thirds are slow, the last third fast: the median is of the latest.
      long server = i < 2 * TimingWindow.SAMPLES ? 50 * MS : 5 * MS;
      timing = window.add(times(1, 1, 1), server, 0, i == frames - 1 ? TimingWindow.PERIOD_NANOS : 0);
    }
    assertNotNull(timing);
    assertEquals(frames, timing.frames());
    assertEquals(5 * MS, timing.serverNanos());
  }

  private static StageTimes times(long decodeMs, long processMs, long encodeMs) {
    StageTimes times = new StageTimes();
    times.set(Stage.DECODE, decodeMs * MS);
    times.set(Stage.PROCESS, processMs * MS);
    times.set(Stage.ENCODE, encodeMs * MS);
    return times;
  }
}
