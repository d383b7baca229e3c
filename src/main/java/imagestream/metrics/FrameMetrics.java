package imagestream.metrics;

import imagestream.image.FrameException;
import imagestream.image.StageTimes;
import imagestream.image.StageTimes.Stage;
import imagestream.stream.FrameStats;
import imagestream.stream.FrameStats.Refusal;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The frame server's own metrics, {@code imagestream_*}, in a Prometheus registry: the counters are
 * read from {@link FrameStats} when scraped (nothing is added on a frame's path), the histograms
 * take every answered frame's times from it.
 */
public final class FrameMetrics {

  /**
   * Upper bounds of the time histograms, in seconds: 50 µs (a tiny frame's stage) to 1 s (a stall),
   * in 1-2.5-5 steps, so a quantile is never off by more than a factor of 2.5.
   */
  static final double[] BUCKETS = {
      0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1};

  /** The protocol's error codes, exported at 0 until they happen, so rates exist from the start. */
  static final List<String> ERROR_CODES = List.of(
      FrameException.EMPTY, FrameException.NOT_JPEG, FrameException.BAD_SIZE,
      FrameException.UNSUPPORTED, FrameException.UNDECODABLE, FrameException.INTERNAL);

  private FrameMetrics() {}

  /**
   * Registers the metrics of {@code stats} in {@code registry}, with {@code imagestream_info}
   * naming {@code codec} and {@code version}.
   */
  public static void register(
      PrometheusRegistry registry, FrameStats stats, String codec, String version) {
    counter(registry, stats, "imagestream_frames_received_total", "Frames received",
        FrameStats.Snapshot::framesReceived);
    counter(registry, stats, "imagestream_frames_processed_total", "Frames processed and answered",
        FrameStats.Snapshot::framesProcessed);
    counter(registry, stats, "imagestream_frames_dropped_total",
        "Frames a newer frame of the same client replaced before they were processed",
        FrameStats.Snapshot::framesDropped);
    counter(registry, stats, "imagestream_replies_dropped_total",
        "Replies and messages not sent because their client had not read the earlier ones",
        FrameStats.Snapshot::repliesDropped);
    counter(registry, stats, "imagestream_bytes_received_total", "Bytes of frames received",
        FrameStats.Snapshot::bytesIn);
    counter(registry, stats, "imagestream_bytes_sent_total", "Bytes of replies sent",
        FrameStats.Snapshot::bytesOut);
    CounterWithCallback.builder()
        .name("imagestream_frame_errors_total")
        .help("Frames refused, by the protocol's error code")
        .labelNames("code")
        .callback(cb -> withZeros(ERROR_CODES, stats.snapshot().framesRefused(), Function.identity())
            .forEach((code, n) -> cb.call(n, code)))
        .register(registry);
    CounterWithCallback.builder()
        .name("imagestream_handshakes_refused_total")
        .help("Clients refused before their connection opened, by reason")
        .labelNames("reason")
        .callback(cb -> withZeros(List.of(Refusal.values()), stats.snapshot().clientsRefused(),
                FrameMetrics::reason)
            .forEach((reason, n) -> cb.call(n, reason)))
        .register(registry);
    CounterWithCallback.builder()
        .name("imagestream_settings_applied_total")
        .help("Live edits of .env put in force")
        .callback(cb -> cb.call(stats.settingsAppliedInAll()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("imagestream_connections")
        .help("WebSocket connections open")
        .callback(cb -> cb.call(stats.snapshot().connectionsOpen()))
        .register(registry);
    Info.builder()
        .name("imagestream_info")
        .help("The frame server's JPEG codec and version")
        .labelNames("codec", "version")
        .register(registry)
        .setLabelValues(codec, version);
    stats.onTiming(new Timings(registry));
  }

  /** The label of a refusal: {@code capacity} for MAX_CONNECTIONS, else its name in lower case. */
  static String reason(Refusal refusal) {
    return refusal == Refusal.MAX_CONNECTIONS ? "capacity" : refusal.name().toLowerCase(Locale.ROOT);
  }

  private static void counter(PrometheusRegistry registry, FrameStats stats, String name,
      String help, ToLongFunction<FrameStats.Snapshot> value) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .callback(cb -> cb.call(value.applyAsLong(stats.snapshot())))
        .register(registry);
  }

  /** Every one of {@code known} (0 if it never happened), then any other key of {@code counts}. */
  private static <K> Map<String, Long> withZeros(
      List<K> known, Map<K, Long> counts, Function<K, String> label) {
    Map<String, Long> all = new LinkedHashMap<>();
    known.forEach(key -> all.put(label.apply(key), 0L));
    counts.forEach((key, n) -> all.put(label.apply(key), n));
    return all;
  }

  /** The histograms, fed with every answered frame's times. */
  private static final class Timings implements FrameStats.TimingListener {
    private final Map<Stage, DistributionDataPoint> stages = new EnumMap<>(Stage.class);
    private final Histogram frame;

    Timings(PrometheusRegistry registry) {
      Histogram stage = Histogram.builder()
          .name("imagestream_stage_seconds")
          .help("Time of each stage of a frame: decode, process (resize and chain), encode, or"
              + " transcode (a gray frame made without decoding)")
          .unit(Unit.SECONDS)
          .labelNames("stage")
          .classicOnly()
          .classicUpperBounds(BUCKETS)
          .register(registry);
      for (Stage s : Stage.values()) {
        stages.put(s, stage.labelValues(s.label()));
      }
      frame = Histogram.builder()
          .name("imagestream_frame_seconds")
          .help("Time of a frame in the server, from its receipt to its reply being queued")
          .unit(Unit.SECONDS)
          .classicOnly()
          .classicUpperBounds(BUCKETS)
          .register(registry);
    }

    @Override
    public void timed(StageTimes times, long frameNanos) {
      for (Map.Entry<Stage, DistributionDataPoint> e : stages.entrySet()) {
        long nanos = times.nanos(e.getKey());
        if (nanos > 0) {
          e.getValue().observe(Unit.nanosToSeconds(nanos));
        }
      }
      frame.observe(Unit.nanosToSeconds(frameNanos));
    }
  }
}
