package imagestream.http;

import imagestream.GracefulExit;
import imagestream.ServerLauncher;
import imagestream.StartException;
import imagestream.config.Setting;
import imagestream.config.SettingsException;
import imagestream.config.SettingsWatcher;
import imagestream.config.tls.MachineAddresses;
import imagestream.config.tls.ServerCertificate;
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
    ServerLauncher.main(args, envFile -> {
      PageServer server = start(envFile);
      GracefulExit.install("the page server", server::stop);
      return server.url();
    });
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
    ServerCertificate certificate = null;
    try {
      certificate = ServerCertificate.open(watcher.current(), "Page server").orElse(null);
      server = PageServer.start(watcher.current(), watcher::current,
          new PageTemplate(Path.of("client.html")), certificate == null ? null : certificate.tls());
    } catch (RuntimeException e) {
      if (certificate != null) {
        certificate.close();
      }
      watcher.close();
      throw e;
    }
    server.onStop(watcher::close);
    if (certificate != null) {
      server.onStop(certificate::close);
    }
    watcher.start(settings -> {}); // the page reads watcher.current() on every request
    String publicUrl = watcher.current().text(Setting.PUBLIC_URL);
    if (publicUrl.isEmpty()) {
      log.info("Page server ready: open {}", server.url());
    } else {
      log.info("Page server ready on {}, behind {}{}", server.url(), publicUrl, "/client.html");
    }
    String host = watcher.current().text(Setting.HOST);
    NetworkAnnouncement.insecureWarning(server.url(), host).ifPresent(log::warn);
    System.out.print(NetworkAnnouncement.text(server.url(), host, MachineAddresses.nonLoopback()));
    return server;
  }
}
