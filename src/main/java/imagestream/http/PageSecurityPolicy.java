package imagestream.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page's {@code Content-Security-Policy}: it may run only its own inline scripts (allowed by
 * hash, so the page file stays plain HTML), connect only to the frame server's WebSocket, and
 * load nothing from anywhere else.
 */
final class PageSecurityPolicy {

  // An inline script element and its text; scripts with src= have none and are not allowed.
  private static final Pattern SCRIPT =
      Pattern.compile("<script(?:\\s[^>]*)?>(.*?)</script\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  // A Host header's name part: a DNS name, an IPv4 address, or a bracketed IPv6 address.
  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

  // A Host header's port, when it names one.
  private static final Pattern PORT = Pattern.compile(":([0-9]{1,5})$");

  private PageSecurityPolicy() {}

  /**
   * The policy for {@code page}, whose WebSocket goes to {@code ws}: {@code host:port} as the
   * page's address bar names the host, or just the host for the page's own origin on a default
   * port.
   */
  static String of(String page, String ws) {
    return "default-src 'none'; "
        + "script-src " + String.join(" ", scriptHashes(page)) + "; "
        // Styles cannot run code; allowing inline ones keeps the page easy to edit.
        + "style-src 'unsafe-inline'; "
        + "img-src 'self' blob: data:; "
        + "media-src 'self' blob: mediastream:; "
        + "connect-src ws://" + ws + " wss://" + ws + "; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  }

  /**
   * The host name of a request's {@code Host} header, which is what the page's
   * {@code location.hostname} will be; {@code fallback} if the header is missing or odd.
   */
  static String hostName(String hostHeader, String fallback) {
    if (hostHeader != null) {
      String name = hostHeader.strip().replaceFirst(":[0-9]{1,5}$", "");
      if (HOST_NAME.matcher(name).matches()) {
        return name;
      }
    }
    return fallback.contains(":") && !fallback.startsWith("[") ? "[" + fallback + "]" : fallback;
  }

  /**
   * Where the page's WebSocket goes: {@code HOST:WS_PORT} with the page's host name, or the
   * page's own host and port (the {@code Host} header) when a reverse proxy forwards {@code
   * WS_PATH} there; {@code fallback} and {@code fallbackPort} stand in for a missing or odd header.
   */
  static String webSocketAuthority(
      String hostHeader, String fallback, String wsPath, int wsPort, int fallbackPort) {
    String host = hostName(hostHeader, fallback);
    if (wsPath.isEmpty()) {
      return host + ":" + wsPort;
    }
    if (hostHeader != null && host.equals(hostHeader.strip().replaceFirst(":[0-9]{1,5}$", ""))) {
      Matcher port = PORT.matcher(hostHeader.strip());
      return port.find() ? host + ":" + port.group(1) : host;
    }
    return host + ":" + fallbackPort;
  }

  /** {@code 'sha256-...'} for each inline script of {@code page}; {@code 'none'} if it has none. */
  static Set<String> scriptHashes(String page) {
    Set<String> hashes = new LinkedHashSet<>();
    Matcher m = SCRIPT.matcher(page);
    while (m.find()) {
      if (!m.group(1).isEmpty()) {
        hashes.add("'sha256-" + Base64.getEncoder().encodeToString(sha256(m.group(1))) + "'");
      }
    }
    if (hashes.isEmpty()) {
      hashes.add("'none'");
    }
    return hashes;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
