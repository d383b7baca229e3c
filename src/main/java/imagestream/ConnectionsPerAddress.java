package imagestream;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many connections each remote address holds, and at most {@code MAX_CONNECTIONS_PER_ADDRESS}
 * of them at once: one client (or one machine's script) cannot take every place a server has, so
 * clients from other addresses are served while it tries.
 *
 * <p>Behind a reverse proxy every client has the proxy's address: raise the limit to
 * {@code MAX_CONNECTIONS} there and let the proxy limit each client.
 */
public final class ConnectionsPerAddress {

  private final int max;
  private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();

  /** At most {@code max} connections per address. */
  public ConnectionsPerAddress(int max) {
    this.max = max;
  }

  /** The limit per address. */
  public int max() {
    return max;
  }

  /**
   * Counts one more connection from {@code address}, unless it holds {@code max} already.
   *
   * @return whether the connection is admitted; if so, {@link #release} it once it ends
   */
  public boolean admit(InetAddress address) {
    boolean[] admitted = {false};
    open.compute(address, (a, n) -> {
      int held = n == null ? 0 : n;
      admitted[0] = held < max;
      return admitted[0] ? held + 1 : n;
    });
    return admitted[0];
  }

  /** Forgets one admitted connection from {@code address}. */
  public void release(InetAddress address) {
    open.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
  }

  /** Connections held by {@code address} now. */
  public int held(InetAddress address) {
    return open.getOrDefault(address, 0);
  }
}
