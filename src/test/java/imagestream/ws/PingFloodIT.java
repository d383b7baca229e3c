package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.e2e.ServerJvm;
import imagestream.image.TestFrames;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that floods pings and never reads its pongs, against the real frame server in its own
 * JVM with the start script's heap: the server answers a normal client all along, and its
 * resident memory stays put.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(120)
class PingFloodIT {

  /**
   * Pings sent, each with the most payload a ping may carry (125 bytes): were each answered with
   * a queued pong, the pongs would take about twice the start script's 256 MB heap.
   */
  private static final int PINGS = 2_000_000;

  /** Frames a block of pings written at once holds. */
  private static final int PINGS_PER_WRITE = 512;

  /** How much the server's resident memory may grow during the flood. */
  private static final long RSS_GROWTH_LIMIT_KB = 64 * 1024;

  @TempDir Path dir;

  @Test
  void aPingFloodThatIsNeverReadLeavesTheServerAnsweringAndItsMemoryFlat() throws Exception {
    try (ServerJvm server = ServerJvm.start(
        dir, "imagestream.ws.FrameServerMain", ServerJvm.FRAME_SERVER_OPTIONS, Map.of())) {
      URI url = URI.create(server.awaitReady());
      TestClient normal = new TestClient(url);
      assertTrue(normal.connectBlocking(5, TimeUnit.SECONDS), "connects to " + url);
      byte[] frame = TestFrames.sceneJpeg(40, 30, 100);
      roundTripNanos(normal, frame); // warms up
      long rssAtStart = server.rssKb();

      AtomicLong sent = new AtomicLong();
      long start = System.nanoTime();
      CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> flood(url.getPort(), sent));
      long slowest = 0;
      long mostRss = rssAtStart;
      int frames = 0;
      long lastAnswered = start;
      while (!flood.isDone()) {
        long nanos;
        try {
          nanos = roundTripNanos(normal, frame);
          lastAnswered = System.nanoTime();
        } catch (AssertionError e) {
          throw new AssertionError(String.format(
              "%s: last answered %.1f s into the flood, after %d pings (server %s, RSS %d MB);"
                  + " its log:%n%s",
              e.getMessage(), (lastAnswered - start) / 1e9, sent.get(),
              server.process().isAlive() ? "alive" : "dead", server.rssKb() / 1024,
              server.log()), e);
        }
        slowest = Math.max(slowest, nanos);
        mostRss = Math.max(mostRss, server.rssKb());
        frames++;
      }
      flood.get(); // rethrows a failure of the flood itself
      double seconds = (System.nanoTime() - start) / 1e9;
      long after = roundTripNanos(normal, frame);
      System.out.printf(
          "PingFloodIT: %d pings of 125 bytes in %.1f s, never read; meanwhile %d frames of a"
              + " normal client answered, slowest %.1f ms (%.1f ms after); server RSS %d MB at"
              + " start, %d MB at most%n",
          sent.get(), seconds, frames, slowest / 1e6, after / 1e6, rssAtStart / 1024,
          mostRss / 1024);
      assertTrue(mostRss - rssAtStart < RSS_GROWTH_LIMIT_KB,
          "RSS grew from " + rssAtStart + " to " + mostRss + " kB");
      assertTrue(server.process().isAlive(), server.log());
      normal.close();
    }
  }

  /** Sends {@link #PINGS} pings from 127.0.0.2 and never reads; counts them in {@code sent}. */
  private static void flood(int port, AtomicLong sent) {
    byte[] payload = new byte[125];
    Arrays.fill(payload, (byte) 'p');
    ByteBuffer block = ByteBuffer.allocate(PINGS_PER_WRITE * (6 + payload.length));
    for (int i = 0; i < PINGS_PER_WRITE; i++) {
      // FIN + ping, masked with a zero key so the payload goes as is
      block.put((byte) 0x89).put((byte) (0x80 | payload.length)).putInt(0).put(payload);
    }
    try (RawWebSocket flooder =
        RawWebSocket.connect(InetAddress.getByName("127.0.0.2"), port, 4096)) {
      assertTrue(flooder.accepted(), flooder.response());
      while (sent.get() < PINGS) {
        flooder.sendRaw(block.array());
        sent.addAndGet(PINGS_PER_WRITE);
      }
      flooder.abort();
    } catch (IOException e) {
      throw new AssertionError("the flood was cut off after " + sent.get() + " pings: " + e, e);
    }
  }

  private static long roundTripNanos(TestClient client, byte[] frame) throws InterruptedException {
    long start = System.nanoTime();
    client.send(frame);
    assertInstanceOf(byte[].class, client.next(10), "a processed frame");
    return System.nanoTime() - start;
  }
}
