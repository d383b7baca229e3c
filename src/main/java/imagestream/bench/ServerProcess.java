package imagestream.bench;

import java.io.IOException;
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
