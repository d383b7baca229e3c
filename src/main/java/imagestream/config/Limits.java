package imagestream.config;

import imagestream.config.tls.MachineAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the frame server accepts from clients: how large a frame may be, how many clients may
 * be connected, and which web pages may connect. Part of {@link Settings}, validated with it.
 *
 * @param maxFramePixels frames whose JPEG header declares more pixels are refused undecoded
 * @param maxFrameBytes a larger message closes its connection with 1009 (message too big)
 * @param maxConnections WebSocket handshakes beyond this many open connections are refused
 * @param maxConnectionsPerAddress connections one remote address may hold at once, in each
 *     server, counting those still waiting for their WebSocket handshake or request
 * @param allowedOrigins the web origins ({@code scheme://host[:port]}) whose pages may connect,
 *     normalized; {@code ["*"]} allows any
 * @param allowNoOrigin whether clients that send no {@code Origin} header (tools, scripts, not
 *     browsers) may connect
 * @param trustedProxies the reverse proxies whose {@code X-Forwarded-For} names the client
 */
public record Limits(
    long maxFramePixels,
    int maxFrameBytes,
    int maxConnections,
    int maxConnectionsPerAddress,
    List<String> allowedOrigins,
    boolean allowNoOrigin,
    TrustedProxies trustedProxies) {

  /** The value of {@code ALLOWED_ORIGINS} that allows pages from any origin. */
  public static final String ANY_ORIGIN = "*";

  /** What {@code ALLOWED_ORIGINS} allows, for the message refusing a value. */
  static final String ORIGINS_EXPECTED =
      "origins such as http://localhost:8080 (scheme://host[:port], no path), separated by"
          + " commas, or * for any, or blank for the page server's own and PUBLIC_URL";

  /** Largest {@code MAX_FRAME_PIXELS}: the most a JPEG header can declare (65535 x 65535). */
  public static final long MAX_PIXELS_LIMIT = 65535L * 65535;

  /** Largest {@code MAX_FRAME_BYTES}: 1 GiB. */
  public static final int MAX_BYTES_LIMIT = 1 << 30;

  /** Smallest {@code MAX_FRAME_BYTES}: 1 KiB; no useful JPEG is smaller. */
  public static final int MIN_BYTES_LIMIT = 1024;

  /** Largest {@code MAX_CONNECTIONS}. */
  public static final int MAX_CONNECTIONS_LIMIT = 100_000;

  /** Defensive copy: the record stays immutable. */
  public Limits {
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /**
   * Whether a WebSocket handshake with this {@code Origin} header (null: none) may proceed.
   * Browsers always send one; a page from another site is refused here, since the browser
   * itself lets any page open a WebSocket to any server.
   */
  public boolean allowsOrigin(String origin) {
    if (origin == null) {
      return allowNoOrigin;
    }
    if (allowedOrigins.contains(ANY_ORIGIN)) {
      return true;
    }
    String normalized = normalizeOrigin(origin);
    return normalized != null && allowedOrigins.contains(normalized);
  }

  /**
   * The page server's own origins: where the page is served ({@code http://HOST:HTTP_PORT}, or
   * {@code https://} with TLS) and,
   * when it listens on the loopback interface (HOST a loopback name or address, or every
   * interface), its loopback equivalents, since a page opened as {@code localhost} or {@code
   * 127.0.0.1} is then the same page. Listening on one network address only, those names reach
   * some other local program, whose pages are not ours.
   */
  static List<String> ownOrigins(String scheme, String host, int httpPort) {
    return ownOrigins(scheme, host, httpPort, MachineAddresses.nonLoopback());
  }

  /**
   * {@link #ownOrigins(String, String, int)} on a machine with these network addresses: listening
   * on every interface, the page is also opened at each of them (the addresses the page server
   * prints for other devices; IPv4 only on {@code 0.0.0.0}).
   */
  static List<String> ownOrigins(
      String scheme, String host, int httpPort, List<InetAddress> networkAddresses) {
    List<String> origins = originsOn(scheme, host, httpPort);
    for (InetAddress address : MachineAddresses.reachableOn(host, networkAddresses)) {
      String origin =
          normalizeOrigin(scheme + "://" + MachineAddresses.urlHost(address) + ":" + httpPort);
      if (origin != null && !origins.contains(origin)) {
        origins.add(origin);
      }
    }
    return origins;
  }

  /**
   * The origins of a page opened at {@code publicUrl} (a normalized origin): that one and, when
   * it names the loopback interface, its loopback equivalents, as for {@link #ownOrigins}.
   */
  static List<String> publicOrigins(String publicUrl) {
    URI uri = URI.create(publicUrl);
    int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    return originsOn(uri.getScheme(), uri.getHost(), port);
  }

  private static List<String> originsOn(String scheme, String host, int port) {
    List<String> origins = new ArrayList<>();
    List<String> names =
        servesLoopback(host) ? List.of(host, "localhost", "127.0.0.1", "[::1]") : List.of(host);
    for (String name : names) {
      String bracketed = name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
      String origin = normalizeOrigin(scheme + "://" + bracketed + ":" + port);
      if (origin != null && !origins.contains(origin)) {
        origins.add(origin);
      }
    }
    return origins;
  }

  /**
   * Whether a server listening on {@code host} is reached on the loopback interface: {@code
   * localhost}, a 127.x.y.z or {@code ::1} address, or every interface ({@code 0.0.0.0},
   * {@code ::}). Other names are not looked up: taken as the network's.
   */
  public static boolean servesLoopback(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (bare.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return bare.startsWith("127.") || bare.equals("0.0.0.0");
    }
    if (bare.contains(":")) {
      try {
        InetAddress address = InetAddress.getByName(bare); // an IPv6 literal: parsed, never looked up
        return address.isLoopbackAddress() || address.isAnyLocalAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  /**
   * An origin as browsers send it: lower case, no default port, no path (a lone {@code /} is
   * forgiven); null if {@code text} is not an http(s) origin.
   */
  static String normalizeOrigin(String text) {
    try {
      URI uri = new URI(text.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost();
      boolean bare =
          uri.getRawUserInfo() == null
              && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
              && uri.getRawQuery() == null && uri.getRawFragment() == null;
      if (!(scheme.equals("http") || scheme.equals("https")) || host == null || !bare) {
        return null;
      }
      int port = uri.getPort();
      boolean defaultPort =
          port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
      return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * The origins of an {@code ALLOWED_ORIGINS} value, normalized; blank: the page server's own
   * ({@code scheme}, {@code host}, {@code httpPort}) and those of {@code publicUrl} (blank if
   * none).
   *
   * @throws IllegalArgumentException if an item is not an origin
   */
  static List<String> origins(
      String value, String scheme, String host, int httpPort, String publicUrl) {
    if (value.isBlank()) {
      List<String> own = new ArrayList<>(ownOrigins(scheme, host, httpPort));
      if (!publicUrl.isEmpty()) {
        publicOrigins(publicUrl).stream().filter(o -> !own.contains(o)).forEach(own::add);
      }
      return own;
    }
    List<String> origins = new ArrayList<>();
    for (String item : value.split("[,\\s]+")) {
      if (item.isEmpty()) {
        continue;
      }
      String origin = item.equals(ANY_ORIGIN) ? ANY_ORIGIN : normalizeOrigin(item);
      if (origin == null) {
        throw new IllegalArgumentException(ORIGINS_EXPECTED);
      }
      origins.add(origin);
    }
    return origins;
  }
}
