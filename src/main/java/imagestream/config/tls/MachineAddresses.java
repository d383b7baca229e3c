package imagestream.config.tls;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/**
 * The names other devices reach this machine by: its host name and the addresses of its
 * network interfaces. Reads them only; nothing is bound or sent.
 */
public final class MachineAddresses {

  private MachineAddresses() {}

  /**
   * The addresses of the interfaces that are up, except loopback ones and IPv6 link-local ones
   * (a browser's address bar cannot take their zone), IPv4 first, in the system's order. Empty
   * if the interfaces cannot be read.
   */
  public static List<InetAddress> nonLoopback() {
    List<InetAddress> v4 = new ArrayList<>();
    List<InetAddress> v6 = new ArrayList<>();
    try {
      Enumeration<NetworkInterface> nics = NetworkInterface.getNetworkInterfaces();
      for (NetworkInterface nic : nics == null ? List.<NetworkInterface>of() : Collections.list(nics)) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            continue;
          }
          if (address instanceof Inet6Address) {
            if (!address.isLinkLocalAddress()) {
              v6.add(address);
            }
          } else {
            v4.add(address);
          }
        }
      }
    } catch (SocketException e) {
      return List.of();
    }
    v4.addAll(v6);
    return List.copyOf(v4);
  }

  /**
   * Of {@code addresses}, those a server listening on {@code host} is reached at from other
   * machines: all of them on {@code ::}, the IPv4 ones on {@code 0.0.0.0}, none otherwise (a
   * server on one address is reached at that one, which it prints itself).
   */
  public static List<InetAddress> reachableOn(String host, List<InetAddress> addresses) {
    if (!isWildcard(host)) {
      return List.of();
    }
    return host.contains(":") ? List.copyOf(addresses)
        : addresses.stream().filter(a -> !(a instanceof Inet6Address)).toList();
  }

  /** Whether {@code host} means every interface: {@code 0.0.0.0}, or {@code ::} for IPv6 too. */
  public static boolean isWildcard(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return bare.equals("0.0.0.0") || bare.equals("::") || bare.equals("0:0:0:0:0:0:0:0");
  }

  /**
   * An address as the host part of a URL, as browsers write it in an origin: IPv6 in brackets,
   * in its shortest form (RFC 5952: {@code [2001:db8::1]}), without a zone.
   */
  public static String urlHost(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] bytes = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    // The longest run of two or more zero groups (the first of equals) becomes "::".
    int runStart = -1;
    int runLength = 1;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > runLength) {
        runStart = i;
        runLength = j - i;
      }
      i = Math.max(i, j - 1);
    }
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < 8; i++) {
      if (i == runStart) {
        out.append(i == 0 ? "::" : ":");
        i += runLength - 1;
        continue;
      }
      out.append(Integer.toHexString(groups[i]));
      if (i < 7) {
        out.append(':');
      }
    }
    return out.append(']').toString();
  }

  /**
   * What a self-signed certificate for a server listening on {@code host} should name:
   * {@code host} itself, the machine's host name, {@code localhost}, {@code 127.0.0.1},
   * {@code ::1} and every {@linkplain #nonLoopback() non-loopback address}.
   * {@link SelfSignedCertificate#obtain} leaves out duplicates and wildcard addresses.
   */
  public static List<String> certificateNames(String host) {
    List<String> names = new ArrayList<>(List.of(host, "localhost", "127.0.0.1", "::1"));
    hostName().ifPresent(names::add);
    nonLoopback().forEach(address -> names.add(address.getHostAddress()));
    return names;
  }

  /** The machine's host name, if it has one other than {@code localhost}. */
  public static Optional<String> hostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      return name.isBlank() || name.equalsIgnoreCase("localhost") ? Optional.empty()
          : Optional.of(name);
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
