package imagestream.ws;

import imagestream.DaemonThreads;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.java_websocket.WebSocket;

/**
 * Works around a race in Java-WebSocket 1.6.0 that can leave a reply unsent: when a worker queues
 * a reply while the selector thread finishes writing the previous one, the selector resets the
 * connection's interest to reading only after the worker asked for writing, and the reply waits
 * for the connection's next message (forever, for a client with one frame in flight). Every few
 * milliseconds, this asks again for the write of every connection that still has data queued;
 * asking for a write already under way costs nothing.
 *
 * <p>The same tick first hands every open connection to the server's own check of its queue (an
 * owed pong, the hard limit), so that one timer serves both.
 */
final class StalledWrites {

  /** How often queued replies are checked, in milliseconds: the longest a stalled reply waits. */
  static final long PERIOD_MILLIS = 10;

  private final Supplier<Collection<WebSocket>> connections;
  private final Consumer<WebSocket> askForWrite;
  private final Consumer<WebSocket> checkQueue;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("stalled-writes"));

  /**
   * @param connections the server's open connections
   * @param askForWrite makes the server write a connection's queued data (its onWriteDemand)
   * @param checkQueue the server's check of an open connection's queue, run on every tick
   */
  StalledWrites(
      Supplier<Collection<WebSocket>> connections, Consumer<WebSocket> askForWrite,
      Consumer<WebSocket> checkQueue) {
    this.connections = connections;
    this.askForWrite = askForWrite;
    this.checkQueue = checkQueue;
  }

  /** Starts checking every {@link #PERIOD_MILLIS}. */
  void start() {
    timer.scheduleWithFixedDelay(this::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Checks the queue of every open connection, then asks for the write of those with queued
   * data; returns how many were asked.
   */
  int check() {
    int asked = 0;
    for (WebSocket socket : connections.get()) {
      if (socket.isOpen()) {
        checkQueue.accept(socket);
      }
      if (socket.isOpen() && socket.hasBufferedData()) {
        askForWrite.accept(socket);
        asked++;
      }
    }
    return asked;
  }

  /** Stops checking. */
  void stop() {
    timer.shutdownNow();
  }
}
