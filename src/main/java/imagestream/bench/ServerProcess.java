package imagestream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A server process watched from outside: its CPU time and resident memory, from the OS. */
public final class ServerProcess {

  private final long pid;

  /** The process {@code pid}. */
  public ServerProcess(long pid) {
    this.pid = pid;
  }

  /** The process id. */
  long pid() {
    return pid;
  }

  /** CPU time the process has used so far (user + system), if the OS tells it. */
  Optional<Duration> cpuTime() {
    return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration());
  }

  /** Resident set size in kB, from {@code /proc/PID/status} (Linux), if readable. */
  public Optional<Long> rssKb() {
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
