package imagestream.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The figures of one load run.
 *
 * @param options what was run
 * @param frameFiles how many different frames were sent
 * @param seconds the measured time, in seconds
 * @param replies replies to the measuring connections
 * @param floodSent frames the flood connections sent
 * @param floodReplies replies to the flood connections
 * @param errors error messages, failed connections and frames never answered
 * @param firstError the first error seen, or null
 * @param bytesSent bytes the measuring connections sent
 * @param bytesReceived bytes the measuring connections received
 * @param roundTrips the measuring connections' round trips, sorted, in nanoseconds
 * @param serverCpuNanos the server's CPU time over the measured time, or -1 if unknown
 * @param serverCompilerCpuNanos the part of it its JIT compiler threads used, or -1 if unknown
 * @param rssKbFirst the server's RSS at the start of the measured time, or -1 if unknown
 * @param rssKbLast the server's RSS at its end, or -1 if unknown
 * @param rssKbMax the server's largest RSS seen, or -1 if unknown
 * @param serverStats how the server's own counters grew over the measured time, if it tells them
 * @param proxyCpuNanos the reverse proxy's CPU time over the measured time, or -1 if unknown
 * @param clientCpuNanos this load client's own CPU time over the measured time, or -1 if unknown
 * @param lost frames in flight on measuring connections when they closed
 * @param closes measuring connections that closed
 * @param reconnectNanos how long each reconnection took, in nanoseconds
 */
