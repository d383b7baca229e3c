package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code start_server.sh} as a user runs it: both servers come up, with a JVM that ends when out of
 * memory, and SIGINT stops both.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class StartScriptIT {

  @Test
  void startsBothServersAndStopsBothOnSigint() throws Exception {
    int wsPort = freePort();
    int httpPort = freePort();
    ProcessBuilder builder = new ProcessBuilder("./start_server.sh").redirectErrorStream(true);
    builder.environment().put("HOST", "127.0.0.1");
    builder.environment().put("WS_PORT", Integer.toString(wsPort));
    builder.environment().put("HTTP_PORT", Integer.toString(httpPort));
    Process script = builder.start();
    try {
      String url = "http://127.0.0.1:" + httpPort + "/client.html";
      CompletableFuture<String> announced = readUntil(script, "Open " + url);
      assertTrue(announced.get(60, TimeUnit.SECONDS).contains(url));

      List<ProcessHandle> servers = script.descendants().filter(p -> p.info().command()
          .map(c -> c.endsWith("java")).orElse(false)).toList();
      assertEquals(2, servers.size(), "two server JVMs should run under the script");
      for (ProcessHandle server : servers) {
        // Out of memory, a server must end (and the script then stop the other), not run on.
        List<String> arguments = server.info().arguments().map(List::of).orElse(List.of());
        assertTrue(arguments.contains("-XX:+ExitOnOutOfMemoryError"), "JVM options: " + arguments);
      }
      assertTrue(accepts(wsPort), "the WebSocket port should accept connections");
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());

      new ProcessBuilder("kill", "-INT", Long.toString(script.pid())).start().waitFor();
      assertTrue(script.waitFor(10, TimeUnit.SECONDS), "the script should exit after SIGINT");
      for (ProcessHandle server : servers) {
        server.onExit().get(5, TimeUnit.SECONDS);
        assertFalse(server.isAlive(), "no server JVM may outlive the script");
      }
      assertFalse(accepts(wsPort), "the WebSocket port should be closed");
      assertFalse(accepts(httpPort), "the page server's port should be closed");
    } finally {
      script.descendants().forEach(ProcessHandle::destroyForcibly);
      script.destroyForcibly();
    }
  }

  /** Completes with the output so far once a line contains {@code text}. */
  static CompletableFuture<String> readUntil(Process process, String text) {
    CompletableFuture<String> found = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      StringBuilder seen = new StringBuilder();
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          System.out.println("start_server.sh: " + line);
          seen.append(line).append('\n');
          if (line.contains(text)) {
            found.complete(seen.toString());
          }
        }
      } catch (IOException e) {
        found.completeExceptionally(e);
      }
      found.completeExceptionally(new AssertionError("the script ended without announcing:\n" + seen));
    }, "start-script-output");
    reader.setDaemon(true);
    reader.start();
    return found;
  }

  /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
