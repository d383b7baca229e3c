package imagestream.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.Await;
import imagestream.config.Settings;
import imagestream.image.OpenCvJpegCodec;
import imagestream.image.TestFrames;
import imagestream.stream.FrameCore;
import imagestream.stream.FrameStats.Refusal;
import imagestream.stream.RecordingSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The imagestream_* metrics, scraped over HTTP from a real endpoint on 127.0.0.1: each counter
 * moves with the event it names, as a frame core on no transport counts it, and the time
 * histograms resolve 50 µs to 1 s.
 */
class FrameMetricsTest {

  private final AtomicBoolean ready = new AtomicBoolean(true);
  private FrameCore core;
  private MetricsEndpoint endpoint;

  @BeforeEach
  void start() {
    core = new FrameCore(new OpenCvJpegCodec(), 1);
    Settings settings = Settings.fromMap(Map.of(
        "SERVER_WIDTH", "32", "SERVER_HEIGHT", "24", "METRICS_PORT", "0"));
    core.apply(settings);
    endpoint = MetricsEndpoint.startIfAsked(settings, core.stats(), new OpenCvJpegCodec(), ready::get)
        .orElseThrow();
  }

  @AfterEach
  void stop() throws InterruptedException {
    endpoint.close();
    core.shutdown(1000);
  }

  @Test
  void aProcessedFrameIsCountedWithItsBytesAndTimes() throws Exception {
    byte[] frame = TestFrames.sceneJpeg(64, 48, 90);
    RecordingSession client = new RecordingSession(new CountDownLatch(0));
    core.submit(client, frame);
    Await.until("the reply", () -> client.replies.size() == 1);

    Scrape s = Scrape.of(endpoint.port());
    assertEquals(1, s.count("imagestream_frames_received_total"));
    assertEquals(1, s.count("imagestream_frames_processed_total"));
    assertEquals(frame.length, s.count("imagestream_bytes_received_total"));
    assertEquals(client.replies.get(0).length, s.count("imagestream_bytes_sent_total"));
    assertEquals(1, s.count("imagestream_frame_seconds_count"));
    for (String stage : List.of("decode", "process", "encode")) {
      assertEquals(1, s.count("imagestream_stage_seconds_count{stage=\"" + stage + "\"}"), stage);
      assertTrue(s.value("imagestream_stage_seconds_sum{stage=\"" + stage + "\"}") > 0, stage);
    }
    assertEquals(0, s.count("imagestream_stage_seconds_count{stage=\"transcode\"}"),
        "a resized frame is decoded, not transcoded");
    assertTrue(s.value("imagestream_frame_seconds_sum")
        >= s.value("imagestream_stage_seconds_sum{stage=\"decode\"}"), "the frame's time holds its stages'");
  }

  @Test
  void refusedFramesAreCountedByTheirErrorCode() throws Exception {
    RecordingSession client = new RecordingSession(new CountDownLatch(0));
    byte[] bomb = TestFrames.withDeclaredSize(TestFrames.sceneJpeg(64, 48, 90), 65000, 65000);
    core.submit(client, bomb);
    Await.until("the first refusal", () -> client.refusals.size() == 1); // else the next replaces it
    core.submit(client, new byte[] {1, 2, 3});
    Await.until("both refusals", () -> client.refusals.size() == 2);

    Scrape s = Scrape.of(endpoint.port());
    assertEquals(List.of("bad_size", "not_jpeg"), client.refusals);
    assertEquals(1, s.count("imagestream_frame_errors_total{code=\"bad_size\"}"), "the bomb");
    assertEquals(1, s.count("imagestream_frame_errors_total{code=\"not_jpeg\"}"));
    assertEquals(0, s.count("imagestream_frame_errors_total{code=\"undecodable\"}"),
        "a code that never happened is there, at 0");
    assertEquals(2, s.count("imagestream_frames_received_total"));
    assertEquals(0, s.count("imagestream_frames_processed_total"));
  }

