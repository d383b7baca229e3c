package imagestream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * TCP connections that say nothing, all from one of the loopback addresses (127.0.0.2, ...), to
 * a server on 127.0.0.1: a client holding places without using them.
 */
public final class SilentClients implements AutoCloseable {

  private final List<Socket> sockets = new ArrayList<>();

  /** Opens {@code count} connections from {@code address} to {@code port}. */
  public static SilentClients open(String address, int port, int count) throws IOException {
    SilentClients clients = new SilentClients();
    try {
      for (int i = 0; i < count; i++) {
        clients.sockets.add(connect(address, port));
      }
    } catch (IOException e) {
      clients.close();
      throw e;
    }
    return clients;
  }

  /** One connection from {@code address} to {@code port} that sends nothing. */
  public static Socket connect(String address, int port) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    return socket;
  }

  /** Checks that the server closed every connection after the first {@code kept} on arrival. */
  public void assertClosedBeyond(int kept) throws IOException {
    int closed = 0;
    for (Socket socket : sockets.subList(kept, sockets.size())) {
      socket.setSoTimeout(2000);
      closed += socket.getInputStream().read() == -1 ? 1 : 0;
    }
    assertEquals(sockets.size() - kept, closed, "closed on arrival, beyond " + kept);
  }

  /** Waits for the server to close the first {@code kept} connections; the seconds it took. */
  public double secondsUntilClosed(int kept) throws IOException {
    long start = System.nanoTime();
    for (Socket socket : sockets.subList(0, kept)) {
      socket.setSoTimeout(10_000);
      assertEquals(-1, socket.getInputStream().read(), "closed after the server's timeout");
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** The connections, in the order opened. */
  public List<Socket> sockets() {
    return sockets;
  }

  @Override
  public void close() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
