package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.TestCertificate;
import imagestream.http.PageServer;
import imagestream.http.PageServerMain;
import imagestream.ws.FrameServer;
import imagestream.ws.FrameServerMain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The page at a name other than localhost, {@code camera.test} (mapped to 127.0.0.1 in the
 * browser), with both servers on {@code TLS=files} and the test certificate accepted narrowly (by
 * its public key): a secure context whose camera streams over {@code wss:}. Over plain http at
 * that name the page says it is not secure; and when the frame server's port presents a
 * certificate the browser does not accept, the page links to that port to accept it there.
 */
@Timeout(120)
class TlsBrowserIT {

  @RegisterExtension static final LivePage live = new LivePage();

  private static TestCertificate certificate;
  private static String origin;

  @BeforeAll
  static void start() throws Exception {
    certificate = TestCertificate.make(live.dir().resolve("tls"));
    origin = "https://camera.test:" + live.httpPort();
    List<String> env = new ArrayList<>(certificate.envLines());
    env.addAll(List.of("ALLOWED_ORIGINS=" + origin, "CLIENT_WIDTH=320", "CLIENT_HEIGHT=240",
        "SERVER_WIDTH=160", "SERVER_HEIGHT=120"));
    live.startServers(env.toArray(String[]::new));
    live.startBrowser(
        "--host-resolver-rules=MAP camera.test 127.0.0.1",
        "--ignore-certificate-errors-spki-list=" + certificate.material().publicKeySha256());
  }

  @Test
  void thePageIsASecureContextAndStreamsOverWss() throws Exception {
    live.browser().get(origin + "/client.html");
    assertEquals(true, live.js("return window.isSecureContext"), "a secure context");
    live.waitForFrames(10);
    assertEquals("wss://camera.test:" + live.wsPort() + "/", live.js("return socket && socket.url"));
    live.waitFor("the frame server to hold the page's one connection",
        () -> live.frames().stats().connectionsOpen() == 1);
    assertEquals(0L, live.stat("errors"), "no error shown: " + live.stat("lastError"));
  }

  @Test
  void overPlainHttpThePageSaysItIsNotSecure() throws Exception {
    PageServer plain = PageServerMain.start(live.env("plain.env", List.of("HTTP_PORT=0")));
    live.closeAfterTests(plain::stop);
    live.browser().get("http://camera.test:" + plain.port() + "/client.html");
    live.waitFor("the page to say it has no camera", () -> "no camera".equals(live.stat("state")));
    assertEquals(false, live.js("return window.isSecureContext"));
    assertTrue(live.text("message").contains("secure"), live.text("message"));
  }

  @Test
  void whenTheFrameServersCertificateIsNotAcceptedThePageLinksToItsPort() throws Exception {
    // A frame server whose certificate the browser was not told to accept, as Firefox treats
    // the frame server's port until its certificate is accepted there too.
    TestCertificate other = TestCertificate.make(live.dir().resolve("other-tls"));
    List<String> env = new ArrayList<>(other.envLines());
    env.addAll(List.of("WS_PORT=0", "ALLOWED_ORIGINS=*"));
    FrameServer untrusted = FrameServerMain.start(live.env("untrusted.env", env));
    live.closeAfterTests(() -> untrusted.shutdown(1000));
    List<String> pageEnv = new ArrayList<>(certificate.envLines());
    pageEnv.addAll(List.of("HTTP_PORT=0", "WS_PORT=" + untrusted.getPort()));
    PageServer page = PageServerMain.start(live.env("page.env", pageEnv));
    live.closeAfterTests(page::stop);
    live.browser().get("https://camera.test:" + page.port() + "/client.html");
    String hint = "https://camera.test:" + untrusted.getPort() + "/";
    live.waitFor("the page to link to the frame server's port", () -> hint.equals(live.stat("certificateHint")));
    assertEquals(hint, live.js("return document.getElementById('certificate-hint').href"));
    assertTrue(live.text("message").contains("accept"), live.text("message"));
    assertEquals(0, untrusted.stats().connectionsOpen(), "no WebSocket opened");
  }
}
