package imagestream.http;

import static imagestream.config.Setting.HOST;
import static imagestream.config.Setting.HTTP_PORT;
import static imagestream.config.Setting.WS_PATH;
import static imagestream.config.Setting.WS_PORT;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import imagestream.config.Settings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the page server's few URLs (the page, and {@code /healthz} and {@code /readyz} for
 * probes); nothing else is served, and nothing but the page template is ever read from disk. Only GET and HEAD are allowed; over-long URLs get 414.
 */
final class PageHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(PageHandler.class);

  /** The page's path. */
  static final String PAGE = "/client.html";

  /** Longest request target answered with anything but 414; ours are a dozen characters. */
  static final int MAX_URI_LENGTH = 2048;

  /**
   * Headers of every answer, errors included: no guessing of types, no leaking of URLs, no
   * caching. {@link PageGate} adds them to the answers the JDK's server writes by itself.
   */
  static final Map<String, String> SAFE_HEADERS = safeHeaders();

  private final PageTemplate template;
  private final Supplier<Settings> settings;
  private volatile boolean stopping;

  PageHandler(PageTemplate template, Supplier<Settings> settings) {
    this.template = template;
    this.settings = settings;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      SAFE_HEADERS.forEach(exchange.getResponseHeaders()::set);
      // One request per connection (PageGate sends the server no other): say so.
      exchange.getResponseHeaders().set("Connection", "close");
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain", "Method not allowed\n");
        return;
      }
      if (exchange.getRequestURI().getRawPath() == null
          || exchange.getRequestURI().toString().length() > MAX_URI_LENGTH) {
        send(exchange, 414, "text/plain", "URI too long\n");
        return;
      }
      // The raw path, compared exactly: encoded tricks such as /%2e%2e/ match nothing.
      switch (exchange.getRequestURI().getRawPath()) {
        case "/" -> {
          exchange.getResponseHeaders().set("Location", PAGE);
          send(exchange, 302, "text/plain", "See " + PAGE + "\n");
        }
        case PAGE -> servePage(exchange);
        case "/healthz" -> send(exchange, 200, "text/plain", "ok\n");
        case "/readyz" -> send(exchange, stopping ? 503 : 200, "text/plain", stopping ? "stopping\n" : "ready\n");
        default -> send(exchange, 404, "text/plain", "Not found\n");
      }
    }
  }

  /** The server is stopping: {@code /readyz} says 503 from now on, so balancers stop sending. */
  void stopping() {
    stopping = true;
  }

  private static Map<String, String> safeHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("Cache-Control", "no-store");
    return Collections.unmodifiableMap(headers);
  }

  private void servePage(HttpExchange exchange) throws IOException {
    Settings current = settings.get();
    String page;
    try {
      page = template.render(current); // the one read from disk
    } catch (IOException | IllegalArgumentException e) {
      log.error("Cannot serve {}: {}", template.file(), e.getMessage());
      send(exchange, 500, "text/plain", "The page template could not be read; see the server log\n");
      return;
    }
    // The page connects to the host it was loaded from, so that host is the one to allow.
    String ws = PageSecurityPolicy.webSocketAuthority(
        exchange.getRequestHeaders().getFirst("Host"), current.text(HOST), current.text(WS_PATH),
        current.integer(WS_PORT), current.integer(HTTP_PORT));
    exchange.getResponseHeaders().set("Content-Security-Policy", PageSecurityPolicy.of(page, ws));
    exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
    exchange.getResponseHeaders().set("Permissions-Policy", "camera=(self), microphone=()");
    send(exchange, 200, "text/html; charset=utf-8", page);
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
