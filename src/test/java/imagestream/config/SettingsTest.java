package imagestream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.image.processors.ProcessingChain;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings: the original template's defaults, parsing, and messages that say what is wrong. */
class SettingsTest {

  private static final ProcessingChain GRAYSCALE = ProcessingChain.parse("grayscale");

  private static final Limits DEFAULT_LIMITS =
      new Limits(
          7680L * 4320, 2 * 1024 * 1024, 50, 8,
          List.of("http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080"), true,
          TrustedProxies.NONE);

  @Test
  void emptyMapGivesTheDefaults() {
    assertValues(Settings.fromMap(Map.of()),
        40, 30, 0.6, 40, 30, 0.6, "localhost", 6969, 8080, "", "", GRAYSCALE, "auto", DEFAULT_LIMITS);
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
    assertValues(s, 640, 480, 0.85, 320, 240, 1.0, "127.0.0.1", 0, 65535, "", "", GRAYSCALE,
        "turbojpeg", new Limits(7680L * 4320, 2 * 1024 * 1024, 50, 8,
            List.of("http://127.0.0.1:65535", "http://localhost:65535", "http://[::1]:65535"),
            true, TrustedProxies.NONE));
    assertEquals(100, s.serverJpgQuality100());
  }

  @Test
  void asMapRoundTrips() {
    Settings s = Settings.fromMap(Map.of("SERVER_WIDTH", "64", "HOST", "::1", "WS_PORT", "7000",
        "WS_PATH", "/ws", "PUBLIC_URL", "https://cam.example.org", "TRUSTED_PROXIES",
        "127.0.0.1, 10.0.0.0/8"));
    assertEquals(s, Settings.fromMap(s.asMap()));
    assertEquals(Setting.names(), s.asMap().keySet().stream().toList());
  }

  @Test
  void equalValuesMakeEqualSettings() {
    assertEquals(Settings.fromMap(Map.of("CLIENT_JPG_COMPRESSION", "0.60")),
        Settings.fromMap(Map.of()));
    assertNotEquals(Settings.fromMap(Map.of("WS_PORT", "7000")), Settings.fromMap(Map.of()));
  }

  /** Every value of {@code s}, as the keys' order in the table gives them. */
  private static void assertValues(Settings s, int clientWidth, int clientHeight,
      double clientQuality, int serverWidth, int serverHeight, double serverQuality, String host,
      int wsPort, int httpPort, String wsPath, String publicUrl, ProcessingChain processing,
      String codec, Limits limits) {
    assertEquals(clientWidth, s.integer(Setting.CLIENT_WIDTH));
    assertEquals(clientHeight, s.integer(Setting.CLIENT_HEIGHT));
    assertEquals(clientQuality, s.number(Setting.CLIENT_JPG_COMPRESSION));
    assertEquals(serverWidth, s.integer(Setting.SERVER_WIDTH));
    assertEquals(serverHeight, s.integer(Setting.SERVER_HEIGHT));
    assertEquals(serverQuality, s.number(Setting.SERVER_JPG_COMPRESSION));
    assertEquals(host, s.text(Setting.HOST));
    assertEquals(wsPort, s.integer(Setting.WS_PORT));
    assertEquals(httpPort, s.integer(Setting.HTTP_PORT));
    assertEquals(wsPath, s.text(Setting.WS_PATH));
    assertEquals(publicUrl, s.text(Setting.PUBLIC_URL));
    assertEquals(processing, s.processing());
    assertEquals(codec, s.text(Setting.JPEG_CODEC));
    assertEquals(limits, s.limits());
  }

