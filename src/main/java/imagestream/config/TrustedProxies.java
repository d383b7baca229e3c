package imagestream.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proxies ({@code TRUSTED_PROXIES}) whose word about a client's address is believed: behind
 * one, every connection comes from the proxy, which names the client in {@code X-Forwarded-For}
 * or {@code X-Real-IP}. Anyone can send those headers, so they count only when the connection
 * comes from a proxy listed here; a client's own entries, further left, are never reached.
 *
 * <p>Addresses are read as literals only: nothing is ever looked up in DNS.
 */
public final class TrustedProxies {

  /** No proxy is trusted: the client is always the peer of the connection. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of(), "");

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  // An IPv4 address with a port, as some proxies write a hop.
  private static final Pattern IPV4_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d{1,5}");
  // A bracketed IPv6 address, with or without a port.
  private static final Pattern IPV6_BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::\\d{1,5})?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final List<Range> ranges;
  private final String text;

  /** An address block: the addresses whose first {@code prefix} bits are those of {@code network}. */
  private record Range(byte[] network, int prefix) {

    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (bytes[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xFF << (8 - rest) & 0xFF;
      return (bytes[full] & mask) == (network[full] & mask);
    }
  }

  private TrustedProxies(List<Range> ranges, String text) {
    this.ranges = List.copyOf(ranges);
    this.text = text;
  }

  /**
   * Reads a list of IP addresses and ranges, e.g. {@code 127.0.0.1, 10.0.0.0/8, fd00::/8},
   * separated by commas or spaces; blank means none.
   *
   * @throws IllegalArgumentException naming the first entry that is not an address or range
   */
  public static TrustedProxies parse(String list) {
    List<Range> ranges = new ArrayList<>();
    List<String> written = new ArrayList<>();
    for (String item : list.strip().split("[,\\s]+")) {
      if (item.isEmpty()) {
        continue;
      }
      int slash = item.indexOf('/');
      InetAddress address = literal(slash < 0 ? item : item.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException("\"" + item + "\" is not an IP address or range");
      }
      int bits = address.getAddress().length * 8;
      int prefix = bits;
      if (slash >= 0) {
        String length = item.substring(slash + 1);
        prefix = length.matches("\\d{1,3}") ? Integer.parseInt(length) : -1;
        if (prefix < 0 || prefix > bits) {
          throw new IllegalArgumentException(
              "\"" + item + "\" has a prefix length that is not 0 to " + bits);
        }
      }
      ranges.add(new Range(address.getAddress(), prefix));
      written.add(item);
    }
    return ranges.isEmpty() ? NONE : new TrustedProxies(ranges, String.join(",", written));
  }

  /** Whether no proxy is trusted. */
  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** Whether connections from {@code address} come from a trusted proxy. */
  public boolean trusts(InetAddress address) {
    for (Range range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client's address for a connection from {@code peer}: {@code peer} itself unless it is a
   * trusted proxy; else, reading {@code X-Forwarded-For} from the right (the hop the proxy
   * added), the first address that is not a trusted proxy, or the leftmost if all are; without
   * that header, {@code X-Real-IP}. An entry that is not an address ends the reading at the
   * proxy that passed it on.
   *
   * @param forwardedFor the {@code X-Forwarded-For} header, or null
   * @param realIp the {@code X-Real-IP} header, or null
   */
  public InetAddress clientAddress(InetAddress peer, String forwardedFor, String realIp) {
    if (!trusts(peer)) {
      return peer;
    }
    if (forwardedFor == null || forwardedFor.isBlank()) {
      InetAddress real = realIp == null ? null : hop(realIp.strip());
      return real == null ? peer : real;
    }
    InetAddress client = peer;
    String[] hops = forwardedFor.split(",", -1);
    for (int i = hops.length - 1; i >= 0; i--) {
      InetAddress hop = hop(hops[i].strip());
      if (hop == null) {
        return client;
      }
      client = hop;
      if (!trusts(hop)) {
        return hop;
      }
    }
    return client;
  }

  /** The list as {@code TRUSTED_PROXIES} holds it, comma-separated; blank for none. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TrustedProxies t && t.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** One hop of a forwarding header: an address, perhaps with a port; null if it is none. */
  private static InetAddress hop(String entry) {
    Matcher v4 = IPV4_PORT.matcher(entry);
    if (v4.matches()) {
      return literal(v4.group(1));
    }
    Matcher v6 = IPV6_BRACKETED.matcher(entry);
    return v6.matches() ? literal(v6.group(1)) : literal(entry);
  }

  /** An IPv4 or IPv6 address written as such; null for anything else, never looked up. */
  static InetAddress literal(String text) {
    try {
      if (IPV4.matcher(text).matches()) {
        for (String part : text.split("\\.")) {
          if (Integer.parseInt(part) > 255) {
            return null;
          }
        }
        return InetAddress.getByName(text); // four numbers: parsed, never looked up
      }
      if (IPV6.matcher(text).matches()) {
        // In brackets, the JDK parses an IPv6 literal or fails; it never looks the text up.
        return InetAddress.getByName("[" + text + "]");
      }
    } catch (UnknownHostException e) {
      return null;
    }
    return null;
  }
}
