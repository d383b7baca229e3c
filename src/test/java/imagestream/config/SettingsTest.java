package imagestream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.image.processors.ProcessingChain;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings: the seed's defaults, parsing, and messages that say what is wrong. */
class SettingsTest {

  private static final ProcessingChain GRAYSCALE = ProcessingChain.parse("grayscale");

  private static final Limits DEFAULT_LIMITS =
      new Limits(
          7680L * 4320, 2 * 1024 * 1024, 50, 8,
          List.of("http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080"), true);

  @Test
  void emptyMapGivesTheSeedDefaults() {
    assertEquals(
        new Settings(
            40, 30, 0.6, 40, 30, 0.6, "localhost", 6969, 8080, GRAYSCALE, "auto", DEFAULT_LIMITS),
        Settings.fromMap(Map.of()));
  }

  @Test
  void blankValuesTakeTheDefaults() {
    assertEquals(Settings.fromMap(Map.of()), Settings.fromMap(Map.of("WS_PORT", " ", "HOST", "")));
  }

  @Test
  void goodValuesParse() {
    Settings s =
        Settings.fromMap(
            Map.of(
                "CLIENT_WIDTH", "640",
                "CLIENT_HEIGHT", "480",
                "CLIENT_JPG_COMPRESSION", "0.85",
                "SERVER_WIDTH", "320",
                "SERVER_HEIGHT", " 240 ",
                "SERVER_JPG_COMPRESSION", "1.0",
                "HOST", "127.0.0.1",
                "WS_PORT", "0",
                "HTTP_PORT", "65535",
                "JPEG_CODEC", "TurboJPEG"));
    assertEquals(
        new Settings(640, 480, 0.85, 320, 240, 1.0, "127.0.0.1", 0, 65535, GRAYSCALE, "turbojpeg",
            new Limits(7680L * 4320, 2 * 1024 * 1024, 50, 8,
                List.of("http://127.0.0.1:65535", "http://localhost:65535", "http://[::1]:65535"),
                true)),
        s);
    assertEquals(100, s.serverJpgQuality100());
  }

  @Test
  void withWsPortChangesOnlyThePort() {
    Settings s = Settings.fromMap(Map.of()).withWsPort(1234);
    assertEquals(
        new Settings(
            40, 30, 0.6, 40, 30, 0.6, "localhost", 1234, 8080, GRAYSCALE, "auto", DEFAULT_LIMITS),
        s);
  }

  @Test
  void asMapRoundTrips() {
    Settings s = Settings.fromMap(Map.of("SERVER_WIDTH", "64", "HOST", "::1", "WS_PORT", "7000"));
    assertEquals(s, Settings.fromMap(s.asMap()));
    assertEquals(Settings.KEYS, s.asMap().keySet().stream().toList());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "WS_PORT                | abc       | a whole number from 0 to 65535",
        "WS_PORT                | 70000     | a whole number from 0 to 65535",
        "SERVER_WIDTH           | 0         | a whole number from 1 to 8192",
        "SERVER_WIDTH           | -5        | a whole number from 1 to 8192",
        "CLIENT_HEIGHT          | 1.5       | a whole number from 1 to 8192",
        "SERVER_JPG_COMPRESSION | 1.7       | a number from 0.0",
        "CLIENT_JPG_COMPRESSION | abc       | a number from 0.0",
        "HOST                   | bad host! | a host name or IP address",
        "JPEG_CODEC             | libjpeg   | one of auto, turbojpeg, opencv",
        "MAX_FRAME_PIXELS       | 0         | a whole number from 1 to 4294836225",
        "MAX_FRAME_PIXELS       | 1e9       | a whole number from 1",
        "MAX_FRAME_PIXELS       | 1199      | at least CLIENT_WIDTH x CLIENT_HEIGHT = 1200",
        "MAX_FRAME_BYTES        | 1023      | a whole number from 1024 to 1073741824",
        "MAX_FRAME_BYTES        | 2GB       | a whole number from 1024",
        "MAX_CONNECTIONS        | 0         | a whole number from 1 to 100000",
        "MAX_CONNECTIONS_PER_ADDRESS | 0    | a whole number from 1 to 100000",
        "ALLOWED_ORIGINS        | localhost:8080 | origins such as http://localhost:8080",
        "ALLOWED_ORIGINS        | http://a.example/page | no path",
        "ALLOWED_ORIGINS        | ftp://a.example | scheme://host[:port]",
        "ALLOW_NO_ORIGIN        | yes       | true or false",
      })
  void badValueIsRefusedWithKeyValueAndRule(String key, String value, String allowed) {
    SettingsException e =
        assertThrows(SettingsException.class, () -> Settings.fromMap(Map.of(key, value)));
    assertEquals(key, e.key());
    assertTrue(e.getMessage().contains(key + "=\"" + value + "\""), e.getMessage());
    assertTrue(e.getMessage().contains(allowed), e.getMessage());
  }
}
