package imagestream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** TrustedProxies: which peers are believed, and which address their headers give. */
class TrustedProxiesTest {

  private static final TrustedProxies NGINX = TrustedProxies.parse("127.0.0.1, 10.0.0.0/8 fd00::/8");

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  @Test
  void rangesMatchTheirPrefixOnly() throws Exception {
    assertTrue(NGINX.trusts(ip("127.0.0.1")));
    assertFalse(NGINX.trusts(ip("127.0.0.2")), "an address is a /32");
    assertTrue(NGINX.trusts(ip("10.200.3.4")));
    assertFalse(NGINX.trusts(ip("11.0.0.1")));
    assertTrue(NGINX.trusts(ip("fd12::1")));
    assertFalse(NGINX.trusts(ip("fe80::1")));
    assertTrue(NGINX.trusts(ip("::ffff:10.1.2.3")), "an IPv4-mapped address is the IPv4 address");
    TrustedProxies odd = TrustedProxies.parse("192.168.1.128/25");
    assertTrue(odd.trusts(ip("192.168.1.200")));
    assertFalse(odd.trusts(ip("192.168.1.127")));
    assertTrue(TrustedProxies.parse("0.0.0.0/0").trusts(ip("203.0.113.9")));
    assertEquals("127.0.0.1,10.0.0.0/8,fd00::/8", NGINX.toString());
  }

  @Test
  void noneTrustsNobodyAndReadsNoHeader() throws Exception {
    assertTrue(TrustedProxies.parse(" ").isEmpty());
    assertEquals(TrustedProxies.NONE, TrustedProxies.parse(""));
    assertEquals(ip("127.0.0.1"),
        TrustedProxies.NONE.clientAddress(ip("127.0.0.1"), "203.0.113.9", "203.0.113.9"));
  }

  @Test
  void anUntrustedPeerIsTheClientWhateverItSays() throws Exception {
    assertEquals(ip("198.51.100.4"),
        NGINX.clientAddress(ip("198.51.100.4"), "203.0.113.9", "203.0.113.10"));
  }

  @Test
  void theFirstUntrustedHopFromTheRightIsTheClient() throws Exception {
    assertClient("203.0.113.9", "203.0.113.9", null);
    // A client's own entry, further left, is never reached: the hop nginx added is.
    assertClient("203.0.113.9", "1.2.3.4, 203.0.113.9", null);
    // A chain of trusted proxies is walked through.
    assertClient("203.0.113.9", "1.2.3.4, 203.0.113.9, 10.0.0.7", null);
    // All trusted: the leftmost.
    assertClient("10.0.0.8", "10.0.0.8, 10.0.0.7", null);
  }

  @Test
  void hopsMayCarryPortsAndBrackets() throws Exception {
    assertClient("203.0.113.9", "203.0.113.9:5123", null);
    assertClient("2001:db8::5", "[2001:db8::5]:443", null);
    assertClient("2001:db8::5", " 2001:db8::5 ", null);
  }

  @Test
  void xRealIpCountsOnlyWithoutForwardedFor() throws Exception {
    assertClient("203.0.113.10", null, "203.0.113.10");
    assertClient("203.0.113.9", "203.0.113.9", "203.0.113.10");
    assertClient("127.0.0.1", null, "not an address");
    assertClient("127.0.0.1", " ", null);
  }

  @Test
  void aHopThatIsNotAnAddressStopsAtTheProxyThatPassedItOn() throws Exception {
    assertClient("127.0.0.1", "unknown", null);
    assertClient("10.0.0.7", "evil.example, 10.0.0.7", null);
    assertClient("127.0.0.1", "203.0.113.9,", null);
  }

  /** The client nginx on 127.0.0.1 names with these headers (null: not sent) is {@code expected}. */
  private static void assertClient(String expected, String forwardedFor, String realIp)
      throws Exception {
    assertEquals(ip(expected), NGINX.clientAddress(ip("127.0.0.1"), forwardedFor, realIp),
        "X-Forwarded-For: " + forwardedFor + ", X-Real-IP: " + realIp);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "example.org", "abc", "ff:zz::1", "1.2.3", "300.1.1.1",
      "1.2.3.4.5", "::1::2", "[::1", "1.2.3.4/", "", "cafe"})
  void onlyLiteralsAreAddressesAndNothingIsLookedUp(String text) {
    assertNull(TrustedProxies.literal(text), text);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "nginx.local        | is not an IP address or range",
      "10.0.0.0/33        | prefix length that is not 0 to 32",
      "fd00::/129         | prefix length that is not 0 to 128",
      "10.0.0.0/x         | prefix length",
      "127.0.0.1, *       | \"*\" is not an IP address"})
  void aBadEntryIsNamed(String list, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(list));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
