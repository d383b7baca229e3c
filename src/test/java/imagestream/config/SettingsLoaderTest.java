package imagestream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SettingsLoader: reading .env files, with the environment layered on top. */
class SettingsLoaderTest {

  @TempDir Path dir;

  private Path envFile(String... lines) throws IOException {
    return Files.write(dir.resolve(".env"), String.join("\n", lines).getBytes());
  }

  @Test
  void readsValuesStripsQuotesAndIgnoresComments() throws IOException {
    Path env =
        envFile(
            "# a comment",
            "SERVER_WIDTH=64",
            "# SERVER_HEIGHT=999",
            "SERVER_HEIGHT=48",
            "",
            "HOST=\"localhost\"",
            "WS_PORT=7001",
            "UNRELATED=ignored");
    Map<String, String> raw = SettingsLoader.read(env, Map.of());
    assertEquals(Map.of("SERVER_WIDTH", "64", "SERVER_HEIGHT", "48", "HOST", "localhost",
        "WS_PORT", "7001"), raw);
    Settings s = Settings.fromMap(raw);
    assertEquals(64, s.integer(Setting.SERVER_WIDTH));
    assertEquals(48, s.integer(Setting.SERVER_HEIGHT));
    assertEquals("localhost", s.text(Setting.HOST));
    assertEquals(7001, s.integer(Setting.WS_PORT));
    assertEquals(40, s.integer(Setting.CLIENT_WIDTH)); // not in the file: the default
  }

  @Test
  void environmentOverridesTheFile() throws IOException {
    Path env = envFile("WS_PORT=7001", "HTTP_PORT=7002");
    Map<String, String> raw = SettingsLoader.read(env, Map.of("WS_PORT", "9000", "PATH", "/bin"));
    assertEquals(Map.of("WS_PORT", "9000", "HTTP_PORT", "7002"), raw);
  }

  @Test
  void missingFileGivesTheDefaults() {
    Path missing = dir.resolve("no-such.env");
    assertEquals(Map.of(), SettingsLoader.read(missing, Map.of()));
    assertEquals(Settings.fromMap(Map.of()), Settings.fromMap(SettingsLoader.read(missing, Map.of())));
  }

  @Test
  void badValueInTheFileIsRefused() throws IOException {
    Path env = envFile("SERVER_WIDTH=wide");
    SettingsException e =
        assertThrows(
            SettingsException.class, () -> Settings.fromMap(SettingsLoader.read(env, Map.of())));
    assertTrue(e.getMessage().contains("SERVER_WIDTH=\"wide\""), e.getMessage());
  }

  @Test
  void shippedEnvFileHoldsTheDefaults() {
    Path shipped = Path.of(".env");
    assertTrue(Files.isRegularFile(shipped), "the project's .env is missing");
    Map<String, String> raw = SettingsLoader.read(shipped, Map.of());
    assertEquals(Setting.names().size(), raw.size(), "every key is in the shipped .env: " + raw);
    assertEquals(Settings.fromMap(Map.of()), Settings.fromMap(raw));
  }
}
