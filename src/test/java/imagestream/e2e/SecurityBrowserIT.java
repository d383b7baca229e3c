package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.ws.FrameServer;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The security model in a real browser: the default ALLOWED_ORIGINS admit the page as served,
 * the page's Content-Security-Policy lets it connect nowhere but the frame server, refused frames
 * are shown and the page goes on sending, and a page from another origin is refused.
 */
class SecurityBrowserIT {

  @RegisterExtension static final LivePage live = new LivePage();

  @Test
  void defaultOriginsAdmitThePageAndOthersAreRefused() throws Exception {
    live.startServers(); // ALLOWED_ORIGINS blank: the page server's own, http://127.0.0.1:HTTP_PORT
    int wsPort = live.wsPort();
    live.openBrowser();
    assertEquals("http://127.0.0.1:" + live.httpPort() + "/client.html", live.page().url());
    live.waitFor("frames to flow from the page's own origin", () -> live.number("framesReceived") >= 3);
    assertEquals(0, live.frames().stats().clientsRefusedInAll());

    // The policy forbids connecting anywhere else, even to the same host on another port.
    Object violation = live.jsAsync(
        "const done = arguments[arguments.length - 1];"
            + "document.addEventListener('securitypolicyviolation',"
            + "  e => done(e.violatedDirective + ' ' + e.blockedURI), {once: true});"
            + "try { new WebSocket('ws://127.0.0.1:" + (wsPort == 65535 ? 1 : wsPort + 1) + "'); }"
            + "catch (e) { done('threw ' + e.name); }");
    assertTrue(String.valueOf(violation).contains("connect-src"), "CSP violation: " + violation);

    // A frame server that refuses every frame of the page: the page says why and goes on.
    live.stopFrames();
    // (A size limit would not do: the server pushes its CLIENT_* values, and the page follows.)
    live.startFrames(live.env("failing.env", List.of("PROCESSING=" + FailingProcessor.class.getName())));
    live.waitFor("refusals to be shown", () -> live.number("errors") >= 3
        && live.text("message").contains("internal_error"));
    double sent = live.number("framesSent");
    live.waitFor("the page to go on sending", () -> live.number("framesSent") >= sent + 3);

    // The same page, but the frame server now allows only another site: refused at the handshake.
    live.stopFrames();
    FrameServer elsewhere =
        live.startFrames(live.env("elsewhere.env", List.of("ALLOWED_ORIGINS=https://elsewhere.example")));
    double before = live.number("framesReceived");
    live.waitFor("the page's reconnects to be refused", () -> elsewhere.stats().clientsRefusedInAll() >= 2);
    assertEquals(before, live.number("framesReceived"), "no frame gets through");
    assertTrue(!"streaming".equals(live.stat("state")), "not streaming");
  }

}
