package imagestream.e2e;

import imagestream.http.PageServer;
import imagestream.http.PageServerMain;
import imagestream.ws.FrameServer;
import imagestream.ws.FrameServerMain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every browser test stands on, as a JUnit extension: a folder under {@code target/}, the
 * two servers started from {@code .env} files written there (127.0.0.1, two free ports), a real
 * headless Chromium with fake cameras on the page, and what the tests ask of the page (a
 * script's result, its statistics, a condition awaited). Everything started is stopped after the
 * test class, browser first.
 *
 * <pre>{@code
 * @RegisterExtension static final LivePage live = new LivePage();
 * @BeforeAll static void start() throws Exception {
 *   live.startServers("CLIENT_WIDTH=320", "PROCESSING=grayscale");
 *   live.openBrowser();
 * }
 * }</pre>
 */
final class LivePage implements AfterAllCallback {

  private Path dir;
  private int wsPort;
  private int httpPort;
  private FrameServer frames;
  private PageServer page;
  private ChromeDriver browser;
  private final List<AutoCloseable> others = new ArrayList<>();

  /** The test's folder (downloads go to its {@code downloads}), made on first use. */
  Path dir() throws IOException {
    if (dir == null) {
      Files.createDirectories(Path.of("target"));
      dir = Files.createTempDirectory(Path.of("target"), "browser-");
      wsPort = freePort();
      httpPort = freePort();
    }
    return dir;
  }

  /** The frame server's port, as the test's {@code .env} files give it. */
  int wsPort() throws IOException {
    dir();
    return wsPort;
  }

  /** The page server's port, as the test's {@code .env} files give it. */
  int httpPort() throws IOException {
    dir();
    return httpPort;
  }

  /**
   * Writes {@code name} in the test's folder: {@code HOST=127.0.0.1}, the two ports, then {@code
   * lines} (which may give other ports); whole and moved into place, as editors save, so a
   * watcher never reads half of it.
   */
  Path env(String name, List<String> lines) throws IOException {
    List<String> all = new ArrayList<>();
    for (String line : List.of("HOST=127.0.0.1", "WS_PORT=" + wsPort(), "HTTP_PORT=" + httpPort())) {
      String key = line.substring(0, line.indexOf('=') + 1);
      if (lines.stream().noneMatch(given -> given.startsWith(key))) {
        all.add(line);
      }
    }
    all.addAll(lines);
    Path temp = Files.writeString(dir().resolve(name + ".tmp"), String.join("\n", all) + "\n");
    return Files.move(temp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** Writes the test's {@code .env}, which {@link #startServers} started both servers from. */
  Path writeEnv(List<String> lines) throws IOException {
    return env(".env", lines);
  }

  /** Writes {@code .env} with {@code lines} and starts both servers from it. */
  void startServers(String... lines) throws IOException {
    Path env = writeEnv(List.of(lines));
    startFrames(env);
    page = PageServerMain.start(env);
  }

  /** Starts the frame server from {@code env}, watching it; stopped after the tests. */
  FrameServer startFrames(Path env) {
    frames = FrameServerMain.start(env);
    return frames;
  }

  /** Starts the page server from {@code env}, watching it; stopped after the tests. */
  PageServer startPage(Path env) {
    page = PageServerMain.start(env);
    return page;
  }

  /** Stops the frame server now, e.g. to start another in its place. */
  void stopFrames() throws InterruptedException {
    if (frames != null) {
      frames.shutdown(1000);
      frames = null;
    }
  }

  /** Closes {@code resource} after the browser and the page server, before the frame server. */
  void closeAfterTests(AutoCloseable resource) {
    others.add(resource);
  }

  /**
   * Starts Chromium with two fake cameras and {@code flags} (see {@link Chromium#start}),
   * downloads in the folder's {@code downloads}, on the page server's page.
   */
  ChromeDriver openBrowser(String... flags) throws IOException {
    startBrowser(flags);
    browser.get(page.url());
    return browser;
  }

  /** Starts Chromium as {@link #openBrowser} does, on no page yet. */
  ChromeDriver startBrowser(String... flags) throws IOException {
    browser = Chromium.start(dir().resolve("downloads"), flags);
    return browser;
  }

  /** The frame server started last. */
  FrameServer frames() {
    return frames;
  }

  /** The page server. */
  PageServer page() {
    return page;
  }

  /** The browser. */
  ChromeDriver browser() {
    return browser;
  }

  /** The result of {@code script} in the page. */
  Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  /** The result of an asynchronous {@code script}, which calls its last argument with it. */
  Object jsAsync(String script) {
    return ((JavascriptExecutor) browser).executeAsyncScript(script);
  }

  /** One of the page's statistics ({@code window.imageStream.NAME}), or null before the page has any. */
  Object stat(String name) {
    return js("return window.imageStream && window.imageStream." + name);
  }

  /** A numeric statistic, or -1 while the page has none. */
  double number(String name) {
    return stat(name) instanceof Number n ? n.doubleValue() : -1;
  }

  /** The text of the element with {@code id}. */
  String text(String id) {
    return (String) js("return document.getElementById('" + id + "').textContent");
  }

  /** Waits up to 20 s for {@code condition}; the failure shows the page's statistics. */
  void waitFor(String what, BooleanSupplier condition) {
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .withMessage(() -> "waiting for " + what + "; page stats: "
            + js("return JSON.stringify(window.imageStream)"))
        .until(d -> condition.getAsBoolean());
  }

  /** Waits until the page has received {@code count} frames; returns how many it has. */
  long waitForFrames(long count) {
    waitFor("the page to receive " + count + " frames", () -> number("framesReceived") >= count);
    return (long) number("framesReceived");
  }

  /** The files in the folder's {@code downloads} whose names end in {@code ending}. */
  List<Path> downloads(String ending) {
    Path folder = dir == null ? null : dir.resolve("downloads");
    if (folder == null || !Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(ending)).toList();
    } catch (IOException e) {
      return List.of(); // a download in progress may vanish between listing and reading
    }
  }

  /** Stops what was started, in order: the browser, the page server, the others, the frames. */
  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (page != null) {
      page.stop();
    }
    for (AutoCloseable other : others) {
      other.close();
    }
    stopFrames();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
