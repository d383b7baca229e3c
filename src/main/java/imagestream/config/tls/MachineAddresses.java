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