record LoadReport(
    LoadOptions options,
    int frameFiles,
    double seconds,
    long replies,
    long floodSent,
    long floodReplies,
    long errors,
    String firstError,
    long bytesSent,
    long bytesReceived,
    long[] roundTrips,
    long serverCpuNanos,
    long serverCompilerCpuNanos,
    long rssKbFirst,
    long rssKbLast,
    long rssKbMax,
    Optional<Map<String, Object>> serverStats,
    long proxyCpuNanos,
    long clientCpuNanos,
    long lost,
    long closes,
    List<Long> reconnectNanos) {

  /** Defensive copies: the record stays immutable. */
  LoadReport {
    reconnectNanos = List.copyOf(reconnectNanos);
  }

  /** The measuring connections' answered frames per second. */
  double framesPerSecond() {
    return replies / seconds;
  }

  /** The {@code p}-th percentile round trip (0-100), in milliseconds; NaN without any. */
  double roundTripMillis(double p) {
    if (roundTrips.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * roundTrips.length) - 1;
    return roundTrips[Math.max(0, Math.min(roundTrips.length - 1, i))] / 1e6;
  }

  /** The server's CPU time per answered frame (all connections), in µs; NaN if unknown. */
  double serverCpuMicrosPerFrame() {
    return microsPerFrame(serverCpuNanos);
  }

  /** The proxy's CPU time per answered frame (all connections), in µs; NaN if unknown. */
  double proxyCpuMicrosPerFrame() {
    return microsPerFrame(proxyCpuNanos);
  }

  /** The longest reconnection, in milliseconds; NaN without any. */
  double longestReconnectMillis() {
    OptionalLong longest = reconnectNanos.stream().mapToLong(Long::longValue).max();
    return longest.isPresent() ? longest.getAsLong() / 1e6 : Double.NaN;
  }

  private double microsPerFrame(long cpuNanos) {
    long frames = replies + floodReplies;
    return cpuNanos < 0 || frames == 0 ? Double.NaN : cpuNanos / 1e3 / frames;
  }

  /** Prints the figures for a person. */
  void print(PrintStream out) {
    LoadOptions o = options;
    out.printf(Locale.ROOT, "Load: %d connection(s) x %d in flight, %d flood connection(s) at %d fps,"
            + " %dx%d frames (%d different) from %s%n",
        o.connections(), o.inFlight(), o.floodConnections(), o.floodFps(), o.width(), o.height(),
        frameFiles, FrameSource.of(o.frames()), o.url());
    out.printf(Locale.ROOT, "Measured:          %.1f s after %.1f s of warm-up%n", seconds, o.warmupSeconds());
    out.printf(Locale.ROOT, "Frames/s:          %.1f answered%n", framesPerSecond());
    if (o.floodConnections() > 0) {
      out.printf(Locale.ROOT, "Flood:             %.1f sent/s, %.1f answered/s%n",
          floodSent / seconds, floodReplies / seconds);
    }
    out.printf(Locale.ROOT, "Round trip (ms):   p50 %.2f  p90 %.2f  p99 %.2f  max %.2f  (%d frames)%n",
        roundTripMillis(50), roundTripMillis(90), roundTripMillis(99), roundTripMillis(100),
        roundTrips.length);
    out.printf(Locale.ROOT, "Errors:            %d%s%n", errors,
        firstError == null ? "" : " (first: " + firstError + ")");
    if (o.reconnect()) {
      out.printf(Locale.ROOT, "Reconnections:     %d closed, %d open again (longest %.0f ms), %d frames"
              + " lost in flight%n", closes, reconnectNanos.size(), longestReconnectMillis(), lost);
    }
    out.printf(Locale.ROOT, "Bytes per frame:   %.0f sent, %.0f received%n",
        replies == 0 ? Double.NaN : (double) bytesSent / replies,
        replies == 0 ? Double.NaN : (double) bytesReceived / replies);
    if (!o.metrics().isEmpty()) {
      out.printf(Locale.ROOT, "Server CPU/frame:  %.0f µs (process_cpu_seconds_total of %s, %.2f cores busy)%n",
          serverCpuMicrosPerFrame(), o.metrics().stream().map(String::valueOf).collect(Collectors.joining(",")),
          serverCpuNanos < 0 ? Double.NaN : serverCpuNanos / 1e9 / seconds);
    }
    if (!o.serverPids().isEmpty()) {
      if (o.metrics().isEmpty()) {
        out.printf(Locale.ROOT, "Server CPU/frame:  %.0f µs (pid %s, %.2f cores busy)%s%n",
            serverCpuMicrosPerFrame(), pids(o.serverPids()),
            serverCpuNanos < 0 ? Double.NaN : serverCpuNanos / 1e9 / seconds,
            serverCompilerCpuNanos < 0 ? "" : String.format(Locale.ROOT,
                ", %.0f µs of it compiling Java (the JIT)", microsPerFrame(serverCompilerCpuNanos)));
      }
      out.printf(Locale.ROOT, "Server RSS (MB):   %.1f at start, %.1f at end, %.1f max%n",
          rssKbFirst / 1024.0, rssKbLast / 1024.0, rssKbMax / 1024.0);
    }
    if (o.proxyPid() > 0) {
      out.printf(Locale.ROOT, "Proxy CPU/frame:   %.0f µs (pid %d and its workers, %.2f cores busy)%n",
          proxyCpuMicrosPerFrame(), o.proxyPid(),
          proxyCpuNanos < 0 ? Double.NaN : proxyCpuNanos / 1e9 / seconds);
    }
    out.printf(Locale.ROOT, "Client CPU/frame:  %.0f µs (this load client, %.2f cores busy)%n",
        microsPerFrame(clientCpuNanos), clientCpuNanos < 0 ? Double.NaN : clientCpuNanos / 1e9 / seconds);
    out.println("Server's counters: "
        + serverStats.map(s -> s + " during the measured time"
                + (o.proxyPid() > 0 ? " (of the one server behind the proxy that answered)" : ""))
            .orElse("none (no answer to {\"type\":\"stats\"} on one more connection: a server"
                + " that does not know it, or its MAX_CONNECTIONS_PER_ADDRESS refused it)"));
  }

  /** The Markdown table row printed with {@code --row}; see {@link #ROW_HEADER}. */
  String row() {
    Object dropped = serverStats.map(s -> s.get("dropped")).orElse("n/a");
    return String.format(Locale.ROOT,
        "| %s | %.0f | %.2f | %.2f | %.2f | %.2f | %d | %.0f | %s | %s | %s | %s |",
        options.row(), framesPerSecond(), roundTripMillis(50), roundTripMillis(90),
        roundTripMillis(99), roundTripMillis(100), errors,
        replies == 0 ? Double.NaN : (double) bytesReceived / replies,
        Double.isNaN(serverCpuMicrosPerFrame()) ? "n/a" : String.format(Locale.ROOT, "%.0f", serverCpuMicrosPerFrame()),
        rssKbMax < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f (%.0f→%.0f)", rssKbMax / 1024.0,
            rssKbFirst / 1024.0, rssKbLast / 1024.0),
        dropped,
        serverCompilerCpuNanos < 0 || serverCpuNanos < 0 ? "n/a"
            : String.format(Locale.ROOT, "%.0f", microsPerFrame(serverCompilerCpuNanos)));
  }

  private static String pids(List<Long> pids) {
    return pids.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /** The header of the rows {@link #row()} prints. */
  static final String ROW_HEADER =
      "| run | frames/s | p50 ms | p90 ms | p99 ms | max ms | errors | bytes/reply | server CPU µs/frame"
          + " | server RSS MB max (start→end) | server drops | of the server CPU, the JIT's µs/frame |\n"
          + "|---|---|---|---|---|---|---|---|---|---|---|---|";
}
