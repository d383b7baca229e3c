package imagestream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Limits: the origin rules and the defaults that follow HOST and HTTP_PORT. */
class LimitsTest {

  private static Limits limits(Map<String, String> raw) {
    return Settings.fromMap(raw).limits();
  }

  @Test
  void defaultOriginsAreThePageServersOwn() {
    Limits l = limits(Map.of("HOST", "127.0.0.1", "HTTP_PORT", "8123"));
    assertEquals(
        List.of("http://127.0.0.1:8123", "http://localhost:8123", "http://[::1]:8123"),
        l.allowedOrigins());
    assertTrue(l.allowsOrigin("http://127.0.0.1:8123"));
    assertTrue(l.allowsOrigin("http://localhost:8123"));
    assertTrue(l.allowsOrigin("http://[::1]:8123"));
    assertFalse(l.allowsOrigin("http://localhost:8124"), "another port is another origin");
    assertFalse(l.allowsOrigin("https://localhost:8123"), "another scheme is another origin");
    assertFalse(l.allowsOrigin("http://evil.example"));
    assertFalse(l.allowsOrigin("null"), "sandboxed pages and files send the origin null");
  }

  @Test
  void listenOnAllInterfacesKeepsTheLoopbackOrigins() {
    assertEquals(
        List.of("http://0.0.0.0:8080", "http://localhost:8080", "http://127.0.0.1:8080",
            "http://[::1]:8080"),
        limits(Map.of("HOST", "0.0.0.0")).allowedOrigins().subList(0, 4));
    assertEquals(
        List.of("http://[::1]:8080", "http://localhost:8080", "http://127.0.0.1:8080"),
        limits(Map.of("HOST", "::1")).allowedOrigins());
  }

  /**
   * Listening on every interface, the page is also opened at each of the machine's network
   * addresses, the ones the page server prints for other devices: IPv4 only on 0.0.0.0.
   */
  @Test
  void listenOnAllInterfacesAllowsEachNetworkAddress() throws UnknownHostException {
    List<InetAddress> lan =
        List.of(InetAddress.getByName("192.0.2.10"), InetAddress.getByName("2001:db8::1"));
    assertEquals(
        List.of("http://0.0.0.0:8080", "http://localhost:8080", "http://127.0.0.1:8080",
            "http://[::1]:8080", "http://192.0.2.10:8080"),
        Limits.ownOrigins("http", "0.0.0.0", 8080, lan));
    assertEquals(
        List.of("http://[::]:8080", "http://localhost:8080", "http://127.0.0.1:8080",
            "http://[::1]:8080", "http://192.0.2.10:8080", "http://[2001:db8::1]:8080"),
        Limits.ownOrigins("http", "::", 8080, lan));
    assertEquals(List.of("https://192.0.2.10:8080"), Limits.ownOrigins("https", "192.0.2.10", 8080, lan));
  }

  /**
   * Listening on one address of the network, the page is not served on the loopback names:
   * {@code http://localhost:HTTP_PORT} is then some other local program, not to be trusted.
   */
  @ParameterizedTest
  @ValueSource(strings = {"192.0.2.10", "cam.example.org", "[2001:db8::1]"})
  void aHostOnTheNetworkAllowsOnlyItsOwnOrigin(String host) {
    Limits l = limits(Map.of("HOST", host));
    assertEquals(List.of("http://" + host + ":8080"), l.allowedOrigins());
    assertFalse(l.allowsOrigin("http://localhost:8080"));
    assertFalse(l.allowsOrigin("http://127.0.0.1:8080"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "LocalHost", "127.0.0.1", "127.0.0.2", "::1", "[::1]", "0.0.0.0", "::"})
  void loopbackAndEveryInterfaceAllowTheLoopbackNames(String host) {
    Limits l = limits(Map.of("HOST", host));
    assertTrue(l.allowsOrigin("http://localhost:8080"), host + ": " + l.allowedOrigins());
    assertTrue(l.allowsOrigin("http://127.0.0.1:8080"), host + ": " + l.allowedOrigins());
  }

  @Test
  void explicitOriginsAreNormalizedAndReplaceTheDefaults() {
    Limits l =
        limits(Map.of("ALLOWED_ORIGINS", "HTTPS://Cam.Example.org:443, http://lab.example:8080/"));
    assertEquals(List.of("https://cam.example.org", "http://lab.example:8080"), l.allowedOrigins());
    assertTrue(l.allowsOrigin("https://cam.example.org"));
    assertTrue(l.allowsOrigin("http://lab.example:8080"));
    assertFalse(l.allowsOrigin("http://localhost:8080"), "the defaults no longer apply");
    assertFalse(l.allowsOrigin("https://cam.example.org.evil.example"));
  }

  @Test
  void starAllowsAnyOrigin() {
    Limits l = limits(Map.of("ALLOWED_ORIGINS", "*"));
    assertTrue(l.allowsOrigin("http://anything.example:1234"));
    assertTrue(l.allowsOrigin("null"));
  }

  @Test
  void noOriginIsAllowedUnlessTheSettingSaysOtherwise() {
    assertTrue(limits(Map.of()).allowsOrigin(null));
    assertFalse(limits(Map.of("ALLOW_NO_ORIGIN", "false")).allowsOrigin(null));
    assertTrue(limits(Map.of("ALLOW_NO_ORIGIN", "false")).allowsOrigin("http://localhost:8080"));
  }

  @ParameterizedTest
  @CsvSource({
    "http://localhost:8080, http://localhost:8080",
    "HTTP://LOCALHOST:8080, http://localhost:8080",
    "http://localhost:80, http://localhost",
    "https://a.example:443, https://a.example",
    "https://a.example:8443/, https://a.example:8443",
    "http://[::1]:8080, http://[::1]:8080",
  })
  void normalizeOrigin(String text, String normalized) {
    assertEquals(normalized, Limits.normalizeOrigin(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:8080", "ftp://a.example", "http://a.example/x",
      "http://user@a.example", "http://a.example?q", "null", "", "http://"})
  void notAnOrigin(String text) {
    assertNull(Limits.normalizeOrigin(text));
  }
}
