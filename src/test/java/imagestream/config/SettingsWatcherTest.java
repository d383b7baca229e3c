package imagestream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.Await;
import imagestream.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SettingsWatcher: edits applied once settled, bad edits and refused ones kept out, ports kept. */
class SettingsWatcherTest {

  @TempDir Path dir;
  private final List<Settings> applied = new ArrayList<>();
  private SettingsWatcher watcher;

  @AfterEach
  void close() {
    if (watcher != null) {
      watcher.close();
    }
  }

  private Path write(String... lines) throws IOException {
    return Files.writeString(dir.resolve(".env"), String.join("\n", lines) + "\n");
  }

  /** A watcher on {@code lines} that the test polls by hand, so it needs no timing. */
  private void openPolledByHand(String... lines) throws IOException {
    open(lines);
    watcher.start(applied::add);
    watcher.close();
  }

  /** Writes {@code lines} and polls twice: once to see the change, once to see it settled. */
  private void writeAndSettle(String... lines) throws IOException {
    write(lines);
    watcher.poll();
    watcher.poll();
  }

  private SettingsWatcher open(String... lines) throws IOException {
    watcher = SettingsWatcher.open(write(lines), "Test server");
    return watcher;
  }

  @Test
  void editIsAppliedOnceItHasSettled() throws IOException {
    open("SERVER_WIDTH=64", "WS_PORT=7001");
    watcher.start(applied::add);
    watcher.close(); // polled by hand below, so the test needs no timing
    Settings before = watcher.current();
    write("SERVER_WIDTH=32", "WS_PORT=7001", "PROCESSING=grayscale,edges");
    watcher.poll();
    assertSame(before, watcher.current(), "a change seen once may be a save in progress");
    watcher.poll();
    assertEquals(32, watcher.current().integer(Setting.SERVER_WIDTH));
    assertEquals("grayscale,edges", watcher.current().processing().toString());
    assertEquals(List.of(watcher.current()), applied);
    watcher.poll();
    assertEquals(1, applied.size(), "an unchanged file is not applied again");
  }

  @Test
  void invalidEditKeepsTheLastGoodSettings() throws IOException {
    openPolledByHand("SERVER_WIDTH=64");
    Settings good = watcher.current();
    writeAndSettle("SERVER_WIDTH=wide");
    assertSame(good, watcher.current());
    assertEquals(List.of(), applied);
    writeAndSettle("SERVER_WIDTH=48");
    assertEquals(48, watcher.current().integer(Setting.SERVER_WIDTH), "a later good edit still applies");
  }

  @Test
  void unknownProcessorIsAnInvalidEdit() throws IOException {
    openPolledByHand("PROCESSING=grayscale");
    writeAndSettle("PROCESSING=grayscale,sepia", "SERVER_WIDTH=80");
    assertEquals("grayscale", watcher.current().processing().toString());
    assertEquals(40, watcher.current().integer(Setting.SERVER_WIDTH), "none of the edit applies");
  }

  @Test
  void editRefusedByTheServerKeepsTheLastGoodSettings() throws IOException {
    open("SERVER_WIDTH=64");
    watcher.start(settings -> {
      throw new SettingsException("PROCESSING", "x", "something the server can do");
    });
    watcher.close();
    Settings good = watcher.current();
    writeAndSettle("SERVER_WIDTH=32");
    assertSame(good, watcher.current());
  }

  @Test
  void hostAndPortsKeepTheirStartingValues() throws IOException {
    openPolledByHand("HOST=127.0.0.1", "WS_PORT=7001", "HTTP_PORT=7002", "CLIENT_WIDTH=64");
    writeAndSettle("HOST=0.0.0.0", "WS_PORT=7101", "HTTP_PORT=7102", "CLIENT_WIDTH=320");
    Settings now = watcher.current();
    assertEquals(320, now.integer(Setting.CLIENT_WIDTH));
    assertEquals("127.0.0.1", now.text(Setting.HOST));
    assertEquals(7001, now.integer(Setting.WS_PORT));
    assertEquals(7002, now.integer(Setting.HTTP_PORT));

    writeAndSettle("HOST=0.0.0.0", "WS_PORT=7201", "HTTP_PORT=7102", "CLIENT_WIDTH=320");
    assertEquals(1, applied.size(), "a change of ports alone changes nothing in force");
  }

  @Test
  void aChangedKeystorePasswordIsLoggedHidden() throws IOException {
    openPolledByHand("TLS_KEYSTORE_PASSWORD=first-secret");
    try (LogCapture log = LogCapture.start()) {
      writeAndSettle("TLS_KEYSTORE_PASSWORD=second-secret");
      String lines = String.join("\n", log.lines());
      assertTrue(lines.contains("TLS_KEYSTORE_PASSWORD=(hidden)"), lines);
      assertTrue(!lines.contains("first-secret") && !lines.contains("second-secret"), lines);
    }
  }

  @Test
  void removedFileKeepsTheSettings() throws IOException {
    openPolledByHand("SERVER_WIDTH=64");
    Files.delete(dir.resolve(".env"));
    watcher.poll();
    watcher.poll();
    assertEquals(64, watcher.current().integer(Setting.SERVER_WIDTH));
    assertEquals(List.of(), applied);
  }

  @Test
  void invalidFileAtStartIsASettingsException() throws IOException {
    Path env = write("WS_PORT=abc");
    SettingsException e = assertThrows(SettingsException.class, () -> SettingsWatcher.open(env, "Test server"));
    assertEquals("WS_PORT", e.key());
  }

  /** An Error from the server while it applies an edit is logged, and the watcher goes on. */
  @Test
  @Timeout(10)
  void pollingGoesOnAfterTheServerThrowsAnError() throws Exception {
    open("SERVER_HEIGHT=48");
    CountDownLatch failed = new CountDownLatch(1);
    watcher.start(settings -> {
      if (failed.getCount() > 0) {
        failed.countDown();
        throw new AssertionError("the server failed to apply it");
      }
      applied.add(settings);
    });
    write("SERVER_HEIGHT=24");
    assertTrue(failed.await(5, TimeUnit.SECONDS), "the edit reached the server");
    write("SERVER_HEIGHT=12");
    Await.until("a later edit to apply", () -> watcher.current().integer(Setting.SERVER_HEIGHT) == 12);
  }

  /** The real polling thread: an edit is in force well within a second (here: within 5 s). */
  @Test
  @Timeout(10)
  void pollingThreadAppliesAnEdit() throws Exception {
    open("SERVER_HEIGHT=48");
    watcher.start(applied::add);
    long start = System.nanoTime();
    write("SERVER_HEIGHT=24");
    Await.until("the edit to apply", () -> watcher.current().integer(Setting.SERVER_HEIGHT) == 24);
    System.out.printf("SettingsWatcherTest: edit in force after %d ms%n", (System.nanoTime() - start) / 1_000_000);
  }
}
