package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.tls.SelfSignedCertificate;
import imagestream.config.tls.TlsMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
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

  @Test
  void thePageStreamsThroughNginxAndResumesOnTheOtherServerWhenItsOwnIsKilled() throws Exception {
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target"), "cluster-browser-");
    // The certificate a user would give nginx, for the public name.
    TlsMaterial certificate =
        SelfSignedCertificate.obtain(dir.resolve("tls"), List.of("camera.test"), Instant.now());
    int port = Cluster.freePort();
    String origin = "https://camera.test:" + port;
    ChromeDriver browser = null;
    try (Cluster cluster = Cluster.start(2, Map.of(
        "PUBLIC_TLS", "files", "PUBLIC_PORT", Integer.toString(port), "PUBLIC_URL", origin,
        "PUBLIC_CERT", dir.resolve("tls").resolve(SelfSignedCertificate.CERT_FILE).toString(),
        "PUBLIC_KEY", dir.resolve("tls").resolve(SelfSignedCertificate.KEY_FILE).toString(),
        "CLIENT_WIDTH", "320", "CLIENT_HEIGHT", "240", "SERVER_WIDTH", "160", "SERVER_HEIGHT", "120"))) {
      browser = Chromium.start(dir.resolve("downloads"),
          "--host-resolver-rules=MAP camera.test 127.0.0.1",
          "--ignore-certificate-errors-spki-list=" + certificate.publicKeySha256());
      ChromeDriver page = browser;
      browser.get(origin + "/client.html");
      assertEquals(true, PageProbe.js(page, "return window.isSecureContext"), "a secure context");
      awaitFrames(page, 5);
      new Select(browser.findElement(By.id("processing"))).selectByValue("invert");
      PageProbe.waitFor(page, "the page's own chain", () -> "invert".equals(stat(page, "processing")));

      Cluster.FrameServer own = serving(cluster);
      long before = (long) stat(page, "framesReceived");
      long killed = System.nanoTime();
      own.process().destroyForcibly(); // SIGKILL
      PageProbe.waitFor(page, "the page to resume", () ->
          (long) stat(page, "reconnects") >= 1 && (long) stat(page, "framesReceived") >= before + 10);
      double seconds = (System.nanoTime() - killed) / 1e9;
      Cluster.FrameServer other = serving(cluster);
      System.out.printf("ClusterBrowserIT: the page at %s streamed through nginx; its frame server"
              + " killed, it received 10 more frames from the other %.1f s later (%s reconnection,"
              + " %s frames lost in flight)%n", origin, seconds, stat(page, "reconnects"),
          stat(page, "lost"));
      assertTrue(other != own, "now on the other server");
      assertEquals("streaming", stat(page, "state"));
      assertEquals("invert", stat(page, "processing"), "the page asked for its chain again");
      assertEquals(0L, stat(page, "errors"), "no error shown: " + stat(page, "lastError"));
    } finally {
      if (browser != null) {
        browser.quit();
      }
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

  private static void awaitFrames(ChromeDriver page, long count) {
    PageProbe.waitFor(page, count + " frames", () -> (long) stat(page, "framesReceived") >= count);
  }

  private static Object stat(ChromeDriver page, String name) {
    return PageProbe.js(page, "return window.imageStream && window.imageStream." + name);
  }
}
