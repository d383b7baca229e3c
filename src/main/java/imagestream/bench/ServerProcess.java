package imagestream.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Server processes watched from outside: their CPU time and resident memory, from the OS, summed
 * over them. A process's children count with it (nginx's master does no work; its workers do).
 */
public final class ServerProcess {

  private final List<Long> pids;

  /** One process. */
  public ServerProcess(long pid) {
    this(List.of(pid));
  }

  /** Several processes, e.g. the frame servers behind one proxy. */
  public ServerProcess(List<Long> pids) {
    this.pids = List.copyOf(pids);
  }

  /** CPU time the processes and their children have used so far (user + system), if the OS tells it. */
  Optional<Duration> cpuTime() {
    Duration total = Duration.ZERO;
    for (long pid : pids) {
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      Optional<Duration> own = process.flatMap(p -> p.info().totalCpuDuration());
      if (own.isEmpty()) {
        return Optional.empty();
      }
      total = total.plus(own.get());
      for (ProcessHandle child : process.get().descendants().toList()) {
        total = total.plus(child.info().totalCpuDuration().orElse(Duration.ZERO));
      }
    }
    return Optional.of(total);
  }

  /**
   * CPU time the processes' JIT compiler threads have used so far, from each thread's {@code
   * /proc/PID/task/TID/schedstat} (Linux), summed; if readable. A server that runs for hours
   * compiles its code once, so a short benchmark can leave this out of the CPU per frame.
   * Threads that HotSpot ends while idle take their time with them: the figure can only fall
   * short.
   */
  Optional<Duration> compilerCpuTime() {
    long nanos = 0;
    for (long pid : pids) {
      Path tasks = Path.of("/proc", Long.toString(pid), "task");
      try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
        for (Path thread : threads) {
          nanos += compilerNanos(thread);
        }
      } catch (IOException | RuntimeException e) {
        return Optional.empty(); // not Linux, or the process is gone
      }
    }
    return Optional.of(Duration.ofNanos(nanos));
  }

  /** The thread's time on a CPU if it is one of HotSpot's compiler threads, else 0. */
  private static long compilerNanos(Path thread) {
    try {
      // The kernel keeps 15 characters of a thread's name: "C2 CompilerThread0" is "C2 CompilerThre".
      String name = Files.readString(thread.resolve("comm")).strip();
      if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
        return 0;
      }
      return Long.parseLong(Files.readString(thread.resolve("schedstat")).split(" ")[0]);
    } catch (IOException e) {
      return 0; // the thread ended meanwhile
    }
  }

  /** Resident set size in kB, from {@code /proc/PID/status} (Linux), summed; if readable. */
  public Optional<Long> rssKb() {
    long total = 0;
    for (long pid : pids) {
      Optional<Long> kb = rssKb(pid);
      if (kb.isEmpty()) {
        return Optional.empty();
      }
      total += kb.get();
    }
    return Optional.of(total);
  }

  private static Optional<Long> rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or the process is gone: no figure
    }
    return Optional.empty();
  }
}
