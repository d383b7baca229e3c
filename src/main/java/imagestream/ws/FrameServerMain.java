package imagestream.ws;

import static imagestream.config.Setting.HOST;
import static imagestream.config.Setting.JPEG_CODEC;
import static imagestream.config.Setting.METRICS_HOST;
import static imagestream.config.Setting.SERVER_HEIGHT;
import static imagestream.config.Setting.SERVER_JPG_COMPRESSION;
import static imagestream.config.Setting.SERVER_WIDTH;
import static imagestream.config.Setting.TLS;
import static imagestream.config.Setting.WS_PORT;

import imagestream.GracefulExit;
import imagestream.ServerLauncher;
import imagestream.StartException;
import imagestream.config.Settings;
import imagestream.config.SettingsException;
import imagestream.config.SettingsWatcher;
import imagestream.config.tls.ServerCertificate;
import imagestream.image.JpegCodecs;
import imagestream.image.TurboJpegCodec;
import imagestream.metrics.MetricsEndpoint;
import imagestream.stream.FrameCore;
import imagestream.stream.FrameStats;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the WebSocket frame server with the settings of {@code .env}, and applies its edits. */
public final class FrameServerMain {

  private static final Logger log = LoggerFactory.getLogger(FrameServerMain.class);

  private FrameServerMain() {}

  /**
   * Runs the server until the process is stopped; exits non-zero if it cannot start.
   *
   * @param args optionally the settings file to use and watch instead of {@code ./.env}
   */
  public static void main(String[] args) {
    ServerLauncher.main(args, envFile -> {
      FrameServer server = start(envFile);
      GracefulExit.install("the WebSocket server", () -> stopQuietly(server));
      server.onFatal(() -> System.exit(1)); // a process without its server is of no use
      return scheme(server.settings()) + "://" + server.settings().text(HOST) + ":" + server.getPort();
    });
  }

  /**
   * Starts a frame server with the settings of {@code envFile} and applies the file's edits
   * while it runs, until {@link FrameServer#shutdown}. Tests call this too.
   *
   * @throws SettingsException if a value in the file is not allowed
   * @throws StartException if it cannot listen, e.g. because the port is taken
   */
  public static FrameServer start(Path envFile) {
    SettingsWatcher watcher = SettingsWatcher.open(envFile, "WebSocket server");
    FrameServer server;
    try {
      server = start(watcher.current());
    } catch (RuntimeException e) {
      watcher.close();
      throw e;
    }
    server.onShutdown(watcher::close);
    watcher.start(server::apply);
    return server;
  }

  /**
   * Starts a frame server and waits until it accepts connections. Tests call this too, with
   * port 0; {@link FrameServer#getPort()} then tells the port it got.
   *
   * @throws SettingsException if a processor of the chain cannot be created
   * @throws StartException if it cannot listen, e.g. because the port is taken, or if
   *     {@code JPEG_CODEC=turbojpeg} and the library does not load
   */
  public static FrameServer start(Settings settings) {
    return start(
        settings, FrameServer.CONNECTION_LOST_TIMEOUT_SECONDS,
        HandshakeGuard.HANDSHAKE_TIMEOUT_SECONDS);
  }

  /** {@link #start(Settings)} with other connection timeouts, for tests. */
  static FrameServer start(Settings settings, int lostTimeoutSeconds, int handshakeTimeoutSeconds) {
    JpegCodecs.Selection codec =
        JpegCodecs.select(settings.text(JPEG_CODEC), TurboJpegCodec.defaultLibraryNames());
    log.info(codec.reason());
    int threads = Runtime.getRuntime().availableProcessors();
    String host = settings.text(HOST);
    ServerCertificate certificate = ServerCertificate.open(settings, "WebSocket server").orElse(null);
    FrameServer server = new FrameServer(
        new InetSocketAddress(host, settings.integer(WS_PORT)), new FrameCore(codec.codec(), threads),
        settings.limits(), lostTimeoutSeconds, handshakeTimeoutSeconds,
        certificate == null ? null : certificate.tls());
    if (certificate != null) {
      server.onShutdown(certificate::close);
    }
    // Before start(): if the chain is refused, no thread has started and nothing needs stopping.
    try {
      server.apply(settings);
    } catch (RuntimeException e) {
      if (certificate != null) {
        certificate.close();
      }
      throw e;
    }
    server.start();
    try {
      int port = server.started().get(10, TimeUnit.SECONDS);
      log.info(
          "WebSocket server ready on {}://{}:{} (frames out {}x{}, JPEG quality {}, processing {}, {} workers)",
          scheme(settings), host, port, settings.text(SERVER_WIDTH), settings.text(SERVER_HEIGHT),
          settings.text(SERVER_JPG_COMPRESSION), settings.processing(), threads);
      serveMetrics(server, settings, codec);
      return server;
    } catch (ExecutionException | TimeoutException e) {
      abandon(server);
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new StartException(
          "Cannot listen on " + host + ":" + settings.text(WS_PORT) + " (WS_PORT): " + cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartException("Interrupted while starting");
    }
  }

  /**
   * Starts the metrics endpoint if {@code METRICS_PORT} asks for it; it answers until the server
   * has shut down, so {@code /readyz} says 503 throughout a graceful stop.
   */
  private static void serveMetrics(FrameServer server, Settings settings, JpegCodecs.Selection codec) {
    try {
      MetricsEndpoint.startIfAsked(settings, server.frameStats(), codec.codec(), server::isReady)
          .ifPresent(metrics -> {
            server.afterShutdown(metrics::close);
            log.info("Metrics on http://{}:{}/metrics, probes on /healthz and /readyz",
                settings.text(METRICS_HOST), metrics.port());
          });
    } catch (StartException e) {
      abandon(server);
      throw e;
    }
  }

  /** {@code wss} with TLS, else {@code ws}. */
  private static String scheme(Settings settings) {
    return settings.text(TLS).equals("off") ? "ws" : "wss";
  }

  /** Releases what a server that failed to start holds; it has nothing to finish. */
  private static void abandon(FrameServer server) {
    try {
      server.shutdown(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void stopQuietly(FrameServer server) {
    try {
      server.shutdown(700); // twice at most, within GracefulExit's 1.5 s: frames in progress, then the sockets
      FrameStats.Snapshot stats = server.stats();
      log.info("WebSocket server stopped ({} frames processed, {} dropped, {} replies dropped,"
              + " {} clients refused)",
          stats.framesProcessed(), stats.framesDropped(), stats.repliesDropped(),
          stats.clientsRefusedInAll());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
