package imagestream.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * systemd itself ({@code systemd-analyze verify}) reads the units in {@code deploy/systemd}: no
 * unknown key, no bad value, a command that exists (this machine's java in place of
 * {@code /usr/bin/java}, which a JDK elsewhere may not have).
 */
@EnabledOnOs(OS.LINUX)
class SystemdUnitsIT {

  private static final File ANALYZE = new File("/usr/bin/systemd-analyze");

  @ParameterizedTest
  @CsvSource({
      "image-stream-frame-server@.service, image-stream-frame-server@6969.service",
      "image-stream-page-server.service, image-stream-page-server.service"})
  void systemdReadsTheUnitWithoutAComplaint(String unit, String instance) throws Exception {
    if (!ANALYZE.canExecute() && System.getenv("CI") == null) {
      Assumptions.abort("The unit check needs systemd-analyze: sudo apt-get install -y systemd");
    }
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target"), "systemd-");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String text = Files.readString(Path.of("deploy", "systemd", unit)).replace("/usr/bin/java", java);
    Path file = Files.writeString(dir.resolve(instance), text);
    Process verify = new ProcessBuilder(ANALYZE.getPath(), "verify", file.toString())
        .redirectErrorStream(true).start();
    String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, verify.waitFor(), output);
    assertEquals("", output.strip(), "systemd-analyze said");
  }
}
