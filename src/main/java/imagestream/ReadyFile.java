package imagestream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Tells a start script that a server is ready: when {@code IMAGESTREAM_READY_FILE} is set, the
 * server writes its URL there once it accepts connections. The scripts wait for that file
 * rather than guess from a port or parse the log.
 */
public final class ReadyFile {

  /** The environment variable naming the file. */
  public static final String VARIABLE = "IMAGESTREAM_READY_FILE";

  private ReadyFile() {}

  /** Writes {@code url} to the ready file, if one was asked for; appears whole or not at all. */
  public static void announce(String url) throws IOException {
    String target = System.getenv(VARIABLE);
    if (target == null || target.isBlank()) {
      return;
    }
    Path file = Path.of(target).toAbsolutePath();
    Path temp = Files.createTempFile(file.getParent(), ".ready", ".tmp");
    Files.writeString(temp, url + System.lineSeparator(), StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
