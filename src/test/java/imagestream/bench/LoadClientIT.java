package imagestream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.Settings;
import imagestream.image.TestFrames;
import imagestream.ws.FrameServer;
import imagestream.ws.FrameServerMain;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The load client against the real frame server on 127.0.0.1: its figures add up. */
@Timeout(60)
class LoadClientIT {

  @TempDir
  static Path frames;

  private FrameServer server;

  @BeforeEach
  void start() throws IOException {
    for (int i = 0; i < 3; i++) {
      Files.write(frames.resolve("frame" + i + ".jpg"), TestFrames.sceneJpeg(320, 240, 60 + 60 * i));
    }
    server = FrameServerMain.start(
        Settings.fromMap(Map.of("HOST", "127.0.0.1", "WS_PORT", "0", "SERVER_WIDTH", "64",
            "SERVER_HEIGHT", "48")));
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.shutdown(1000);
  }

  @Test
  void measuresConnectionsAndFloodWithoutErrors() throws Exception {
    LoadReport report = LoadClient.load(LoadOptions.parse(new String[] {
        "--url", "ws://127.0.0.1:" + server.getPort(), "--connections", "2", "--in-flight", "2",
        "--frames", frames.toString(), "--size", "320x240", "--warmup", "0.3", "--seconds", "1",
        "--flood", "1", "--flood-fps", "100", "--pid", Long.toString(ProcessHandle.current().pid())}));

    assertEquals(0, report.errors(), "errors, the first: " + report.firstError());
    assertNull(report.firstError());
    assertEquals(3, report.frameFiles());
    assertTrue(report.replies() > 10, report.replies() + " replies");
    assertEquals(report.replies(), report.roundTrips().length, "one round trip per reply");
    assertTrue(report.roundTripMillis(50) > 0 && report.roundTripMillis(50) <= report.roundTripMillis(100));
    assertTrue(report.floodSent() > 10, report.floodSent() + " flood frames sent");
    assertTrue(report.bytesSent() > report.replies() * 1000, "320x240 JPEGs are over 1 kB");
    assertTrue(report.bytesReceived() > 0 && report.bytesReceived() < report.bytesSent(),
        "64x48 replies are smaller than the frames sent");
    // The server runs in this JVM: its CPU time and RSS are this process's.
    assertTrue(report.serverCpuNanos() > 0, "server CPU " + report.serverCpuNanos());
    // Part of it: /proc's process time counts in ticks of 10 ms, the threads' in nanoseconds.
    assertTrue(report.serverCompilerCpuNanos() >= 0
        && report.serverCompilerCpuNanos() <= report.serverCpuNanos() + 20_000_000,
        "JIT " + report.serverCompilerCpuNanos() + " of " + report.serverCpuNanos() + " ns");
    assertTrue(report.rssKbMax() > 10_000, "RSS " + report.rssKbMax() + " kB");
    Map<String, Object> stats = report.serverStats().orElseThrow();
    long processed = ((Number) stats.get("processed")).longValue();
    assertTrue(processed >= report.replies(), "the server processed " + processed);
    assertEquals(0L, ((Number) stats.get("refused")).longValue());
  }

