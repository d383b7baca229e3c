package imagestream.soak;

import imagestream.bench.FrameSource;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.LoggerFactory;

/**
 * The soak run's client (run by {@code scripts/soak.sh}): sends a number of 640x480 frames over
 * several connections, one frame in flight per connection as the page does, and compares the
 * server's resident memory after the run with that after the first tenth.
 *
 * <p>Arguments: {@code URL PID FRAMES CONNECTIONS [--frames DIR]} (a folder of your own photos;
 * without it, frames made in code). Exits 1 on any error (an error message, a reply that is not
 * a JPEG, no reply within 10 s, a closed connection) or if the memory grew more than 10%, 2 for
 * a bad command line or a folder of frames that cannot be used.
 */
public final class SoakClient {

  private static final double MAX_GROWTH = 0.10;

  private final URI url;
  private final long serverPid;
  private final long total;
  private final List<byte[]> frames;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final long checkpoint;
  private volatile long rssAtCheckpoint = -1;
  private volatile long nanosAtCheckpoint;

  private SoakClient(URI url, long serverPid, long total, List<byte[]> frames) {
    this.url = url;
    this.serverPid = serverPid;
    this.total = total;
    this.frames = frames;
    this.checkpoint = total / 10;
  }

  /** Runs the soak; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    boolean folder = args.length == 6 && args[4].equals("--frames");
    if (args.length != 4 && !folder) {
      System.err.println("usage: SoakClient URL SERVER_PID FRAMES CONNECTIONS [--frames DIR]");
      System.exit(2);
    }
    LoggerFactory.getLogger(SoakClient.class); // set up logging before the connection threads race to
    FrameSource source = FrameSource.of(folder ? args[5] : null);
    List<byte[]> frames;
    try {
      frames = source.frames(640, 480);
    } catch (IOException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println("Frames: " + frames.size() + ", " + source);
    SoakClient soak =
        new SoakClient(URI.create(args[0]), Long.parseLong(args[1]), Long.parseLong(args[2]), frames);
    System.exit(soak.run(Integer.parseInt(args[3])) ? 0 : 1);
  }

  private boolean run(int connections) throws Exception {
    long rssAtStart = rssKib();
    long start = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Thread t = new Thread(this::stream, "soak-" + i);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long rssAtEnd = rssKib();
    double afterCheckpoint = (System.nanoTime() - nanosAtCheckpoint) / 1e9;
    double growth = (double) (rssAtEnd - rssAtCheckpoint) / rssAtCheckpoint;
    System.out.printf("Frames:      %d over %d connections (640x480, %d different), %.1f s, %.0f frames/s%n",
        done.get(), connections, frames.size(), seconds, done.get() / seconds);
    System.out.printf("Server RSS:  %d MiB at start, %d MiB after %d frames, %d MiB after %d (%+.1f%% over the last %.0f s)%n",
        rssAtStart / 1024, rssAtCheckpoint / 1024, checkpoint, rssAtEnd / 1024, done.get(),
        growth * 100, afterCheckpoint);
    System.out.printf("Errors:      %d%n", errors.get());
    boolean ok = errors.get() == 0 && done.get() == total && growth <= MAX_GROWTH;
    System.out.println(ok ? "SOAK PASSED" : "SOAK FAILED (errors, missing frames, or RSS grew more than 10%)");
    return ok;
  }

  /** One connection: send, wait for the reply, repeat until all frames are claimed. */
  private void stream() {
    BlockingQueue<Object> replies = new ArrayBlockingQueue<>(16);
    CountDownLatch open = new CountDownLatch(1);
    WebSocketClient client = new WebSocketClient(url) {
      @Override
      public void onOpen(ServerHandshake handshake) {
        open.countDown();
      }

      @Override
      public void onMessage(String message) {
        replies.offer(message);
      }

      @Override
      public void onMessage(ByteBuffer bytes) {
        replies.offer(bytes.remaining() > 2 && bytes.get(0) == (byte) 0xFF && bytes.get(1) == (byte) 0xD8);
      }

      @Override
      public void onClose(int code, String reason, boolean remote) {
        replies.offer("closed: " + code + " " + reason);
      }

      @Override
      public void onError(Exception e) {
        replies.offer("error: " + e);
      }
    };
    try {
      if (!client.connectBlocking(10, TimeUnit.SECONDS)) {
        error("could not connect to " + url);
        return;
      }
      long n;
      while ((n = next.getAndIncrement()) < total) {
        client.send(frames.get((int) (n % frames.size())));
        Object reply = replies.poll(10, TimeUnit.SECONDS);
        if (!Boolean.TRUE.equals(reply)) {
          error(reply == null ? "no reply within 10 s" : reply.equals(false) ? "a reply that is not a JPEG" : reply.toString());
          if (!client.isOpen()) {
            return;
          }
        }
        finished();
      }
      client.closeBlocking();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Counts a good round trip; every tenth of the run, prints the server's RSS. */
  private void finished() {
    long n = done.incrementAndGet();
    if (n % checkpoint == 0) {
      long rss = rssKib();
      if (n == checkpoint) {
        nanosAtCheckpoint = System.nanoTime();
        rssAtCheckpoint = rss;
      }
      System.out.printf("After %7d frames the server's RSS is %d MiB%n", n, rss / 1024);
    }
  }

  private void error(String what) {
    if (errors.incrementAndGet() <= 10) {
      System.out.println("ERROR: " + what);
    }
  }

  /** The server's resident set size in KiB, as {@code ps} reports it (Linux and macOS). */
  private long rssKib() {
    try {
      Process ps = new ProcessBuilder("ps", "-o", "rss=", "-p", Long.toString(serverPid)).start();
      String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      ps.waitFor();
      return Long.parseLong(out);
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read the RSS of process " + serverPid + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
