package imagestream.http;

import imagestream.GracefulExit;
import imagestream.ReadyFile;
import imagestream.StartException;
import imagestream.config.SettingsException;
import imagestream.config.SettingsLoader;
import imagestream.config.SettingsWatcher;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the page server with the settings of {@code .env}, and serves its edits. */
public final class PageServerMain {

  private static final Logger log = LoggerFactory.getLogger(PageServerMain.class);

  private PageServerMain() {}

  /**
   * Serves the page until the process is stopped; exits non-zero if it cannot start.
   *
   * @param args optionally the settings file to use and watch instead of {@code ./.env}
   */
  public static void main(String[] args) {
    int status = run(args.length > 0 ? Path.of(args[0]) : SettingsLoader.defaultFile());
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Starts the server and returns 0, or logs one line saying why it cannot and returns 1. */
  static int run(Path envFile) {
    try {
      PageServer server = start(envFile);
      GracefulExit.install("the page server", server::stop);
      String url = server.url();
      log.info("Page server ready: open {}", url);
      ReadyFile.announce(url);
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
   * Starts the page server with the settings of {@code envFile}; every request gets the
   * file's last good CLIENT_* values, until {@link PageServer#stop}. Tests call this too.
   *
   * @throws SettingsException if a value in the file is not allowed
   * @throws StartException if it cannot listen, e.g. because the port is taken
   */
  public static PageServer start(Path envFile) {
    SettingsWatcher watcher = SettingsWatcher.open(envFile, "Page server");
    PageServer server;
    try {
      server =
          PageServer.start(watcher.current(), watcher::current, new PageTemplate(Path.of("client.html")));
    } catch (RuntimeException e) {
      watcher.close();
      throw e;
    }
    server.onStop(watcher::close);
    watcher.start(settings -> {}); // the page reads watcher.current() on every request
    return server;
  }
}
