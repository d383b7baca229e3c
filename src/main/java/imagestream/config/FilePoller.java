package imagestream.config;

import imagestream.DaemonThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Notices edits of a few small files by reading them on every poll: a change counts once the
 * files have stayed the same for one poll, so a save in progress (or a renewal that replaces two
 * files one after the other) is never read half done. A file that is missing or unreadable at
 * the moment counts as unchanged. Polling behaves the same everywhere, where the JDK's
 * {@code WatchService} does not: on macOS it polls too, every 10 seconds by default; it misses
 * edits on network and container-mounted file systems; and an editor's save arrives as several
 * events to filter.
 */
public final class FilePoller implements AutoCloseable {

  private final List<Path> files;
  private final ScheduledExecutorService timer;
  // Touched only by the polling thread (and the constructor).
  private List<byte[]> handled;
  private List<byte[]> pending;

  private FilePoller(List<Path> files, String threadName) {
    this.files = List.copyOf(files);
    this.handled = read();
    this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(threadName));
  }

  /** A poller of {@code files} as they are now; polls on a daemon thread named {@code threadName}. */
  public static FilePoller of(List<Path> files, String threadName) {
    return new FilePoller(files, threadName);
  }

  /**
   * Calls {@code onChange} on the polling thread after each settled change, checking every
   * {@code millis} ms. Whatever a poll throws, an {@code Error} too, goes to {@code onFailure}
   * and polling goes on.
   */
  public void start(long millis, Runnable onChange, Consumer<Throwable> onFailure) {
    timer.scheduleWithFixedDelay(() -> {
      try {
        if (changed()) {
          onChange.run();
        }
      } catch (Throwable e) {
        // Anything thrown would cancel the schedule: watching must outlive any one bad poll.
        onFailure.accept(e);
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Stops polling. */
  @Override
  public void close() {
    timer.shutdownNow();
  }

  /**
   * One poll: true if the files differ from the version last handled and are the same as at
   * the previous poll; that version is then the one handled.
   */
  public boolean changed() {
    List<byte[]> seen = read();
    if (seen.contains(null) || same(seen, handled)) {
      pending = null; // missing (e.g. mid-save) or unchanged: nothing to do
      return false;
    }
    if (!same(seen, pending)) {
      pending = seen; // changed since the last poll: wait until it settles
      return false;
    }
    handled = seen;
    pending = null;
    return true;
  }

  /** Each file's bytes, null for one that is missing or unreadable at the moment. */
  private List<byte[]> read() {
    List<byte[]> contents = new ArrayList<>();
    for (Path file : files) {
      try {
        contents.add(Files.readAllBytes(file));
      } catch (IOException e) {
        contents.add(null);
      }
    }
    return contents;
  }

  private static boolean same(List<byte[]> a, List<byte[]> b) {
    if (b == null || a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
