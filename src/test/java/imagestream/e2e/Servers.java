package imagestream.e2e;

import imagestream.http.PageServer;
import imagestream.ws.FrameServer;
import org.openqa.selenium.chrome.ChromeDriver;

/** What a browser test started, stopped in order: the browser, then the page and frame servers. */
final class Servers {

  private Servers() {}

  /** Stops each of them that was started (null: not started). */
  static void stop(ChromeDriver browser, PageServer page, FrameServer frames) throws InterruptedException {
    if (browser != null) {
      browser.quit();
    }
    if (page != null) {
      page.stop();
    }
    if (frames != null) {
      frames.shutdown(1000);
    }
  }
}
