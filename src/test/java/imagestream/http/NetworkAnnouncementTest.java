package imagestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the page server prints for other devices, from addresses given here (none is used). */
class NetworkAnnouncementTest {

  private static final String PAGE = "http://localhost:8080/client.html";

  private static List<InetAddress> lan() throws UnknownHostException {
    return List.of(InetAddress.getByName("192.0.2.10"), InetAddress.getByName("198.51.100.7"),
        InetAddress.getByName("2001:db8::1"));
  }

  @Test
  void everyInterfaceGivesOneUrlPerNetworkAddress() throws UnknownHostException {
    assertEquals(
        List.of("http://192.0.2.10:8080/client.html", "http://198.51.100.7:8080/client.html"),
        NetworkAnnouncement.urls(PAGE, "0.0.0.0", lan()));
    assertEquals(
        List.of("https://192.0.2.10:8443/client.html", "https://198.51.100.7:8443/client.html",
            "https://[2001:db8::1]:8443/client.html"),
        NetworkAnnouncement.urls("https://localhost:8443/client.html", "::", lan()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "127.0.0.1", "::1", "192.0.2.10", "cam.example.org"})
  void oneAddressPrintsNothingMore(String host) throws UnknownHostException {
    assertEquals("", NetworkAnnouncement.text(PAGE, host, lan()));
  }

  @Test
  void theTextListsTheUrlsAndDrawsAQrCodeOfTheFirst() throws UnknownHostException {
    String text = NetworkAnnouncement.text(PAGE, "0.0.0.0", lan());
    List<String> lines = text.lines().toList();
    assertEquals("  http://192.0.2.10:8080/client.html", lines.get(1));
    assertEquals("  http://198.51.100.7:8080/client.html", lines.get(2));
    // A QR code's rows: all the same width, of half blocks and spaces only, and it is square.
    List<String> code = lines.subList(3, lines.size());
    assertTrue(code.size() > 10, text);
    code.forEach(row -> assertTrue(row.matches("[ ▀▄█]+"), row));
    code.forEach(row -> assertEquals(code.get(0).length(), row.length()));
    assertEquals(code.get(0).length(), 2 * code.size() - 1, 1, text); // two module rows a line
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "::", "192.0.2.10", "cam.example.org"})
  void plainHttpBeyondLoopbackWarnsWithTheFix(String host) {
    String warning = NetworkAnnouncement.insecureWarning(PAGE, host).orElseThrow();
    assertTrue(warning.contains("no camera") && warning.endsWith("set TLS=self-signed in .env"),
        warning);
    assertFalse(
        NetworkAnnouncement.insecureWarning("https://localhost:8080/client.html", host).isPresent());
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "LOCALHOST", "127.0.0.1", "127.0.0.2", "::1", "[::1]"})
  void loopbackNeedsNoWarning(String host) {
    assertFalse(NetworkAnnouncement.insecureWarning(PAGE, host).isPresent());
  }
}
