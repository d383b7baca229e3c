package imagestream.ws;

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
 */
final class StalledWrites {

  /** How often queued replies are checked, in milliseconds: the longest a stalled reply waits. */
  static final long PERIOD_MILLIS = 10;

  private final Supplier<Collection<WebSocket>> connections;
  private final Consumer<WebSocket> askForWrite;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stalled-writes");
        t.setDaemon(true);
        return t;
      });

  /**
   * @param connections the server's open connections
   * @param askForWrite makes the server write a connection's queued data (its onWriteDemand)
   */
  StalledWrites(Supplier<Collection<WebSocket>> connections, Consumer<WebSocket> askForWrite) {
    this.connections = connections;
    this.askForWrite = askForWrite;
  }

  /** Starts checking every {@link #PERIOD_MILLIS}. */
  void start() {
    timer.scheduleWithFixedDelay(this::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Asks for the write of every open connection with queued data; returns how many. */
  int check() {
    int asked = 0;
    for (WebSocket socket : connections.get()) {
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
