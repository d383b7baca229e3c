package imagestream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** ThrottledLog: the first event is logged at once, then at most one line per interval. */
class ThrottledLogTest {

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final ThrottledLog log =
      new ThrottledLog(LoggerFactory.getLogger(ThrottledLogTest.class), 10, nanos::get);
  private final List<Long> lines = new ArrayList<>();

  @Test
  void oneLinePerInterval() {
    assertTrue(log.count(lines::add), "the first event is reported at once");
    assertFalse(log.count(lines::add), "not again within the interval");
    assertFalse(log.count(lines::add));
    assertEquals(List.of(1L), lines);
  }

  @Test
  void aLineAgainOnceTheIntervalHasPassedCountingTheEventsHeldBack() {
    assertTrue(log.count(lines::add));
    log.count(lines::add);
    log.count(lines::add);
    nanos.addAndGet(10_000_000); // 10 ms
    assertTrue(log.count(lines::add));
    assertEquals(List.of(1L, 3L), lines, "the second line stands for the three events since the first");
  }

  @Test
  void aWarningHeldBackIsCountedInTheNext() {
    try (LogCapture capture = LogCapture.start()) {
      log.warn("refused {}", "a");
      log.warn("refused {}", "b");
      log.warn("refused {}", "c");
      nanos.addAndGet(10_000_000);
      log.warn("refused {}", "d");
      List<String> warnings = capture.lines(line -> line.contains("[WARN]") && line.contains("refused"));
      assertEquals(2, warnings.size(), "one warning, two held back, one warning: " + warnings);
      assertTrue(warnings.get(0).endsWith("refused a"), warnings.get(0));
      assertTrue(warnings.get(1).endsWith("refused d (and 2 more like it)"), warnings.get(1));
    }
  }
}
