package imagestream.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.Await;
import imagestream.config.Settings;
import imagestream.image.OpenCvJpegCodec;
import imagestream.image.TestFrames;
import imagestream.stream.FrameStats.Refusal;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** FrameStats: every counter in one snapshot, as the core and a transport count them. */
class FrameStatsTest {

  @Test
  void theCoreCountsFramesAndBytesEachWay() throws Exception {
    FrameCore core = new FrameCore(new OpenCvJpegCodec(), 1);
    core.apply(Settings.fromMap(Map.of("SERVER_WIDTH", "32", "SERVER_HEIGHT", "24")));
    RecordingSession refused = new RecordingSession(new CountDownLatch(0));
    CountDownLatch two = new CountDownLatch(2);
    RecordingSession counted = new RecordingSession(two);
    byte[] frame = TestFrames.sceneJpeg(64, 48, 90);
    try {
      core.submit(counted, frame);
      Await.until("the first reply", () -> counted.replies.size() == 1);
      core.submit(counted, frame);
      core.submit(refused, new byte[] {1, 2, 3});
      assertTrue(two.await(5, TimeUnit.SECONDS), "both frames answered");
      Await.until("the refusal", () -> refused.refusals.size() == 1);
      FrameStats.Snapshot s = core.stats().snapshot();
      assertEquals(3, s.framesReceived());
      assertEquals(2L * frame.length + 3, s.bytesIn());
      assertEquals(2, s.framesProcessed());
      assertEquals(counted.replies.get(0).length + counted.replies.get(1).length, s.bytesOut());
      assertEquals(Map.of("not_jpeg", 1L), s.framesRefused());
      assertEquals(1, s.framesRefusedInAll());
    } finally {
      core.shutdown(1000);
    }
  }

  @Test
  void connectionsAreAdmittedUpToTheirMaximumAndCounted() {
    FrameStats stats = new FrameStats();
    assertTrue(stats.connectionOpened(2));
    assertTrue(stats.connectionOpened(2));
    assertFalse(stats.connectionOpened(2), "two are open");
    stats.connectionClosed();
    assertTrue(stats.connectionOpened(2), "a place freed");
    FrameStats.Snapshot s = stats.snapshot();
    assertEquals(2, s.connectionsOpen());
    assertEquals(3, s.connectionsOpened());
  }

  @Test
  void refusalsAndDroppedRepliesAreCountedByReason() {
    FrameStats stats = new FrameStats();
    stats.clientRefused(Refusal.ORIGIN);
    stats.clientRefused(Refusal.ORIGIN);
    stats.clientRefused(Refusal.PER_ADDRESS);
    stats.replyDropped();
    FrameStats.Snapshot s = stats.snapshot();
    assertEquals(Map.of(Refusal.ORIGIN, 2L, Refusal.PER_ADDRESS, 1L), s.clientsRefused());
    assertEquals(3, s.clientsRefusedInAll());
    assertEquals(1, s.repliesDropped());
  }
}
