package imagestream;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that never keep the JVM alive, named for thread dumps: {@code frame-worker-1},
 * {@code frame-worker-2}... A server's own stop ends them; an exit never waits for them.
 */
public final class DaemonThreads implements ThreadFactory {

  private final String name;
  private final boolean numbered;
  private final AtomicInteger count = new AtomicInteger();

  private DaemonThreads(String name, boolean numbered) {
    this.name = name;
    this.numbered = numbered;
  }

  /** Threads named {@code name-1}, {@code name-2}... */
  public static DaemonThreads numbered(String name) {
    return new DaemonThreads(name, true);
  }

  /** Threads named {@code name}, for a pool of one. */
  public static DaemonThreads named(String name) {
    return new DaemonThreads(name, false);
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread t = new Thread(task, numbered ? name + "-" + count.incrementAndGet() : name);
    t.setDaemon(true);
    return t;
  }
}
