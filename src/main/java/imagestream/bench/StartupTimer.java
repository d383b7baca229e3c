package imagestream.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * Measures the frame server's start-up as a user sees it: from launching its JVM to the first
 * frame answered, on 127.0.0.1. Launches {@code imagestream.ws.FrameServerMain} with this
 * JVM's class path, several times, and prints each time and the median.
 *
 * <p>Options: {@code --runs N} (default 5), {@code --frames DIR} and {@code --size WxH} (the
 * frame sent: a photo of that folder, default one made in code; 640x480), {@code --java-opts
 * "..."} (default: those of {@code start_server.sh}).
 */
public final class StartupTimer {

  private static final long GIVE_UP_NANOS = 30_000_000_000L;

  private StartupTimer() {}

  /** Runs the measurement; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    int runs = 5;
    Path frames = null;
    int width = 640;
    int height = 480;
    String javaOpts = "-Xms128m -Xmx256m -Xmn24m -XX:+AlwaysPreTouch";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--frames" -> frames = Path.of(args[i + 1]);
        case "--java-opts" -> javaOpts = args[i + 1];
        case "--size" -> {
          String[] wh = args[i + 1].split("x");
          width = Integer.parseInt(wh[0]);
          height = Integer.parseInt(wh[1]);
        }
        default -> {
          System.err.println("Unknown option " + args[i]
              + "; expected --runs N, --frames DIR, --size WxH, --java-opts \"...\"");
          System.exit(2);
        }
      }
    }
    double[] millis = new double[runs];
    try {
      byte[] frame = FrameSource.of(frames).frames(width, height).get(0);
      for (int r = 0; r < runs; r++) {
        millis[r] = firstAnswerMillis(frame, javaOpts);
        System.out.printf(Locale.ROOT, "Run %d: first frame answered %.0f ms after launch%n", r + 1, millis[r]);
      }
    } catch (IOException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
    Arrays.sort(millis);
    System.out.printf(Locale.ROOT, "Start-up to first answered frame: median %.0f ms of %d runs (min %.0f, max %.0f)%n",
        millis[runs / 2], runs, millis[0], millis[runs - 1]);
  }

  /** Launches a server, sends {@code frame} as soon as it accepts, and times the answer. */
  static double firstAnswerMillis(byte[] frame, String javaOpts) throws Exception {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "imagestream.ws.FrameServerMain"));
    Path log = Files.createTempFile("startup-timer", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("HOST", "127.0.0.1");
    builder.environment().put("WS_PORT", Integer.toString(port));
    long start = System.nanoTime();
    Process server = builder.start();
    try {
      URI url = URI.create("ws://127.0.0.1:" + port);
      while (System.nanoTime() - start < GIVE_UP_NANOS) {
        if (!server.isAlive()) {
          throw new IOException("The server exited: " + Files.readString(log).strip());
        }
        FirstFrame client = new FirstFrame(url, frame);
        try {
          if (client.connectBlocking(1, TimeUnit.SECONDS)) {
            client.answer.get(10, TimeUnit.SECONDS);
            return (System.nanoTime() - start) / 1e6;
          }
        } catch (ExecutionException | TimeoutException e) {
          throw new IOException("The server did not answer the first frame: " + e.getMessage());
        } finally {
          client.close();
        }
        Thread.sleep(5); // not listening yet
      }
      throw new IOException("The server did not start within 30 s: " + Files.readString(log).strip());
    } finally {
      server.destroy();
      if (!server.waitFor(5, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
      Files.deleteIfExists(log);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Sends one frame once connected; completes when a binary reply arrives. */
  private static final class FirstFrame extends WebSocketClient {
    final CompletableFuture<Void> answer = new CompletableFuture<>();
    private final byte[] frame;

    FirstFrame(URI url, byte[] frame) {
      super(url);
      this.frame = frame;
      setTcpNoDelay(true);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
      send(frame);
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
      answer.complete(null);
    }

    @Override
    public void onMessage(String message) {
      answer.completeExceptionally(new IOException("the server answered " + message));
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {}

    @Override
    public void onError(Exception e) {}
  }
}
