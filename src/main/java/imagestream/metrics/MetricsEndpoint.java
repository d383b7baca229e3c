package imagestream.metrics;

import static imagestream.config.Setting.METRICS_HOST;
import static imagestream.config.Setting.METRICS_PORT;

import imagestream.StartException;
import imagestream.config.Settings;
import imagestream.image.JpegCodec;
import imagestream.image.OpenCvJpegCodec;
import imagestream.image.TurboJpegCodec;
import imagestream.stream.FrameStats;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The frame server's metrics endpoint on {@code METRICS_HOST:METRICS_PORT}, served by the
 * Prometheus Java client: {@code /metrics} (the {@code imagestream_*} metrics and the JVM's, in
 * the text or OpenMetrics format as the scraper asks), {@code /healthz} and {@code /readyz}.
 */
public final class MetricsEndpoint implements AutoCloseable {

  /** Seconds a scraper may take to send its request, and again to read the answer. */
  static final int REQUEST_TIMEOUT_SECONDS = 5;

  static {
    // The JDK's HttpServer reads these once per JVM, and the exporter's HTTPServer would set them
    // to 60 s and 600 s when it loads: a scrape takes milliseconds, and a page server in the same
    // JVM (as in tests) keeps the short limits it sets too. A -D option still wins.
    for (String limit : new String[] {"sun.net.httpserver.maxReqTime", "sun.net.httpserver.maxRspTime"}) {
      if (System.getProperty(limit) == null) {
        System.setProperty(limit, Integer.toString(REQUEST_TIMEOUT_SECONDS));
      }
    }
  }

  private final HTTPServer server;

  private MetricsEndpoint(HTTPServer server) {
    this.server = server;
  }

  /**
   * Starts the endpoint if {@code METRICS_PORT} is set; blank leaves it off.
   *
   * @param stats the counters and times it exports
   * @param codec the JPEG codec in use, for {@code imagestream_info}
   * @param ready whether the server takes new clients, for {@code /readyz}
   * @throws StartException if it cannot listen there
   */
  public static Optional<MetricsEndpoint> startIfAsked(
      Settings settings, FrameStats stats, JpegCodec codec, BooleanSupplier ready) {
    String port = settings.text(METRICS_PORT);
    if (port.isEmpty()) {
      return Optional.empty();
    }
    String host = settings.text(METRICS_HOST);
    PrometheusRegistry registry = new PrometheusRegistry();
    FrameMetrics.register(registry, stats, codecName(codec), version());
    JvmMetrics.builder().register(registry);
    try {
      return Optional.of(new MetricsEndpoint(HTTPServer.builder()
          .hostname(host)
          .port(Integer.parseInt(port))
          .registry(registry)
          .defaultHandler(new Probes(ready))
          .buildAndStart()));
    } catch (IOException | RuntimeException e) {
      throw new StartException(
          "Cannot serve metrics on " + host + ":" + port + " (METRICS_HOST, METRICS_PORT): " + e);
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.getPort();
  }

  /** {@code turbojpeg} or {@code opencv}, as {@code JPEG_CODEC} names them; else the class. */
  static String codecName(JpegCodec codec) {
    if (codec instanceof TurboJpegCodec) {
      return "turbojpeg";
    }
    return codec instanceof OpenCvJpegCodec ? "opencv" : codec.getClass().getSimpleName();
  }

  /** The version in the jar's manifest; {@code development} when run from compiled classes. */
  static String version() {
    String version = MetricsEndpoint.class.getPackage().getImplementationVersion();
    return version != null ? version : "development";
  }

  /** Stops serving. */
  @Override
  public void close() {
    server.close();
  }
}