  @Test
  void aFrameReplacedWhileAnotherIsAnsweredIsADrop() throws Exception {
    byte[] frame = TestFrames.sceneJpeg(64, 48, 90);
    CountDownLatch release = new CountDownLatch(1);
    RecordingSession client = new RecordingSession(new CountDownLatch(0), release);
    core.submit(client, frame);
    Await.until("the worker to hold the first reply", () -> client.holding);
    core.submit(client, frame); // waits
    core.submit(client, frame); // replaces it
    assertEquals(1, Scrape.of(endpoint.port()).count("imagestream_frames_dropped_total"));
    release.countDown();
    Await.until("the two replies", () -> client.replies.size() == 2);

    Scrape s = Scrape.of(endpoint.port());
    assertEquals(List.of(1L), client.dropped);
    assertEquals(3, s.count("imagestream_frames_received_total"));
    assertEquals(2, s.count("imagestream_frames_processed_total"));
    assertEquals(1, s.count("imagestream_frames_dropped_total"));
  }

  @Test
  void refusalsRepliesDroppedConnectionsAndEditsAreCounted() throws Exception {
    Scrape before = Scrape.of(endpoint.port());
    assertEquals(0, before.count("imagestream_handshakes_refused_total{reason=\"origin\"}"));
    assertEquals(0, before.count("imagestream_connections"));

    core.stats().clientRefused(Refusal.ORIGIN);
    core.stats().clientRefused(Refusal.MAX_CONNECTIONS);
    core.stats().replyDropped();
    assertTrue(core.stats().connectionOpened(5));
    core.apply(Settings.fromMap(Map.of("SERVER_WIDTH", "16", "SERVER_HEIGHT", "12")));

    Scrape s = Scrape.of(endpoint.port());
    assertEquals(1, s.count("imagestream_handshakes_refused_total{reason=\"origin\"}"));
    assertEquals(1, s.count("imagestream_handshakes_refused_total{reason=\"capacity\"}"));
    assertEquals(0, s.count("imagestream_handshakes_refused_total{reason=\"per_address\"}"));
    assertEquals(1, s.count("imagestream_replies_dropped_total"));
    assertEquals(1, s.count("imagestream_connections"));
    assertEquals(1, s.count("imagestream_settings_applied_total"), "the edit, not the start");
    assertEquals(1, s.count("imagestream_info{codec=\"opencv\",version=\"development\"}"));
  }

  @Test
  void timeHistogramsResolve50MicrosecondsToOneSecond() throws Exception {
    Scrape s = Scrape.of(endpoint.port());
    List<Double> bounds = new ArrayList<>();
    s.samples().keySet().stream()
        .filter(series -> series.startsWith("imagestream_frame_seconds_bucket{le=\""))
        .map(series -> series.substring(series.indexOf('"') + 1, series.lastIndexOf('"')))
        .forEach(le -> bounds.add(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le)));
    assertEquals(50e-6, bounds.get(0), 1e-12, "the first bucket");
    assertEquals(1.0, bounds.get(bounds.size() - 2), "the last finite bucket");
    assertEquals(Double.POSITIVE_INFINITY, bounds.get(bounds.size() - 1));
    for (int i = 1; i < bounds.size() - 1; i++) {
      double ratio = bounds.get(i) / bounds.get(i - 1);
      assertTrue(ratio > 1 && ratio <= 2.5, "buckets " + bounds.get(i - 1) + " and " + bounds.get(i));
    }
    for (String stage : List.of("decode", "process", "encode", "transcode")) {
      assertEquals(0, s.count("imagestream_stage_seconds_bucket{stage=\"" + stage + "\",le=\"5.0E-5\"}"),
          stage + " has the same buckets");
    }
  }

  @Test
  void probesSayHealthyAndReadyUntilTheServerStops() throws Exception {
    assertEquals(200, Scrape.get(endpoint.port(), "/healthz").statusCode());
    assertEquals(200, Scrape.get(endpoint.port(), "/readyz").statusCode());
    ready.set(false);
    assertEquals(503, Scrape.get(endpoint.port(), "/readyz").statusCode());
    assertEquals(200, Scrape.get(endpoint.port(), "/healthz").statusCode());
    assertEquals(404, Scrape.get(endpoint.port(), "/elsewhere").statusCode());
  }
}
