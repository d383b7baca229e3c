package imagestream.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One real scrape of a {@code /metrics} endpoint in the Prometheus text format, its samples read
 * by their series as written ({@code name} or {@code name{label="value",...}}).
 */
public final class Scrape {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The body as received. */
  public final String text;
  private final Map<String, Double> samples = new LinkedHashMap<>();

  private Scrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
  }

  /** Scrapes {@code http://127.0.0.1:port/metrics}, failing the test unless it answers 200. */
  public static Scrape of(int port) throws IOException, InterruptedException {
    HttpResponse<String> r = get(port, "/metrics");
    assertEquals(200, r.statusCode(), r.body());
    return new Scrape(r.body());
  }

  /** GETs {@code path} on 127.0.0.1:{@code port}. */
  public static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The value of {@code series}, e.g. {@code imagestream_frame_errors_total{code="not_jpeg"}}. */
  public double value(String series) {
    Double v = samples.get(series);
    assertNotNull(v, series + " is not in the scrape:\n" + text);
    return v;
  }

  /** The value of {@code series} as a whole number. */
  public long count(String series) {
    return Math.round(value(series));
  }

  /** Every sample, by series. */
  public Map<String, Double> samples() {
    return samples;
  }
}
