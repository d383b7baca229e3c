package imagestream.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus's own checker of an exposition, {@code promtool check metrics} (Debian's
 * {@code prometheus}): without it the check is skipped, unless {@code CI} is set, where the
 * test fails instead.
 */
public final class Promtool {

  private static final File PROMTOOL = new File("/usr/bin/promtool");

  private Promtool() {}

  /** Fails the test unless {@code promtool check metrics} accepts {@code exposition}. */
  public static void check(String exposition) throws IOException, InterruptedException {
    if (!PROMTOOL.canExecute() && System.getenv("CI") == null) {
      Assumptions.abort("The exposition check needs promtool: sudo apt-get install -y prometheus");
    }
    Process p = new ProcessBuilder(PROMTOOL.getPath(), "check", "metrics")
        .redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), "promtool check metrics: " + said);
  }
}
