package imagestream.config;

import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import io.github.cdimascio.dotenv.DotenvException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Reads {@link Settings} from a {@code .env} file; a real environment variable wins over it. */
public final class SettingsLoader {

  private SettingsLoader() {}

  /** The {@code .env} in the working directory (the start scripts run from the project root). */
  public static Path defaultFile() {
    return Path.of(".env").toAbsolutePath();
  }

  /**
   * Loads and validates the settings; a missing file means the defaults.
   *
   * @throws SettingsException if a value is not allowed, or the file cannot be parsed
   */
  public static Settings load(Path envFile) {
    return Settings.fromMap(read(envFile, System.getenv()));
  }

  /** The raw values of the {@link Setting} keys: from {@code environment} if set, else the file. */
  static Map<String, String> read(Path envFile, Map<String, String> environment) {
    Map<String, String> raw = new HashMap<>();
    if (Files.isRegularFile(envFile)) {
      // Only the file's own entries: the real environment is layered on top below, explicitly.
      for (DotenvEntry entry : parse(envFile).entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
        if (Setting.names().contains(entry.getKey())) {
          raw.put(entry.getKey(), entry.getValue());
        }
      }
    }
    for (String key : Setting.names()) {
      String value = environment.get(key);
      if (value != null) {
        raw.put(key, value);
      }
    }
    return raw;
  }

  private static Dotenv parse(Path envFile) {
    try {
      return Dotenv.configure()
          .directory(envFile.toAbsolutePath().getParent().toString())
          .filename(envFile.getFileName().toString())
          .ignoreIfMissing()
          .load();
    } catch (DotenvException e) {
      throw new SettingsException(
          ".env", envFile.toString(), "a readable file of KEY=VALUE lines (" + e.getMessage() + ")");
    }
  }
}
