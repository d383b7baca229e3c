package imagestream.bench;

import imagestream.DaemonThreads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;

/**
 * The connections of one load, running from {@link #open} to {@link #close}: measuring ones that
 * keep their frames in flight (reconnecting, with {@code --reconnect}), flood ones at their fixed
 * rate, and a clock that gives up stalled frames. {@link LoadClient} times and reports it; a test
 * can watch it while it does something to the servers.
 */
public final class LoadRun implements AutoCloseable {

  private static final long TICK_MILLIS = 200;

  private final LoadTally tally = new LoadTally();
  private final List<MeasuredConnection> measured = new ArrayList<>();
  private final List<FloodConnection> floods = new ArrayList<>();
  private final ScheduledExecutorService clock =
      Executors.newScheduledThreadPool(1, DaemonThreads.named("load-clock"));

  private final int frameCount;

  private LoadRun(int frameCount) {
    this.frameCount = frameCount;
  }

  /**
   * Opens every connection of {@code o} and starts sending; nothing is counted until
   * {@link #measuring} is on.
   *
   * @throws IOException if the frames cannot be read or a connection cannot be opened
   */
  public static LoadRun open(LoadOptions o) throws IOException, InterruptedException {
    List<byte[]> frames = FrameSource.of(o.frames()).frames(o.width(), o.height());
    LoadRun run = new LoadRun(frames.size());
    try {
      for (int i = 0; i < o.connections(); i++) {
        run.measured.add(open(new MeasuredConnection(o.url(), frames, i, o.inFlight(),
            o.processing(), run.tally, o.reconnect() ? run.clock : null)));
      }
      long period = 1_000_000_000L / o.floodFps();
      for (int i = 0; i < o.floodConnections(); i++) {
        FloodConnection flood = open(new FloodConnection(o.url(), frames, i, o.processing(), run.tally));
        run.floods.add(flood);
        run.clock.scheduleAtFixedRate(flood::sendNext,
            i * period / Math.max(1, o.floodConnections()), period, TimeUnit.NANOSECONDS);
      }
      run.clock.scheduleWithFixedDelay(run::checkStalled, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
      return run;
    } catch (IOException | InterruptedException | RuntimeException e) {
      run.close();
      throw e;
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

  /** Starts or stops counting. */
  public void measuring(boolean on) {
    tally.measuring(on);
  }

  /** Replies to the measuring connections while measuring. */
  public long replies() {
    return tally.replies();
  }

  /** Errors while measuring: error messages, broken connections, failed reconnections, stalls. */
  public long errors() {
    return tally.errors();
  }

  /** The first error seen, counted or not, or null. */
  public String firstError() {
    return tally.firstError();
  }

  /** Frames in flight on a connection when it closed, while measuring: no reply came for them. */
  public long lost() {
    return tally.lost();
  }

  /** Measuring connections that closed while measuring. */
  public long closes() {
    return tally.closes();
  }

  /** How long each reconnection took while measuring, in nanoseconds. */
  public List<Long> reconnectNanos() {
    return tally.reconnectNanos();
  }

  /** Each measuring connection's replies so far, over all its reconnections, measured or not. */
  public List<Long> repliesPerConnection() {
    return measured.stream().map(MeasuredConnection::replies).toList();
  }

  /** Whether every measuring connection is open now. */
  public boolean allOpen() {
    return measured.stream().allMatch(WebSocketClient::isOpen);
  }

  /** Stops sending; replies still count. */
  public void stopSending() {
    measured.forEach(MeasuredConnection::stopSending);
    floods.forEach(FloodConnection::stopSending);
  }

  /** How many different frames are sent. */
  int frameCount() {
    return frameCount;
  }

  /** What the connections counted, for the report. */
  LoadTally tally() {
    return tally;
  }

  private void checkStalled() {
    long now = System.nanoTime();
    for (MeasuredConnection c : measured) {
      c.checkStalled(now);
    }
  }

  /** Stops sending and closes every connection. */
  @Override
  public void close() {
    stopSending();
    clock.shutdownNow();
    for (WebSocketClient c : measured) {
      c.close();
    }
    for (WebSocketClient c : floods) {
      c.close();
    }
  }
}
