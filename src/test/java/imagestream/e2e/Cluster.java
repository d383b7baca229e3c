package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.Await;
import com.fasterxml.jackson.jr.ob.JSON;
import imagestream.ws.TestClient;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * {@code scripts/cluster.sh} as a user runs it, on 127.0.0.1 and free ports: the frame servers,
 * the page server and Debian's nginx, each a real process, found by what the script prints.
 * Outside CI a machine without nginx skips the test, saying how to install it; in CI the nginx
 * tests must run.
 */
final class Cluster implements AutoCloseable {

  private static final File NGINX = new File("/usr/sbin/nginx");
  private static final Pattern FRAME_SERVER =
      Pattern.compile("Frame server (\\d+) of \\d+: (ws://\\S+) \\(pid (\\d+)\\)");
  private static final Pattern PAGE_SERVER = Pattern.compile("^Page server: \\S+ \\(pid (\\d+)\\)");
  private static final Pattern NGINX_PID = Pattern.compile("^nginx: pid (\\d+),");
  private static final Pattern OPEN = Pattern.compile("Open (\\S+)/client\\.html in your browser");

  /** One frame server: its own address (not through nginx) and process. */
  record FrameServer(URI url, ProcessHandle process) {

    /** Frames it has processed since it started, by its own count ({@code stats} message). */
    long processed() throws Exception {
      return stat("processed");
    }

    /** Connections open on it now, by its own count, not counting the one that asks. */
    long connections() throws Exception {
      return stat("connections") - 1;
    }

    private long stat(String name) throws Exception {
      TestClient client = new TestClient(url);
      try {
        assertTrue(client.connectBlocking(5, TimeUnit.SECONDS), "connects to " + url);
        client.send("{\"type\":\"stats\"}");
        Map<String, Object> stats = JSON.std.mapFrom((String) client.next());
        return ((Number) stats.get(name)).longValue();
      } finally {
        client.close();
      }
    }
  }

  private final Process script;
  private final List<String> output = new ArrayList<>();
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final List<FrameServer> frameServers = new ArrayList<>();
  private long nginxPid;
  private long pagePid;
  private String publicUrl;

  private Cluster(Process script) {
    this.script = script;
    Thread reader = new Thread(this::read, "cluster-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Runs the script with {@code frameServers} frame servers and {@code environment} on top of
   * free ports, and waits until it prints the public URL.
   */
  static Cluster start(int frameServers, Map<String, String> environment) throws Exception {
    if (!NGINX.canExecute() && System.getenv("CI") == null) {
      Assumptions.abort("The load-balancer tests need nginx: sudo apt-get install -y nginx-light");
    }
    ProcessBuilder builder = new ProcessBuilder("scripts/cluster.sh").redirectErrorStream(true);
    builder.environment().putAll(Map.of(
        "HOST", "127.0.0.1",
        "FRAME_SERVERS", Integer.toString(frameServers),
        "WS_PORT", Integer.toString(freePorts(frameServers)),
        "HTTP_PORT", Integer.toString(freePorts(1)),
        "PUBLIC_PORT", Integer.toString(freePorts(1)),
        "NGINX_BINARY", NGINX.getPath()));
    builder.environment().putAll(environment);
    Cluster cluster = new Cluster(builder.start());
    try {
      cluster.started.get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      cluster.close();
      throw new AssertionError("cluster.sh did not start: " + cluster.output(), e);
    }
    return cluster;
  }

  /** The frame servers, in the order the script started them. */
  List<FrameServer> frameServers() {
    return frameServers;
  }

  /** nginx's master process. */
  ProcessHandle nginx() {
    return ProcessHandle.of(nginxPid).orElseThrow();
  }

  /** The address browsers open, e.g. {@code http://127.0.0.1:41234}. */
  String publicUrl() {
    return publicUrl;
  }

  /** The WebSocket through nginx, as the page reaches it. */
  URI webSocket() {
    return URI.create(publicUrl.replaceFirst("^http", "ws") + "/ws");
  }

  /** Everything the script has printed so far. */
  synchronized String output() {
    return String.join("\n", output);
  }

  /** Waits up to 10 s for a line containing {@code text}. */
  void awaitLine(String text) throws InterruptedException {
    Await.until("a line with \"" + text + "\"", Duration.ofSeconds(10), () -> output().contains(text));
  }

  /**
   * Stops the script with SIGTERM as a service manager does.
   *
   * @return its exit status
   */
  int stop() throws Exception {
    script.destroy();
    assertTrue(script.waitFor(20, TimeUnit.SECONDS), "cluster.sh should exit after SIGTERM");
    return script.exitValue();
  }

  /** Every process it started that is alive now: the servers, nginx and nginx's workers. */
  List<ProcessHandle> processes() {
    List<ProcessHandle> all = new ArrayList<>();
    frameServers.forEach(f -> all.add(f.process()));
    ProcessHandle.of(pagePid).ifPresent(all::add);
    ProcessHandle.of(nginxPid).ifPresent(nginx -> {
      all.add(nginx);
      nginx.descendants().forEach(all::add);
    });
    return all.stream().filter(ProcessHandle::isAlive).toList();
  }

  @Override
  public void close() {
    script.descendants().forEach(ProcessHandle::destroyForcibly);
    script.destroyForcibly();
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        System.out.println("cluster.sh: " + line);
        synchronized (this) {
          output.add(line);
        }
        Matcher frame = FRAME_SERVER.matcher(line);
        Matcher page = PAGE_SERVER.matcher(line);
        Matcher nginx = NGINX_PID.matcher(line);
        Matcher open = OPEN.matcher(line);
        if (frame.find()) {
          frameServers.add(new FrameServer(URI.create(frame.group(2)),
              ProcessHandle.of(Long.parseLong(frame.group(3))).orElseThrow()));
        } else if (page.find()) {
          pagePid = Long.parseLong(page.group(1));
        } else if (nginx.find()) {
          nginxPid = Long.parseLong(nginx.group(1));
        } else if (open.find()) {
          publicUrl = open.group(1);
          started.complete(null);
        }
      }
    } catch (IOException e) {
      started.completeExceptionally(e);
    }
    started.completeExceptionally(new AssertionError("the script ended"));
  }

  /** A free port on 127.0.0.1. */
  static int freePort() throws IOException {
    return freePorts(1);
  }

  /** The first of {@code count} consecutive free ports on 127.0.0.1. */
  private static int freePorts(int count) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int first;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        first = socket.getLocalPort();
      }
      if (first + count <= 65535 && allFree(first + 1, count - 1)) {
        return first;
      }
    }
    throw new IOException("no " + count + " consecutive free ports");
  }

  private static boolean allFree(int first, int count) {
    for (int port = first; port < first + count; port++) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        // free
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
