package imagestream.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a frame server of this protocol (one JPEG per binary message, both ways) and prints
 * frames/s, round trips, errors, bytes per frame and, given the server's PID, its CPU time per
 * frame and RSS (or, given its metrics endpoint, its CPU time per frame wherever it runs). Only the address the user names is contacted (127.0.0.1 by default).
 */
public final class LoadClient {

  private static final long TICK_MILLIS = 200;

  private LoadClient() {}

  /** Runs one load as the command line says; see {@link LoadOptions#USAGE}. */
  public static void main(String[] args) {
    int status = run(args, System.out);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs and prints one load; 0 if it ran, 1 if it could not, 2 for a bad command line. */
  static int run(String[] args, PrintStream out) {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(LoadOptions.USAGE);
      return 0;
    }
    if (args.length > 0 && args[0].equals("--row-header")) {
      out.println(LoadReport.ROW_HEADER);
      return 0;
    }
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    try {
      LoadReport report = load(options);
      report.print(out);
      if (options.row() != null) {
        out.println(report.row());
      }
      return 0;
    } catch (IOException e) {
      System.err.println(e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /**
   * Connects, loads for the warm-up and the measured time, and returns the figures.
   *
   * @throws IOException if the frames cannot be read or a connection cannot be opened
   */
  static LoadReport load(LoadOptions o) throws IOException, InterruptedException {
    ServerProcess server = o.serverPids().isEmpty() ? null : new ServerProcess(o.serverPids());
    ServerMetrics metrics = o.metrics().isEmpty() ? null : new ServerMetrics(o.metrics());
    if (metrics != null) {
      metrics.check();
    }
    ServerProcess proxy = o.proxyPid() > 0 ? new ServerProcess(o.proxyPid()) : null;
    ServerProcess client = new ServerProcess(ProcessHandle.current().pid());
    ServerStats stats = null;
    try (LoadRun run = LoadRun.open(o)) {
      // After the load's own connections, so that a server's per-address limit refuses this one
      // rather than one of them; before the warm-up, so that its handshake is not measured.
      stats = ServerStats.open(o.url());
      runFor(o.warmupSeconds(), null, null);

      Optional<Map<String, Object>> statsBefore = stats.ask();
      long[] rss = {-1, -1, -1}; // first, last, max
      Duration cpuBefore = serverCpuTime(server, metrics);
      Duration compilerBefore = compilerCpuTime(server, metrics);
      Duration proxyCpuBefore = cpuTime(proxy);
      Duration clientCpuBefore = cpuTime(client);
      sampleRss(server, rss);
      run.measuring(true);
      long start = System.nanoTime();
      runFor(o.seconds(), server, rss);
      run.measuring(false);
      double seconds = (System.nanoTime() - start) / 1e9;
      Duration cpuAfter = serverCpuTime(server, metrics);
      Duration compilerAfter = compilerCpuTime(server, metrics);
      Duration proxyCpuAfter = cpuTime(proxy);
      Duration clientCpuAfter = cpuTime(client);
      sampleRss(server, rss);

      run.stopSending();
      LoadTally tally = run.tally();
      return new LoadReport(o, run.frameCount(), seconds, tally.replies(), tally.floodSentCount(), tally.floodReplies(), tally.errors(),
          tally.firstError(), tally.bytesSent(), tally.bytesReceived(), tally.sortedRoundTrips(),
          nanosBetween(cpuBefore, cpuAfter), nanosBetween(compilerBefore, compilerAfter),
          rss[0], rss[1], rss[2],
          ServerStats.difference(statsBefore, stats.ask()),
          nanosBetween(proxyCpuBefore, proxyCpuAfter), nanosBetween(clientCpuBefore, clientCpuAfter),
          tally.lost(), tally.closes(), tally.reconnectNanos());
    } finally {
      if (stats != null) {
        stats.close();
      }
    }
  }

  /** The servers' CPU time: from their metrics if given (they may be elsewhere), else /proc. */
  private static Duration serverCpuTime(ServerProcess server, ServerMetrics metrics) {
    return metrics != null ? metrics.cpuTime().orElse(null) : cpuTime(server);
  }

  /** The server's JIT compiler threads' CPU time: from /proc only (metrics do not tell it). */
  private static Duration compilerCpuTime(ServerProcess server, ServerMetrics metrics) {
    return metrics != null || server == null ? null : server.compilerCpuTime().orElse(null);
  }

  private static Duration cpuTime(ServerProcess process) {
    return process == null ? null : process.cpuTime().orElse(null);
  }

  private static long nanosBetween(Duration before, Duration after) {
    return before == null || after == null ? -1 : after.minus(before).toNanos();
  }

  /** Lets the load run for {@code seconds}, sampling the RSS. */
  private static void runFor(double seconds, ServerProcess server, long[] rss)
      throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long now;
    while ((now = System.nanoTime()) < end) {
      Thread.sleep(Math.min(TICK_MILLIS, Math.max(1, (end - now) / 1_000_000)));
      sampleRss(server, rss);
    }
  }

  private static void sampleRss(ServerProcess server, long[] rss) {
    if (server == null || rss == null) {
      return;
    }
    server.rssKb().ifPresent(kb -> {
      if (rss[0] < 0) {
        rss[0] = kb;
      }
      rss[1] = kb;
      rss[2] = Math.max(rss[2], kb);
    });
  }
}
