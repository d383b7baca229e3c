package imagestream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What the servers log while a test runs: slf4j-simple writes each line to {@code System.err} as
 * it is at that moment, so this puts a copying stream there until closed. Tests run one at a time
 * in their JVM, so the lines are the test's own.
 */
public final class LogCapture implements AutoCloseable {

  private final PrintStream original = System.err;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  private LogCapture() {
    System.setErr(new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        original.write(b);
        synchronized (copy) {
          copy.write(b);
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        original.write(b, off, len);
        synchronized (copy) {
          copy.write(b, off, len);
        }
      }
    }, true, StandardCharsets.UTF_8));
  }

  /** Starts capturing. */
  public static LogCapture start() {
    return new LogCapture();
  }

  /** The lines logged so far. */
  public List<String> lines() {
    synchronized (copy) {
      return copy.toString(StandardCharsets.UTF_8).lines().toList();
    }
  }

  /** The lines logged so far that {@code match}. */
  public List<String> lines(Predicate<String> match) {
    return lines().stream().filter(match).toList();
  }

  /** The one line logged so far that contains {@code text}; fails if there are none or more. */
  public String single(String text) {
    List<String> found = lines(line -> line.contains(text));
    assertEquals(1, found.size(), "lines with \"" + text + "\": " + found);
    return found.get(0);
  }

  /** Waits up to {@code seconds} for a line containing {@code text}, and returns it. */
  public String await(String text, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      List<String> found = lines(line -> line.contains(text));
      if (!found.isEmpty()) {
        return found.get(0);
      }
      assertTrue(System.nanoTime() < deadline, "no line with \"" + text + "\" within " + seconds + " s");
      Thread.sleep(10);
    }
  }

  /** Puts the original stream back. */
  @Override
  public void close() {
    System.setErr(original);
  }
}
