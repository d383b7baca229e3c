package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.ReadyFile;
import imagestream.bench.ServerProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the packaged jar in its own JVM, as the start scripts run it: on 127.0.0.1 and
 * free ports, in a folder of its own, its output in {@code server.log} there.
 */
public final class ServerJvm implements AutoCloseable {

  /** The options {@code start_server.sh} gives the frame server's JVM. */
  public static final List<String> FRAME_SERVER_OPTIONS =
      List.of("-XX:+ExitOnOutOfMemoryError", "-Xms128m", "-Xmx256m", "-Xmn24m", "-XX:+AlwaysPreTouch");

  private final Process process;
  private final Path dir;

  private ServerJvm(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  /**
   * Starts {@code mainClass} in {@code dir} with {@code settings} as environment variables; the
   * test classes are on its classpath too, so their processors can be named.
   */
  public static ServerJvm start(
      Path dir, String mainClass, List<String> jvmOptions, Map<String, String> settings)
      throws IOException {
    Path project = Path.of("").toAbsolutePath();
    String classpath = String.join(File.pathSeparator,
        project.resolve("target/image-stream.jar").toString(),
        project.resolve("target/lib/*").toString(),
        project.resolve("target/test-classes").toString());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, mainClass));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile());
    builder.environment().putAll(Map.of("HOST", "127.0.0.1", "WS_PORT", "0", "HTTP_PORT", "0"));
    builder.environment().putAll(settings);
    builder.environment().put(ReadyFile.VARIABLE, dir.resolve("ready").toString());
    return new ServerJvm(builder.start(), dir);
  }

  /** The URL the server announces once it accepts connections; fails if it dies first. */
  public String awaitReady() throws IOException, InterruptedException {
    Path ready = dir.resolve("ready");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(ready)) {
      assertTrue(process.isAlive(), () -> "the server died: " + log());
      assertTrue(System.nanoTime() < deadline, () -> "not ready within 30 s: " + log());
      Thread.sleep(50);
    }
    return Files.readString(ready).strip();
  }

  /** The process. */
  public Process process() {
    return process;
  }

  /** Its resident set size in kB (Linux); -1 if it is gone. */
  public long rssKb() {
    return new ServerProcess(process.pid()).rssKb().orElse(-1L);
  }

  /** What it has written so far. */
  public String log() {
    try {
      return Files.readString(dir.resolve("server.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Kills it if it still runs. */
  @Override
  public void close() {
    process.destroyForcibly();
  }
}
