package imagestream.http;

import imagestream.config.Limits;
import imagestream.config.tls.MachineAddresses;
import imagestream.image.TerminalQrCode;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What the page server says at start to whoever wants the page on another device: the page's
 * address at each of the machine's network addresses when it listens on every interface, with a
 * QR code of the first for a phone's camera; and, when other machines can reach it without TLS,
 * that they get no camera there and the one {@code .env} line that fixes it.
 */
final class NetworkAnnouncement {

  /** The {@code .env} line that gives other devices the camera. */
  static final String TLS_LINE = "TLS=self-signed";

  private NetworkAnnouncement() {}

  /**
   * The page's address ({@code pageUrl}, as on this machine) at each network address a server
   * listening on {@code host} is reached at from other machines; empty unless it listens on
   * every interface.
   */
  static List<String> urls(String pageUrl, String host, List<InetAddress> addresses) {
    URI page = URI.create(pageUrl);
    return MachineAddresses.reachableOn(host, addresses).stream()
        .map(a -> page.getScheme() + "://" + MachineAddresses.urlHost(a) + ":" + page.getPort()
            + page.getRawPath())
        .toList();
  }

  /**
   * The lines to print: the {@link #urls} and the QR code of the first (none if OpenCV cannot
   * draw it: the addresses still help); empty if there are no such addresses.
   */
  static String text(String pageUrl, String host, List<InetAddress> addresses) {
    List<String> urls = urls(pageUrl, host, addresses);
    if (urls.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("On a phone or another machine of this network, open:\n");
    urls.forEach(url -> out.append("  ").append(url).append('\n'));
    try {
      out.append(TerminalQrCode.render(urls.get(0), true));
    } catch (RuntimeException | LinkageError e) {
      out.append("(No QR code: ").append(e.getMessage()).append(")\n");
    }
    return out.toString();
  }

  /**
   * The warning for a page served over plain http to other machines ({@code host} is not the
   * loopback interface): browsers give the camera only to https pages and {@code localhost}.
   */
  static Optional<String> insecureWarning(String pageUrl, String host) {
    if (pageUrl.startsWith("https:") || loopbackOnly(host)) {
      return Optional.empty();
    }
    return Optional.of("HOST=" + host + " without TLS: other devices will get no camera (browsers"
        + " give it only to https pages and localhost); set " + TLS_LINE + " in .env");
  }

  /** Whether {@code host} names the loopback interface only: other machines cannot connect. */
  static boolean loopbackOnly(String host) {
    return Limits.servesLoopback(host) && !MachineAddresses.isWildcard(host);
  }
}