  @Test
  void aPublicUrlIsNormalizedAndAllowedBesideThePageServersOwnOrigins() {
    Settings s = Settings.fromMap(Map.of("HOST", "127.0.0.1", "HTTP_PORT", "8080",
        "PUBLIC_URL", "HTTPS://Cam.Example.org:443/", "WS_PATH", "/ws"));
    assertEquals("https://cam.example.org", s.text(Setting.PUBLIC_URL));
    assertEquals("/ws", s.text(Setting.WS_PATH));
    assertTrue(s.limits().allowsOrigin("https://cam.example.org"));
    assertTrue(s.limits().allowsOrigin("http://127.0.0.1:8080"), "the page server's own still");
    assertTrue(!s.limits().allowsOrigin("http://cam.example.org"), "another scheme is another origin");
    assertTrue(!s.limits().allowsOrigin("https://localhost"), "a public name has no loopback twin");
    Settings local = Settings.fromMap(Map.of("PUBLIC_URL", "https://localhost:8443"));
    assertTrue(local.limits().allowsOrigin("https://127.0.0.1:8443"), "the same page on this machine");
    assertTrue(local.limits().allowsOrigin("https://[::1]:8443"));
    assertTrue(!local.limits().allowsOrigin("https://127.0.0.1:8444"));
    Settings listed = Settings.fromMap(Map.of("PUBLIC_URL", "https://cam.example.org",
        "ALLOWED_ORIGINS", "https://other.example"));
    assertEquals(List.of("https://other.example"), listed.limits().allowedOrigins(),
        "ALLOWED_ORIGINS, when set, is the whole list");
  }

  @Test
  void withTlsThePageServersOwnOriginsAreHttps() {
    Settings s = Settings.fromMap(Map.of("TLS", "self-signed", "HOST", "127.0.0.1", "HTTP_PORT", "8443"));
    assertTrue(s.limits().allowsOrigin("https://127.0.0.1:8443"));
    assertTrue(s.limits().allowsOrigin("https://localhost:8443"));
    assertTrue(!s.limits().allowsOrigin("http://127.0.0.1:8443"), "not the plain page");
  }

  @Test
  void tlsFilesNeedsOneKindOfFilesAndTheKeystorePasswordIsNeverShown() {
    Settings pem = Settings.fromMap(Map.of("TLS", "files", "TLS_CERT", "c.pem", "TLS_KEY", "k.pem"));
    assertEquals("files", pem.text(Setting.TLS));
    assertThrows(SettingsException.class, () -> Settings.fromMap(
        Map.of("TLS", "files", "TLS_CERT", "c.pem")), "a certificate without its key");
    assertThrows(SettingsException.class, () -> Settings.fromMap(Map.of("TLS", "files",
        "TLS_CERT", "c.pem", "TLS_KEY", "k.pem", "TLS_KEYSTORE", "s.p12")), "both kinds at once");
    Settings keystore = Settings.fromMap(Map.of("TLS", "FILES", "TLS_KEYSTORE", "s.p12",
        "TLS_KEYSTORE_PASSWORD", "hunter2 secret"));
    assertEquals("hunter2 secret", keystore.text(Setting.TLS_KEYSTORE_PASSWORD));
    assertTrue(Setting.TLS_KEYSTORE_PASSWORD.secret());
    assertEquals(List.of(Setting.TLS_KEYSTORE_PASSWORD),
        java.util.Arrays.stream(Setting.values()).filter(Setting::secret).toList());
    assertTrue(!keystore.toString().contains("hunter2"), keystore.toString());
    assertTrue(keystore.toString().contains("TLS_KEYSTORE_PASSWORD=(hidden)"), keystore.toString());
    assertEquals(Setting.Page.NONE, Setting.TLS_KEYSTORE_PASSWORD.page(), "never sent to the page");
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
        "WS_PATH                | ws        | a path such as /ws",
        "WS_PATH                | /ws?x=1   | a path such as /ws",
        "WS_PATH                | /a b      | a path such as /ws",
        "PUBLIC_URL             | cam.example.org | an address such as https://cam.example.org",
        "PUBLIC_URL             | https://cam.example.org/app | no path",
        "TRUSTED_PROXIES        | nginx.local | IP addresses or ranges such as 127.0.0.1",
        "TRUSTED_PROXIES        | 10.0.0.0/33 | prefix length that is not 0 to 32",
        "TRUSTED_PROXIES        | 256.1.1.1 | is not an IP address or range",
        "TLS                    | on        | one of off, self-signed, files",
        "TLS                    | files     | files with either TLS_CERT and TLS_KEY, or TLS_KEYSTORE",
      })
  void badValueIsRefusedWithKeyValueAndRule(String key, String value, String allowed) {
    SettingsException e =
        assertThrows(SettingsException.class, () -> Settings.fromMap(Map.of(key, value)));
    assertEquals(key, e.key());
    assertTrue(e.getMessage().contains(key + "=\"" + value + "\""), e.getMessage());
    assertTrue(e.getMessage().contains(allowed), e.getMessage());
  }
}