  /** A server elsewhere: its CPU time from its metrics endpoint, which agrees with /proc's. */
  @Test
  void readsTheServersCpuFromItsMetricsEndpoint() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    FrameServer measured = FrameServerMain.start(Settings.fromMap(Map.of("HOST", "127.0.0.1",
        "WS_PORT", "0", "SERVER_WIDTH", "64", "SERVER_HEIGHT", "48", "METRICS_PORT", Integer.toString(port))));
    try {
      URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
      // The server runs in this JVM: read both ways at one moment, its CPU time is the same.
      ServerProcess self = new ServerProcess(ProcessHandle.current().pid());
      Duration procBefore = self.cpuTime().orElseThrow();
      Duration scraped = new ServerMetrics(List.of(metrics)).cpuTime().orElseThrow();
      Duration procAfter = self.cpuTime().orElseThrow();
      Duration tick = Duration.ofMillis(20); // /proc counts in clock ticks of 10 ms
      assertTrue(scraped.compareTo(procBefore.minus(tick)) >= 0
          && scraped.compareTo(procAfter.plus(tick)) <= 0,
          "scraped " + scraped + ", /proc " + procBefore + " to " + procAfter);

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int status = LoadClient.run(new String[] {
          "--url", "ws://127.0.0.1:" + measured.getPort(), "--frames", frames.toString(),
          "--size", "320x240", "--warmup", "0.2", "--seconds", "1", "--metrics", metrics.toString()},
          new PrintStream(out, true, StandardCharsets.UTF_8));
      String text = out.toString(StandardCharsets.UTF_8);
      assertEquals(0, status, text);
      Matcher cpu = Pattern.compile("Server CPU/frame: +(\\d+) µs \\(process_cpu_seconds_total of "
          + Pattern.quote(metrics.toString())).matcher(text);
      assertTrue(cpu.find() && Long.parseLong(cpu.group(1)) > 0, text);
    } finally {
      measured.shutdown(1000);
    }
  }

  /** Four in flight: the server drops frames, and its notices keep the client from stalling. */
  @Test
  void moreInFlightThanTheServerKeepsCountsDropsAndGoesOn() throws Exception {
    LoadReport report = LoadClient.load(LoadOptions.parse(new String[] {
        "--url", "ws://127.0.0.1:" + server.getPort(), "--in-flight", "4",
        "--frames", frames.toString(), "--size", "320x240", "--warmup", "0.2", "--seconds", "1"}));

    assertEquals(0, report.errors(), "errors, the first: " + report.firstError());
    assertTrue(report.replies() > 10, report.replies() + " replies");
    long dropped = ((Number) report.serverStats().orElseThrow().get("dropped")).longValue();
    assertTrue(dropped > 0, "the server should drop frames with 4 in flight");
  }

  @Test
  void commandLinePrintsTheFigures() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = LoadClient.run(new String[] {
        "--url", "ws://127.0.0.1:" + server.getPort(), "--frames", frames.toString(),
        "--size", "320x240", "--warmup", "0", "--seconds", "0.5", "--row", "smoke"},
        new PrintStream(out, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, text);
    assertTrue(text.contains("Frames/s:"), text);
    assertTrue(text.contains("Errors:            0"), text);
    assertTrue(text.contains("| smoke | "), text);
  }

  /**
   * As a user runs it from a fresh clone: the packaged tool, in a folder with nothing beside it,
   * without {@code --frames}, sends frames it makes itself.
   */
  @Test
  void withoutAFolderOfPhotosItSendsFramesItMakes(@TempDir Path home) throws Exception {
    Path project = Path.of("").toAbsolutePath();
    Path clone = Files.createDirectory(home.resolve("clone")); // no ../shared beside it
    Process client = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
            project.resolve("target/image-stream.jar") + File.pathSeparator + project.resolve("target/lib/*"),
            LoadClient.class.getName(), "--url", "ws://127.0.0.1:" + server.getPort(),
            "--size", "320x240", "--warmup", "0", "--seconds", "0.5")
        .directory(clone.toFile())
        .redirectErrorStream(true)
        .start();
    String text = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, client.waitFor(), text);
    assertTrue(text.contains("(" + SyntheticFrames.COUNT + " different) from frames made in code"), text);
    assertTrue(text.contains("Errors:            0"), text);
  }

  @Test
  void aServerThatIsNotThereIsOneLineAndStatus1() {
    int port = server.getPort();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream err = System.err;
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
    try {
      stopQuietly();
      int status = LoadClient.run(new String[] {"--url", "ws://127.0.0.1:" + port,
          "--frames", frames.toString(), "--size", "320x240", "--seconds", "1"},
          new PrintStream(out, true, StandardCharsets.UTF_8));
      assertEquals(1, status);
    } finally {
      System.setErr(err);
    }
    assertEquals("Cannot connect to ws://127.0.0.1:" + port,
        errors.toString(StandardCharsets.UTF_8).strip());
  }

  private void stopQuietly() {
    try {
      server.shutdown(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
