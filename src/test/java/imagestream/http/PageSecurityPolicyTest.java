package imagestream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PageSecurityPolicy: inline scripts allowed by hash, connections only to the WebSocket. */
class PageSecurityPolicyTest {

  @Test
  void eachInlineScriptIsAllowedByItsHash() {
    // The hashes as `openssl dgst -sha256 -binary | base64` gives them.
    String page = "<p>hi</p><script>alert(1)</script>\n<SCRIPT type=\"module\">\nconsole.log(\"two\");\n</SCRIPT >";
    assertEquals(
        List.of("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='",
            "'sha256-z8fo3hqff/qgR0pWq0mE5HQW4QzIWdYdKkd8E3WGH7A='"),
        List.copyOf(PageSecurityPolicy.scriptHashes(page)));
  }

  @Test
  void scriptsFromFilesAndPagesWithoutScriptsAllowNoScript() {
    assertEquals(List.of("'none'"), List.copyOf(PageSecurityPolicy.scriptHashes(
        "<script src=\"https://cdn.example/x.js\"></script><p>no inline script</p>")));
  }

  @Test
  void policyAllowsOnlyTheWebSocketAndNothingFromElsewhere() {
    String csp = PageSecurityPolicy.of("<script>alert(1)</script>", "localhost:6969");
    assertTrue(csp.startsWith("default-src 'none'; "), csp);
    assertTrue(csp.contains("script-src 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='; "), csp);
    assertTrue(csp.contains("connect-src ws://localhost:6969 wss://localhost:6969; "), csp);
    assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    assertTrue(csp.contains("base-uri 'none'"), csp);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "localhost:8080       | localhost",
        "127.0.0.1:8080       | 127.0.0.1",
        "[::1]:8080           | [::1]",
        "cam.example.org      | cam.example.org",
        "evil.example;script  | fallback.example",
        "a b                  | fallback.example",
        "'\"'                 | fallback.example",
      })
  void hostNameComesFromTheHostHeaderWhenItIsOne(String header, String expected) {
    assertEquals(expected, PageSecurityPolicy.hostName(header, "fallback.example"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "localhost:8080       |     | localhost:6969",
        "cam.example.org      |     | cam.example.org:6969",
        "localhost:8443       | /ws | localhost:8443",
        "cam.example.org      | /ws | cam.example.org",
        "[::1]:8000           | /ws | [::1]:8000",
        "evil.example;script  | /ws | fallback.example:8080",
        "                     | /ws | fallback.example:8080",
      })
  void theWebSocketGoesToWsPortOrThroughThePagesOwnOrigin(String header, String wsPath, String expected) {
    assertEquals(expected, PageSecurityPolicy.webSocketAuthority(
        header, "fallback.example", wsPath == null ? "" : wsPath, 6969, 8080));
  }

  @Test
  void missingHostHeaderUsesTheServersHost() {
    assertEquals("localhost", PageSecurityPolicy.hostName(null, "localhost"));
    assertEquals("[::1]", PageSecurityPolicy.hostName(null, "::1"));
  }
}
