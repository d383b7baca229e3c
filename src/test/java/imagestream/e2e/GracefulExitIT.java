package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.image.TestFrames;
import imagestream.ws.TestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real main classes in their own JVMs, stopped with SIGTERM as a service manager does:
 * frames in progress are finished and answered, clients are closed with 1001, and the process
 * exits 0 within 2 s.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
@Timeout(90)
class GracefulExitIT {

  private static final long EXIT_WITHIN_MILLIS = 2000;

  @TempDir Path dir;

  @Test
  void frameServerFinishesTheFrameInProgressClosesWith1001AndExits0() throws Exception {
    // Large frames processed at full size take long enough to be caught in progress.
    try (ServerJvm jvm = ServerJvm.start(dir, "imagestream.ws.FrameServerMain", List.of(), Map.of(
        "SERVER_WIDTH", "4000", "SERVER_HEIGHT", "3000", "SERVER_JPG_COMPRESSION", "1.0",
        "MAX_FRAME_BYTES", "33554432"))) {
      Process server = jvm.process();
      String url = jvm.awaitReady();
      byte[] heavy = TestFrames.sceneJpeg(4000, 3000, 100);
      TestClient client = new TestClient(URI.create(url));
      assertTrue(client.connectBlocking(5, TimeUnit.SECONDS), "connects to " + url);

      long start = System.nanoTime();
      client.send(heavy);
      assertInstanceOf(byte[].class, client.next(30), "the first frame is answered");
      long roundTripNanos = System.nanoTime() - start;

      client.send(heavy);
      // A third of a round trip later the frame has arrived and is being processed.
      TimeUnit.NANOSECONDS.sleep(roundTripNanos / 3);
      long signalled = System.nanoTime();
      server.destroy(); // SIGTERM
      Object reply = client.next(10);
      int closeCode = client.closed.get(10, TimeUnit.SECONDS);
      assertTrue(server.waitFor(10, TimeUnit.SECONDS), "the server exits");
      long exitMillis = (System.nanoTime() - signalled) / 1_000_000;
      System.out.printf(
          "GracefulExitIT: frame round trip %d ms; after SIGTERM the frame in progress was %s,"
              + " close code %d, exit %d after %d ms%n",
          roundTripNanos / 1_000_000, reply instanceof byte[] ? "answered" : reply, closeCode,
          server.exitValue(), exitMillis);
      assertInstanceOf(byte[].class, reply, "the frame in progress is answered before the close");
      assertEquals(1001, closeCode, "closed as going away");
      assertEquals(0, server.exitValue(), "exit status");
      assertTrue(exitMillis < EXIT_WITHIN_MILLIS, "exited after " + exitMillis + " ms");
      assertFalse(StartScriptIT.accepts(URI.create(url).getPort()), "the port is closed");
    }
  }

  /** A stop that never ends (a frame stuck in a native call) does not hold the exit. */
  @Test
  void aStopThatNeverEndsStillExitsWithinTwoSecondsOfSigterm() throws Exception {
    try (ServerJvm jvm = ServerJvm.start(dir, StuckStopMain.class.getName(), List.of(), Map.of())) {
      jvm.awaitReady();
      long signalled = System.nanoTime();
      jvm.process().destroy(); // SIGTERM
      assertTrue(jvm.process().waitFor(10, TimeUnit.SECONDS), "the process exits: " + jvm.log());
      long exitMillis = (System.nanoTime() - signalled) / 1_000_000;
      System.out.printf("GracefulExitIT: stuck stop, exit %d after %d ms%n",
          jvm.process().exitValue(), exitMillis);
      assertTrue(exitMillis < EXIT_WITHIN_MILLIS, "exited after " + exitMillis + " ms");
      assertTrue(jvm.log().contains("did not stop within"), jvm.log());
    }
  }

  @Test
  void pageServerExits0WithinTwoSecondsOfSigterm() throws Exception {
    Files.writeString(dir.resolve("client.html"), "<p>##CLIENT_WIDTH##</p>");
    try (ServerJvm jvm = ServerJvm.start(dir, "imagestream.http.PageServerMain", List.of(), Map.of())) {
      Process server = jvm.process();
      URI page = URI.create(jvm.awaitReady());
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals("<p>40</p>", r.body());

      long signalled = System.nanoTime();
      server.destroy(); // SIGTERM
      assertTrue(server.waitFor(10, TimeUnit.SECONDS), "the server exits");
      long exitMillis = (System.nanoTime() - signalled) / 1_000_000;
      System.out.printf("GracefulExitIT: page server exit %d after %d ms%n", server.exitValue(), exitMillis);
      assertEquals(0, server.exitValue(), "exit status");
      assertTrue(exitMillis < EXIT_WITHIN_MILLIS, "exited after " + exitMillis + " ms");
      assertFalse(StartScriptIT.accepts(page.getPort()), "the port is closed");
    }
  }
}
