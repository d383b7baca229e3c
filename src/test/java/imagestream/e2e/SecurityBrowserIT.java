package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.Settings;
import imagestream.http.PageServer;
import imagestream.http.PageTemplate;
import imagestream.ws.FrameServer;
import imagestream.ws.FrameServerMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The security model in a real browser: the default ALLOWED_ORIGINS admit the page as served,
 * the page's Content-Security-Policy lets it connect nowhere but the frame server, refused frames
 * are shown and the page goes on sending, and a page from another origin is refused.
 */
class SecurityBrowserIT {

  private PageServer page;
  private FrameServer frames;
  private ChromeDriver browser;

  @AfterEach
  void stop() throws InterruptedException {
    Servers.stop(browser, page, frames);
  }

  @Test
  void defaultOriginsAdmitThePageAndOthersAreRefused() throws Exception {
    Map<String, String> raw = new HashMap<>(Map.of("HOST", "127.0.0.1", "WS_PORT", "0", "HTTP_PORT", "0"));
    // The page server first, so the frame server's default origins can name its real port.
    AtomicReference<Settings> served = new AtomicReference<>();
    page = PageServer.start(Settings.fromMap(raw), served::get, new PageTemplate(Path.of("client.html")));
    raw.put("HTTP_PORT", Integer.toString(page.port()));
    Settings settings = Settings.fromMap(raw);
    frames = FrameServerMain.start(settings);
    int wsPort = frames.getPort();
    served.set(settings.withWsPort(wsPort));

    browser = Chromium.start();
    browser.get("http://127.0.0.1:" + page.port() + "/client.html");
    waitFor("frames to flow from the page's own origin", () -> number("framesReceived") >= 3);
    assertEquals(0, frames.refusedHandshakes());

    // The policy forbids connecting anywhere else, even to the same host on another port.
    Object violation = js(
        "const done = arguments[arguments.length - 1];"
            + "document.addEventListener('securitypolicyviolation',"
            + "  e => done(e.violatedDirective + ' ' + e.blockedURI), {once: true});"
            + "try { new WebSocket('ws://127.0.0.1:" + (wsPort == 65535 ? 1 : wsPort + 1) + "'); }"
            + "catch (e) { done('threw ' + e.name); }",
        true);
    assertTrue(String.valueOf(violation).contains("connect-src"), "CSP violation: " + violation);

    // A frame server that refuses every frame of the page: the page says why and goes on.
    frames.shutdown(1000);
    Map<String, String> strict = new HashMap<>(raw);
    // (A size limit would not do: the server pushes its CLIENT_* values, and the page follows.)
    strict.put("PROCESSING", FailingProcessor.class.getName());
    frames = FrameServerMain.start(Settings.fromMap(strict).withWsPort(wsPort));
    waitFor("refusals to be shown", () -> number("errors") >= 3
        && String.valueOf(js("return document.getElementById('message').textContent", false))
            .contains("internal_error"));
    long sent = number("framesSent");
    waitFor("the page to go on sending", () -> number("framesSent") >= sent + 3);

    // The same page, but the frame server now allows only another site: refused at the handshake.
    frames.shutdown(1000);
    raw.put("ALLOWED_ORIGINS", "https://elsewhere.example");
    frames = FrameServerMain.start(Settings.fromMap(raw).withWsPort(wsPort));
    long before = number("framesReceived");
    waitFor("the page's reconnects to be refused", () -> frames.refusedHandshakes() >= 2);
    assertEquals(before, number("framesReceived"), "no frame gets through");
    assertTrue(!"streaming".equals(js("return window.imageStream.state", false)), "not streaming");
  }

  private long number(String stat) {
    Object value = js("return window.imageStream && window.imageStream." + stat, false);
    return value instanceof Number n ? n.longValue() : 0;
  }

  private Object js(String script, boolean async) {
    JavascriptExecutor executor = browser;
    return async ? executor.executeAsyncScript(script) : executor.executeScript(script);
  }

  private void waitFor(String what, BooleanSupplier condition) {
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .withMessage(() -> "waiting for " + what + "; page stats: "
            + js("return JSON.stringify(window.imageStream)", false))
        .until(d -> condition.getAsBoolean());
  }
}
