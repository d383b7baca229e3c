package imagestream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a positive signal (a counter, a state), checking it every few milliseconds. */
public final class Await {

  private Await() {}

  /** Waits up to {@code limit} for {@code condition}; fails naming {@code what} if it never holds. */
  public static void until(String what, Duration limit, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out after " + limit.toSeconds() + " s waiting for " + what);
      Thread.sleep(5);
    }
  }

  /** Waits up to 5 s for {@code condition}. */
  public static void until(String what, BooleanSupplier condition) throws InterruptedException {
    until(what, Duration.ofSeconds(5), condition);
  }
}
