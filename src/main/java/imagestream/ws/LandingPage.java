package imagestream.ws;

import static imagestream.config.Setting.HTTP_PORT;
import static imagestream.config.Setting.PUBLIC_URL;
import static imagestream.config.Setting.TLS;

import imagestream.config.Settings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What the frame server's port answers a browser that opens it as a web page: a short page
 * linking to the page server. Its use is {@code https://HOST:WS_PORT/}, where a browser that
 * keeps certificate exceptions per port (Firefox) lets the user accept the certificate for this
 * port too; {@code client.html} links here when its {@code wss:} connection fails.
 */
final class LandingPage {

  // A Host header's name part: a DNS name, an IPv4 address, or a bracketed IPv6 address.
  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}]");

  private final Supplier<Settings> settings;

  /** @param settings the settings in force: where the page server is */
  LandingPage(Supplier<Settings> settings) {
    this.settings = settings;
  }

  /**
   * The whole HTTP answer to {@code request} if it is a complete request head for a plain
   * {@code GET} (no WebSocket upgrade); null for anything else, which the library handles.
   */
  byte[] answer(ByteBuffer request) {
    String head = headOf(request);
    if (head == null || !head.startsWith("GET ")) {
      return null;
    }
    String host = null;
    for (String line : head.split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("upgrade:")) {
        return null; // a WebSocket handshake, however odd: the library's to judge
      }
      if (lower.startsWith("host:")) {
        host = line.substring("host:".length()).strip();
      }
    }
    return response(pageUrl(host, settings.get()));
  }

  /** The page's address, on the host name the browser used for this port. */
  static String pageUrl(String hostHeader, Settings settings) {
    if (!settings.text(PUBLIC_URL).isEmpty()) {
      return settings.text(PUBLIC_URL) + "/client.html";
    }
    String name = hostHeader == null ? "" : hostHeader.replaceFirst(":[0-9]{1,5}$", "");
    if (!HOST_NAME.matcher(name).matches()) {
      name = "localhost";
    }
    String scheme = settings.text(TLS).equals("off") ? "http" : "https";
    return scheme + "://" + name + ":" + settings.integer(HTTP_PORT) + "/client.html";
  }

  /** The request head in {@code bytes}, up to its empty line; null if it is not all there. */
  private static String headOf(ByteBuffer bytes) {
    byte[] copy = new byte[bytes.remaining()];
    bytes.duplicate().get(copy);
    String text = new String(copy, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    return end < 0 ? null : text.substring(0, end);
  }

  private static byte[] response(String pageUrl) {
    // pageUrl holds only the characters HOST_NAME and the settings allow: nothing to escape.
    byte[] body = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>Image Stream: frame server</title></head>\n"
        + "<body style=\"font-family: system-ui, sans-serif; margin: 1.2rem\">\n"
        + "<h1 style=\"font-size: 1.3rem\">Image Stream's frame server</h1>\n"
        + "<p>This port carries the page's frames. If your browser asked you to accept its"
        + " certificate, it has it now.</p>\n"
        + "<p><a id=\"page\" href=\"" + pageUrl + "\">Back to the page</a></p>\n"
        + "</body></html>\n").getBytes(StandardCharsets.UTF_8);
    byte[] head = ("HTTP/1.1 200 OK\r\n"
        + "Content-Type: text/html; charset=utf-8\r\n"
        + "Content-Length: " + body.length + "\r\n"
        + "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n"
        + "X-Content-Type-Options: nosniff\r\n"
        + "Referrer-Policy: no-referrer\r\n"
        + "Cache-Control: no-store\r\n"
        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    return ByteBuffer.allocate(head.length + body.length).put(head).put(body).array();
  }
}
