package imagestream.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The probes of load balancers and Kubernetes beside {@code /metrics}: {@code /healthz} answers
 * 200 while the process runs, {@code /readyz} 200 while the server takes new clients and 503
 * otherwise (starting, or in a graceful stop); any other path is 404.
 */
final class Probes implements HttpHandler {

  private final BooleanSupplier ready;

  /** @param ready whether the server takes new clients now */
  Probes(BooleanSupplier ready) {
    this.ready = ready;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      switch (exchange.getRequestURI().getRawPath()) {
        case "/healthz" -> send(exchange, 200, "ok\n");
        case "/readyz" -> {
          if (ready.getAsBoolean()) {
            send(exchange, 200, "ready\n");
          } else {
            send(exchange, 503, "not ready\n");
          }
        }
        default -> send(exchange, 404, "Not found: the metrics are at /metrics\n");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
