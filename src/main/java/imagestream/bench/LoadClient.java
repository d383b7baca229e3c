package imagestream.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;

/**
 * Loads a frame server of this protocol (one JPEG per binary message, both ways) and prints
 * frames/s, round trips, errors, bytes per frame and, given the server's PID, its CPU time per
 * frame and RSS. Only the address the user names is contacted (127.0.0.1 by default).
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
    List<byte[]> frames = FrameSource.of(o.frames()).frames(o.width(), o.height());
    LoadTally tally = new LoadTally();
    List<MeasuredConnection> measured = new ArrayList<>();
    List<FloodConnection> floods = new ArrayList<>();
    ScheduledExecutorService floodClock = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "flood-clock");
      t.setDaemon(true);
      return t;
    });
    ServerProcess server = o.serverPid() > 0 ? new ServerProcess(o.serverPid()) : null;
    try {
      for (int i = 0; i < o.connections(); i++) {
        measured.add(open(new MeasuredConnection(o.url(), frames, i, o.inFlight(), o.processing(), tally)));
      }
      long period = 1_000_000_000L / o.floodFps();
      for (int i = 0; i < o.floodConnections(); i++) {
        FloodConnection flood = open(new FloodConnection(o.url(), frames, i, o.processing(), tally));
        floods.add(flood);
        floodClock.scheduleAtFixedRate(flood::sendNext, i * period / Math.max(1, o.floodConnections()),
            period, TimeUnit.NANOSECONDS);
      }
      runFor(o.warmupSeconds(), measured, null, null);

      Optional<Map<String, Object>> statsBefore = ServerStats.ask(o.url());
      long[] rss = {-1, -1, -1}; // first, last, max
      Duration cpuBefore = server == null ? null : server.cpuTime().orElse(null);
      sampleRss(server, rss);
      tally.measuring(true);
      long start = System.nanoTime();
      runFor(o.seconds(), measured, server, rss);
      tally.measuring(false);
      double seconds = (System.nanoTime() - start) / 1e9;
      Duration cpuAfter = server == null ? null : server.cpuTime().orElse(null);
      sampleRss(server, rss);

      measured.forEach(MeasuredConnection::stopSending);
      floods.forEach(FloodConnection::stopSending);
      long cpu = cpuBefore == null || cpuAfter == null ? -1 : cpuAfter.minus(cpuBefore).toNanos();
      return new LoadReport(o, frames.size(), seconds, tally.replies(), tally.floodSentCount(),
          tally.floodReplies(), tally.errors(), tally.firstError(), tally.bytesSent(),
          tally.bytesReceived(), tally.sortedRoundTrips(), cpu, rss[0], rss[1], rss[2],
          ServerStats.difference(statsBefore, ServerStats.ask(o.url())));
    } finally {
      floodClock.shutdownNow();
      for (WebSocketClient c : measured) {
        c.close();
      }
      for (WebSocketClient c : floods) {
        c.close();
      }
    }
  }

  private static <C extends WebSocketClient> C open(C connection)
      throws IOException, InterruptedException {
    if (!connection.connectBlocking(5, TimeUnit.SECONDS)) {
      connection.close();
      throw new IOException("Cannot connect to " + connection.getURI());
    }
    return connection;
  }

  /** Lets the load run for {@code seconds}, giving up stalled frames and sampling the RSS. */
  private static void runFor(double seconds, List<MeasuredConnection> measured,
      ServerProcess server, long[] rss) throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long now;
    while ((now = System.nanoTime()) < end) {
      Thread.sleep(Math.min(TICK_MILLIS, Math.max(1, (end - now) / 1_000_000)));
      for (MeasuredConnection c : measured) {
        c.checkStalled(System.nanoTime());
      }
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
