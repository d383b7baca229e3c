package imagestream.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Starts Debian's headless Chromium with a fake camera, driven by its own chromedriver. */
final class Chromium {

  static final File DRIVER = new File("/usr/bin/chromedriver");
  static final File BINARY = new File("/usr/lib/chromium/chromium");

  private Chromium() {}

  /** {@link #start(Path)}, with downloads in the browser's own profile directory. */
  static ChromeDriver start() throws IOException {
    return start(null);
  }

  /**
   * A new headless browser with two fake cameras (Chromium's built-in fake: 640x480, colour),
   * saving downloads in {@code downloads}, with {@code more} command-line flags (e.g. a file the
   * cameras play). Outside CI a machine without Chromium skips the test, saying how to install
   * it; in CI the browser tests must run, so a missing Chromium fails.
   */
  static ChromeDriver start(Path downloads, String... more) throws IOException {
    boolean present = DRIVER.canExecute() && BINARY.canExecute();
    if (!present && System.getenv("CI") == null) {
      Assumptions.abort(
          "Browser tests need Chromium: sudo apt-get install -y chromium chromium-driver");
    }
    Path profile = Files.createTempDirectory(Path.of("target"), "chromium-profile-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--use-fake-device-for-media-stream=device-count=2",
        "--use-fake-ui-for-media-stream",
        "--autoplay-policy=no-user-gesture-required",
        "--window-size=1200,600",
        "--user-data-dir=" + profile.toAbsolutePath());
    options.addArguments(more);
    Path saveTo = downloads != null ? downloads : profile.resolve("downloads");
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory", saveTo.toAbsolutePath().toString(),
            "download.prompt_for_download", false));
    // The driver is given explicitly, so Selenium Manager never tries to download one.
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }
}
