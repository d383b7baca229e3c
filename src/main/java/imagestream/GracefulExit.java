package imagestream;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a server cleanly on SIGTERM or Ctrl-C (SIGINT) and then exits with status 0, as service
 * managers and the start scripts expect; any other exit of the JVM stops it the same way.
 */
public final class GracefulExit {

  private static final Logger log = LoggerFactory.getLogger(GracefulExit.class);

  /** How long an exit waits for {@code stop}; the whole exit stays within 2 s. */
  static final long STOP_TIMEOUT_MILLIS = 1800;

  private GracefulExit() {}

  /** Runs {@code stop} once when the process is asked to end, whichever way it is asked. */
  public static void install(String name, Runnable stop) {
    FutureTask<Void> once = new FutureTask<>(stop, null);
    Runnable stopOnce = () -> runOnce(once, name);
    // A JVM ended by a signal reports 128 + the signal (143 for SIGTERM), which service
    // managers read as a failure; handling the signal ourselves lets a clean stop exit 0.
    // sun.misc.Signal is the JDK's supported critical API for this (jdk.unsupported, JEP 260).
    for (String signal : List.of("TERM", "INT")) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> {
          stopOnce.run();
          System.exit(0);
        });
      } catch (IllegalArgumentException e) {
        log.debug("Cannot handle SIG{} here ({}); the shutdown hook stops {}", signal, e.getMessage(), name);
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(stopOnce, name + "-shutdown"));
  }

  /** Runs the task, or waits for the run another thread started, for a bounded time. */
  private static void runOnce(FutureTask<Void> once, String name) {
    once.run();
    try {
      once.get(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      log.error("Could not stop {} cleanly: {}", name, e.getCause().toString());
    } catch (TimeoutException e) {
      log.warn("{} did not stop within {} ms; exiting anyway", name, STOP_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
