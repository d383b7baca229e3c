package imagestream;

import imagestream.config.SettingsException;
import imagestream.config.SettingsLoader;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both main classes do around starting their server: pick the settings file, announce the
 * server to the start script, and turn a failure into one log line and a non-zero exit.
 */
public final class ServerLauncher {

  private static final Logger log = LoggerFactory.getLogger(ServerLauncher.class);

  /** Starts one server from a settings file and returns the URL it serves. */
  @FunctionalInterface
  public interface Starter {
    /**
     * @throws SettingsException if a value in the file is not allowed
     * @throws StartException if the server cannot start
     */
    String start(Path envFile);
  }

  private ServerLauncher() {}

  /**
   * Runs {@code starter} with the file named by {@code args[0]}, else {@code ./.env}; the server
   * then runs until the process is stopped. Exits with status 1 if it cannot start.
   */
  public static void main(String[] args, Starter starter) {
    Path envFile = args.length > 0 ? Path.of(args[0]) : SettingsLoader.defaultFile();
    if (run(envFile, starter) != 0) {
      System.exit(1);
    }
  }

  private static int run(Path envFile, Starter starter) {
    try {
      ReadyFile.announce(starter.start(envFile));
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
