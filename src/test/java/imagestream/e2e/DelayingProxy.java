package imagestream.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on 127.0.0.1 that delivers every byte a fixed time after it arrived, in each
 * direction, like a long link (a phone on mobile data) with no limit on bandwidth.
 */
final class DelayingProxy implements AutoCloseable {

  /** Bytes read at one time, due for delivery at {@code dueNanos}; an empty chunk ends the stream. */
  private record Chunk(long dueNanos, byte[] bytes) {}

  private final ServerSocket listener;
  private final int targetPort;
  private final long delayNanos;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /** Forwards connections to {@code targetPort} on 127.0.0.1, {@code oneWay} late each way. */
  DelayingProxy(int targetPort, Duration oneWay) throws IOException {
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.delayNanos = oneWay.toNanos();
    daemon("proxy-accept", this::accept);
  }

  /** The port to connect to instead of the target's. */
  int port() {
    return listener.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(server);
        relay(client, server);
        relay(server, client);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Reads {@code from} as fast as it sends and writes each chunk to {@code to} once it is due. */
  private void relay(Socket from, Socket to) {
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    daemon("proxy-read", () -> {
      byte[] buffer = new byte[65536];
      try (InputStream in = from.getInputStream()) {
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
          queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
        }
      } catch (IOException e) {
        // the connection was closed: end the other side's stream too
      }
      queue.add(new Chunk(System.nanoTime() + delayNanos, new byte[0]));
    });
    daemon("proxy-write", () -> {
      try {
        OutputStream out = to.getOutputStream();
        for (Chunk chunk = queue.take(); chunk.bytes().length > 0; chunk = queue.take()) {
          // The link's latency, by design: each chunk waits until it is due.
          for (long wait = chunk.dueNanos() - System.nanoTime(); wait > 0;
              wait = chunk.dueNanos() - System.nanoTime()) {
            LockSupport.parkNanos(wait);
          }
          out.write(chunk.bytes());
          out.flush();
        }
        to.shutdownOutput();
      } catch (IOException | InterruptedException e) {
        // the other side is gone
      }
    });
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }
}
