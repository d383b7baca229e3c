package imagestream.ws;

import imagestream.GracefulExit;
import imagestream.ReadyFile;
import imagestream.StartException;
import imagestream.config.Settings;
import imagestream.config.SettingsException;
import imagestream.config.SettingsLoader;
import imagestream.image.FramePipeline;
import imagestream.image.FrameProcessor;
import imagestream.image.Grayscale;
import imagestream.image.OpenCvJpegCodec;
import imagestream.image.OpenCvNatives;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the WebSocket frame server with the settings of {@code .env}. */
public final class FrameServerMain {

  private static final Logger log = LoggerFactory.getLogger(FrameServerMain.class);

  private FrameServerMain() {}

  /** Runs the server until the process is stopped; exits non-zero if it cannot start. */
  public static void main(String[] args) {
    int status = run();
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Starts the server and returns 0, or logs one line saying why it cannot and returns 1. */
  static int run() {
    try {
      Settings settings = SettingsLoader.load(SettingsLoader.defaultFile());
      FrameServer server = start(settings, new Grayscale());
      GracefulExit.install("the WebSocket server", () -> stopQuietly(server));
      ReadyFile.announce("ws://" + settings.host() + ":" + server.getPort());
      return 0;
    } catch (IOException e) {
      log.error("Cannot write the ready file named by {}: {}", ReadyFile.VARIABLE, e.toString());
      return 1;
    } catch (SettingsException | StartException e) {
      log.error(e.getMessage());
      return 1;
    }
  }

  /**
   * Starts a frame server and waits until it accepts connections. Tests call this too, with
   * port 0; {@link FrameServer#getPort()} then tells the port it got.
   *
   * @throws StartException if it cannot listen, e.g. because the port is taken
   */
  public static FrameServer start(Settings settings, FrameProcessor processor) {
    return start(
        settings, processor, FrameServer.CONNECTION_LOST_TIMEOUT_SECONDS,
        HandshakeGuard.HANDSHAKE_TIMEOUT_SECONDS);
  }

  /** {@link #start(Settings, FrameProcessor)} with other connection timeouts, for tests. */
  static FrameServer start(
      Settings settings, FrameProcessor processor, int lostTimeoutSeconds,
      int handshakeTimeoutSeconds) {
    OpenCvNatives.load();
    int threads = Runtime.getRuntime().availableProcessors();
    FramePipeline pipeline =
        new FramePipeline(
            new OpenCvJpegCodec(), processor, settings.serverWidth(), settings.serverHeight(),
            settings.serverJpgQuality100(), settings.limits().maxFramePixels());
    FrameServer server =
        new FrameServer(
            new InetSocketAddress(settings.host(), settings.wsPort()),
            new FrameWorkers(pipeline, threads), settings.limits(), lostTimeoutSeconds,
            handshakeTimeoutSeconds);
    server.start();
    try {
      int port = server.started().get(10, TimeUnit.SECONDS);
      log.info(
          "WebSocket server ready on ws://{}:{} (frames out {}x{}, JPEG quality {}, {} workers)",
          settings.host(), port, settings.serverWidth(), settings.serverHeight(),
          settings.serverJpgQuality(), threads);
      return server;
    } catch (ExecutionException | TimeoutException e) {
      abandon(server);
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new StartException(
          "Cannot listen on " + settings.host() + ":" + settings.wsPort() + " (WS_PORT): " + cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartException("Interrupted while starting");
    }
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
      server.shutdown(800); // twice at most: frames in progress, then the sockets
      log.info("WebSocket server stopped ({} frames processed, {} dropped, {} replies dropped,"
              + " {} clients refused)",
          server.processedFrames(), server.droppedFrames(), server.droppedReplies(),
          server.refusedHandshakes());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
