package imagestream.http;

import imagestream.GracefulExit;
import imagestream.ReadyFile;
import imagestream.StartException;
import imagestream.config.Settings;
import imagestream.config.SettingsException;
import imagestream.config.SettingsLoader;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the page server with the settings of {@code .env}. */
public final class PageServerMain {

  private static final Logger log = LoggerFactory.getLogger(PageServerMain.class);

  private PageServerMain() {}

  /** Serves the page until the process is stopped; exits non-zero if it cannot start. */
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
      PageServer server =
          PageServer.start(settings, () -> settings, new PageTemplate(Path.of("client.html")));
      GracefulExit.install("the page server", server::stop);
      String url = "http://" + settings.host() + ":" + server.port() + PageHandler.PAGE;
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
}
