package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** DropLog: the first drop is logged at once, then at most one line per interval. */
class DropLogTest {

  @Test
  void oneLinePerInterval() {
    DropLog log = new DropLog(DropLog.INTERVAL_NANOS);
    assertTrue(log.dropped(1), "the first drop is reported at once");
    assertFalse(log.dropped(2), "not again within the interval");
    assertFalse(log.dropped(3));
  }

  @Test
  void aLineAgainOnceTheIntervalHasPassed() throws InterruptedException {
    DropLog log = new DropLog(1_000_000); // 1 ms
    assertTrue(log.dropped(1));
    Thread.sleep(5);
    assertTrue(log.dropped(2));
  }
}
