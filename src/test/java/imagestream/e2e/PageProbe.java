package imagestream.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the browser tests ask of the page: a script's result, a condition awaited, a download. */
final class PageProbe {

  private PageProbe() {}

  /** The result of {@code script} in the page. */
  static Object js(ChromeDriver browser, String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  /** Waits up to 20 s for {@code condition}; the failure shows the page's statistics. */
  static void waitFor(ChromeDriver browser, String what, BooleanSupplier condition) {
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .withMessage(() -> "waiting for " + what + "; page stats: "
            + js(browser, "return JSON.stringify(window.imageStream)"))
        .until(d -> condition.getAsBoolean());
  }

  /** The files in {@code folder} whose names end in {@code ending} (none if there is no folder yet). */
  static List<Path> files(Path folder, String ending) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(ending)).toList();
    } catch (IOException e) {
      return List.of(); // a download in progress may vanish between listing and reading
    }
  }
}
