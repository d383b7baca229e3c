package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.image.TestFrames;
import imagestream.metrics.Promtool;
import imagestream.metrics.Scrape;
import imagestream.ws.TestClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame server's metrics endpoint in the real process, on 127.0.0.1: a scrape after a client's
 * frames counts exactly what it sent and got back, the exposition passes Prometheus's own check
 * ({@code promtool}), OpenMetrics is served to a scraper that asks for it, and {@code /readyz} turns 503 as SIGTERM's graceful exit begins, before the
 * clients are closed with 1001.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
@Timeout(120)
class MetricsIT {

  private static final Pattern METRICS_URL = Pattern.compile("Metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");

  @TempDir Path dir;

  @Test
  void aScrapeCountsWhatTheClientSentAndGotBack() throws Exception {
    try (ServerJvm jvm = ServerJvm.start(dir, "imagestream.ws.FrameServerMain", List.of(), Map.of(
        "SERVER_WIDTH", "320", "SERVER_HEIGHT", "240", "METRICS_PORT", "0"))) {
      String url = jvm.awaitReady();
      int metrics = metricsPort(jvm);
      assertEquals(200, Scrape.get(metrics, "/readyz").statusCode());
      assertEquals(200, Scrape.get(metrics, "/healthz").statusCode());

      TestClient client = new TestClient(URI.create(url));
      assertTrue(client.connectBlocking(5, TimeUnit.SECONDS), "connects to " + url);
      int frames = 20;
      long bytesSent = 0;
      long bytesBack = 0;
      for (int i = 0; i < frames; i++) {
        byte[] frame = TestFrames.sceneJpeg(640, 480, 60 + i);
        client.send(frame);
        bytesSent += frame.length;
        bytesBack += assertInstanceOf(byte[].class, client.next(10), "frame " + i + " answered").length;
      }
      client.send(new byte[] {1, 2, 3});
      assertInstanceOf(String.class, client.next(10), "the refusal");
      assertNotEquals(101, handshakeStatus(URI.create(url).getPort(), "http://evil.example"),
          "a page from another origin is refused");

      Scrape s = Scrape.of(metrics);
      System.out.printf("MetricsIT: a scrape after %d frames of 640x480 -> 320x240:%n%s%n", frames,
          sample(s.text));
      assertEquals(frames + 1, s.count("imagestream_frames_received_total"));
      assertEquals(frames, s.count("imagestream_frames_processed_total"));
      assertEquals(0, s.count("imagestream_frames_dropped_total"), "one frame at a time: no drop");
      assertEquals(bytesSent + 3, s.count("imagestream_bytes_received_total"));
      assertEquals(bytesBack, s.count("imagestream_bytes_sent_total"), "the replies the client got");
      assertEquals(1, s.count("imagestream_frame_errors_total{code=\"not_jpeg\"}"));
      assertEquals(1, s.count("imagestream_handshakes_refused_total{reason=\"origin\"}"));
      assertEquals(1, s.count("imagestream_connections"));
      assertEquals(frames, s.count("imagestream_frame_seconds_count"));
      assertEquals(frames, s.count("imagestream_stage_seconds_count{stage=\"decode\"}"));
      assertEquals(frames, s.count("imagestream_frame_seconds_bucket{le=\"+Inf\"}"));
      assertTrue(s.samples().keySet().stream().anyMatch(k -> k.startsWith("imagestream_info{codec=")));
      assertTrue(s.value("process_cpu_seconds_total") > 0, "the JVM's own metrics");
      assertTrue(s.samples().keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes")));
      Promtool.check(s.text);

      HttpResponse<String> openMetrics = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics + "/metrics"))
              .header("Accept", "application/openmetrics-text; version=1.0.0").build(),
          HttpResponse.BodyHandlers.ofString());
      assertTrue(openMetrics.headers().firstValue("Content-Type").orElse("")
          .startsWith("application/openmetrics-text"), "the format the scraper asked for");
      // promtool reads the Prometheus text format only; OpenMetrics has its info type and units.
      assertTrue(openMetrics.body().endsWith("# EOF\n"), "an OpenMetrics exposition ends so");
      assertTrue(openMetrics.body().contains("# TYPE imagestream info\n"), openMetrics.body());
      assertTrue(openMetrics.body().contains("# UNIT imagestream_frame_seconds seconds\n"), openMetrics.body());
      client.closeBlocking();
    }
  }

  @Test
  void readyzTurns503WhenGracefulExitBeginsBeforeClientsAreClosed() throws Exception {
    // A large frame processed at full size keeps the graceful exit busy long enough to watch.
    try (ServerJvm jvm = ServerJvm.start(dir, "imagestream.ws.FrameServerMain", List.of(), Map.of(
        "SERVER_WIDTH", "4000", "SERVER_HEIGHT", "3000", "SERVER_JPG_COMPRESSION", "1.0",
        "MAX_FRAME_BYTES", "33554432", "METRICS_PORT", "0"))) {
      String url = jvm.awaitReady();
      int metrics = metricsPort(jvm);
      byte[] heavy = TestFrames.sceneJpeg(4000, 3000, 100);
      TestClient client = new TestClient(URI.create(url));
      assertTrue(client.connectBlocking(5, TimeUnit.SECONDS), "connects to " + url);
      assertEquals(200, Scrape.get(metrics, "/readyz").statusCode(), "ready while it runs");

      long start = System.nanoTime();
      client.send(heavy);
      assertInstanceOf(byte[].class, client.next(30), "the first frame is answered");
      long roundTripNanos = System.nanoTime() - start;

      client.send(heavy);
      // A third of a round trip later the frame has arrived and is being processed, for about
      // two thirds of a round trip more (as in GracefulExitIT). Watching for its arrival in the
      // metrics instead took, on a busy machine, most of its processing time.
      TimeUnit.NANOSECONDS.sleep(roundTripNanos / 3);
      jvm.process().destroy(); // SIGTERM
      int status = 200;
      boolean closedBefore = false;
      while (status == 200) {
        closedBefore = client.closed.isDone();
        status = readyz(metrics);
      }
      int closeCode = client.closed.get(10, TimeUnit.SECONDS);
      assertTrue(jvm.process().waitFor(10, TimeUnit.SECONDS), "the server exits");
      System.out.printf("MetricsIT: after SIGTERM /readyz said %d; the client was closed with %d%n",
          status, closeCode);
      assertEquals(503, status, "not ready once the graceful exit begins");
      assertTrue(!closedBefore, "503 was said before the clients were closed");
      assertEquals(1001, closeCode);
      assertEquals(0, jvm.process().exitValue());
    }
  }

  /** The metrics port the server logged. */
  private static int metricsPort(ServerJvm jvm) {
    Matcher m = METRICS_URL.matcher(jvm.log());
    assertTrue(m.find(), "the server names its metrics address: " + jvm.log());
    return Integer.parseInt(m.group(1));
  }

  /** The status of {@code /readyz}, or -1 once nothing listens there. */
  private static int readyz(int metrics) throws InterruptedException {
    try {
      return Scrape.get(metrics, "/readyz").statusCode();
    } catch (ConnectException e) {
      return -1;
    } catch (IOException e) {
      return -2;
    }
  }

  /** The HTTP status a WebSocket handshake from a page of {@code origin} gets. */
  private static int handshakeStatus(int port, String origin) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\nOrigin: " + origin + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
        line.append((char) c);
      }
      return Integer.parseInt(line.toString().split(" ")[1]);
    }
  }

  /** The imagestream_* lines of an exposition, and a few of the JVM's: what the docs show. */
  private static String sample(String exposition) {
    StringBuilder kept = new StringBuilder();
    for (String line : exposition.split("\n")) {
      if (line.contains("imagestream_") || line.startsWith("process_cpu_seconds_total")
          || line.startsWith("jvm_memory_used_bytes")) {
        kept.append(line).append('\n');
      }
    }
    return kept.toString();
  }
}
