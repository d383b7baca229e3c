package imagestream.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The CPU time of servers on other machines, read from their metrics endpoints
 * ({@code process_cpu_seconds_total} at {@code http://HOST:METRICS_PORT/metrics}) where
 * {@code /proc} cannot see them.
 */
final class ServerMetrics {

  private static final String CPU = "process_cpu_seconds_total";

  private final List<URI> urls;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** @param urls the servers' {@code /metrics} addresses; their CPU times are summed */
  ServerMetrics(List<URI> urls) {
    this.urls = List.copyOf(urls);
  }

  /** The servers' CPU time so far, or empty if one of them does not tell it now. */
  Optional<Duration> cpuTime() {
    double seconds = 0;
    for (URI url : urls) {
      Optional<Double> one = cpuSeconds(url);
      if (one.isEmpty()) {
        return Optional.empty();
      }
      seconds += one.get();
    }
    return Optional.of(Duration.ofNanos(Math.round(seconds * 1e9)));
  }

  /**
   * Checks that every server tells its CPU time, before the load starts.
   *
   * @throws IOException naming the first that does not
   */
  void check() throws IOException {
    for (URI url : urls) {
      if (cpuSeconds(url).isEmpty()) {
        throw new IOException("Cannot read " + CPU + " from " + url
            + ": is the server's METRICS_PORT set, and its METRICS_HOST reachable from here?");
      }
    }
  }

  private Optional<Double> cpuSeconds(URI url) {
    try {
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? value(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The value of {@code process_cpu_seconds_total} in a text exposition, if it is there. */
  static Optional<Double> value(String exposition) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(CPU + " ")) {
        try {
          return Optional.of(Double.parseDouble(line.substring(CPU.length() + 1).strip().split(" ")[0]));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
