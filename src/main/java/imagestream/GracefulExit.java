package imagestream;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a server cleanly on SIGTERM or Ctrl-C (SIGINT) and then exits with status 0, as service
 * managers and the start scripts expect; any other exit of the JVM stops it the same way.
 *
 * <p>The stop runs on a thread of its own and the exit waits for it {@value #STOP_TIMEOUT_MILLIS}
 * ms at most, whatever it waits for (a frame stuck in a native decode cannot be interrupted): what
 * it has not freed by then, the operating system frees with the process.
 */
public final class GracefulExit {

  private static final Logger log = LoggerFactory.getLogger(GracefulExit.class);

  /** How long an exit waits for {@code stop}: the whole exit stays within 2 s, with room to spare. */
  static final long STOP_TIMEOUT_MILLIS = 1500;

  private GracefulExit() {}

  /** Runs {@code stop} once when the process is asked to end, whichever way it is asked. */
  public static void install(String name, Runnable stop) {
    Stop once = new Stop(name, stop);
    // A JVM ended by a signal reports 128 + the signal (143 for SIGTERM), which service
    // managers read as a failure; handling the signal ourselves lets a clean stop exit 0.
    // sun.misc.Signal is the JDK's supported critical API for this (jdk.unsupported, JEP 260).
    for (String signal : List.of("TERM", "INT")) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> {
          once.await();
          System.exit(0);
        });
      } catch (IllegalArgumentException e) {
        log.debug("Cannot handle SIG{} here ({}); the shutdown hook stops {}", signal, e.getMessage(), name);
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(once::await, name + "-shutdown"));
  }

  /** One stop, on a thread of its own, and one deadline shared by everyone who waits for it. */
  private static final class Stop {
    private final String name;
    private final Thread thread;
    private long deadline;
    private boolean warned;

    Stop(String name, Runnable stop) {
      this.name = name;
      this.thread = new Thread(() -> {
        try {
          stop.run();
        } catch (RuntimeException | Error e) {
          log.error("Could not stop {} cleanly: {}", name, e.toString());
        }
      }, name + "-stop");
      thread.setDaemon(true); // never holds the JVM
    }

    /**
     * Starts the stop the first time, then waits for it until the deadline (the signal handler
     * first, then the shutdown hook that {@code System.exit} runs).
     */
    void await() {
      long left;
      synchronized (this) {
        if (deadline == 0) {
          deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_TIMEOUT_MILLIS);
          thread.start();
        }
        left = deadline - System.nanoTime();
      }
      try {
        if (left > 0) {
          TimeUnit.NANOSECONDS.timedJoin(thread, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (this) {
        if (thread.isAlive() && !warned) {
          warned = true;
          log.warn("{} did not stop within {} ms; exiting anyway", name, STOP_TIMEOUT_MILLIS);
        }
      }
    }
  }
}
