package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.tls.SelfSignedCertificate;
import imagestream.config.tls.TlsMaterial;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The page at its public origin, {@code https://camera.test:PORT} (nginx with TLS in front of two
 * frame servers, as {@code scripts/cluster.sh} runs them, all on 127.0.0.1): it streams through
 * nginx, and when its frame server is killed it is back on the other by itself, with its chain.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(180)
class ClusterBrowserIT {

  @RegisterExtension static final LivePage live = new LivePage();

  @Test
  void thePageStreamsThroughNginxAndResumesOnTheOtherServerWhenItsOwnIsKilled() throws Exception {
    Path dir = live.dir();
    // The certificate a user would give nginx, for the public name.
    TlsMaterial certificate =
        SelfSignedCertificate.obtain(dir.resolve("tls"), List.of("camera.test"), Instant.now());
    int port = Cluster.freePort();
    String origin = "https://camera.test:" + port;
    try (Cluster cluster = Cluster.start(2, Map.of(
        "PUBLIC_TLS", "files", "PUBLIC_PORT", Integer.toString(port), "PUBLIC_URL", origin,
        "PUBLIC_CERT", dir.resolve("tls").resolve(SelfSignedCertificate.CERT_FILE).toString(),
        "PUBLIC_KEY", dir.resolve("tls").resolve(SelfSignedCertificate.KEY_FILE).toString(),
        "CLIENT_WIDTH", "320", "CLIENT_HEIGHT", "240", "SERVER_WIDTH", "160", "SERVER_HEIGHT", "120"))) {
      ChromeDriver browser = live.startBrowser(
          "--host-resolver-rules=MAP camera.test 127.0.0.1",
          "--ignore-certificate-errors-spki-list=" + certificate.publicKeySha256());
      browser.get(origin + "/client.html");
      assertEquals(true, live.js("return window.isSecureContext"), "a secure context");
      live.waitForFrames(5);
      new Select(browser.findElement(By.id("processing"))).selectByValue("invert");
      live.waitFor("the page's own chain", () -> "invert".equals(live.stat("processing")));

      Cluster.FrameServer own = serving(cluster);
      long before = (long) live.stat("framesReceived");
      long killed = System.nanoTime();
      own.process().destroyForcibly(); // SIGKILL
      live.waitFor("the page to resume", () ->
          (long) live.stat("reconnects") >= 1 && (long) live.stat("framesReceived") >= before + 10);
      double seconds = (System.nanoTime() - killed) / 1e9;
      Cluster.FrameServer other = serving(cluster);
      System.out.printf("ClusterBrowserIT: the page at %s streamed through nginx; its frame server"
              + " killed, it received 10 more frames from the other %.1f s later (%s reconnection,"
              + " %s frames lost in flight)%n", origin, seconds, live.stat("reconnects"),
          live.stat("lost"));
      assertTrue(other != own, "now on the other server");
      assertEquals("streaming", live.stat("state"));
      assertEquals("invert", live.stat("processing"), "the page asked for its chain again");
      assertEquals(0L, live.stat("errors"), "no error shown: " + live.stat("lastError"));
    }
  }

  /** The frame server the page's one connection is on, by the servers' own counts. */
  private static Cluster.FrameServer serving(Cluster cluster) throws Exception {
    Cluster.FrameServer found = null;
    for (Cluster.FrameServer server : cluster.frameServers()) {
      if (server.process().isAlive() && server.connections() == 1) {
        assertTrue(found == null, "the page holds one connection");
        found = server;
      }
    }
    assertTrue(found != null, "no server holds the page's connection");
    return found;
  }

}
