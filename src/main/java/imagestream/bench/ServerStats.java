package imagestream.bench;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import com.fasterxml.jackson.jr.ob.JSON;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * Asks a server for its frame counters with {@code {"type":"stats"}} messages on a connection of
 * its own, opened before the warm-up: one opened between the warm-up and the measured time would
 * put its handshake (with TLS, a key exchange, and the JIT compiling it) into the measured CPU
 * time. A server that does not answer (e.g. the original Python template's) or refuses the
 * connection gives no figures.
 */
final class ServerStats extends WebSocketClient {

  private static final int WAIT_SECONDS = 2;

  private volatile CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();

  private ServerStats(URI url) {
    super(url);
  }

  /** Opens the probe's connection; a probe that could not connect answers nothing. */
  static ServerStats open(URI url) throws InterruptedException {
    ServerStats probe = new ServerStats(url);
    probe.connectBlocking(WAIT_SECONDS, TimeUnit.SECONDS);
    return probe;
  }

  /** The server's counters now ({@code processed}, {@code dropped}, ...), if it answers in time. */
  Optional<Map<String, Object>> ask() throws InterruptedException {
    if (!isOpen()) {
      return Optional.empty();
    }
    CompletableFuture<Map<String, Object>> next = new CompletableFuture<>();
    answer = next;
    send("{\"type\":\"stats\"}");
    try {
      return Optional.of(next.get(WAIT_SECONDS, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    }
  }

  /**
   * The counters' growth from {@code before} to {@code after}, if the server told both; the
   * connections open are a count of the moment, not a counter, and are left out.
   */
  static Optional<Map<String, Object>> difference(
      Optional<Map<String, Object>> before, Optional<Map<String, Object>> after) {
    if (before.isEmpty() || after.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> growth = new LinkedHashMap<>();
    after.get().forEach((key, value) -> {
      if (!key.equals("connections") && value instanceof Number a
          && before.get().get(key) instanceof Number b) {
        growth.put(key, a.longValue() - b.longValue());
      }
    });
    return Optional.of(growth);
  }

  @Override
  public void onOpen(ServerHandshake handshake) {}

  @Override
  public void onMessage(String message) {
    try {
      Map<String, Object> json = JSON.std.mapFrom(message);
      if ("stats".equals(json.get("type"))) {
        answer.complete(json);
      }
    } catch (java.io.IOException e) {
      // not an answer to us
    }
  }

  @Override
  public void onMessage(ByteBuffer bytes) {}

  @Override
  public void onClose(int code, String reason, boolean remote) {
    answer.completeExceptionally(new IllegalStateException("closed"));
  }

  @Override
  public void onError(Exception e) {
    answer.completeExceptionally(e);
  }
}
