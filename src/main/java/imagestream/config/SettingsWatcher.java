package imagestream.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies edits of {@code .env} while a server runs: a valid edit becomes the {@link #current()}
 * settings and is handed to the server; an invalid one is logged in one line naming the key, and
 * the last good settings stay. The keys marked {@link Setting.Applies#RESTART} need a restart,
 * which it says.
 *
 * <p>It polls: every {@value #POLL_MILLIS} ms it reads the file (a few hundred bytes) and applies
 * a change once the file has stayed the same for one poll (see {@link FilePoller}), so a save in
 * progress is never read half-written. An edit is in force within half a second.
 */
public final class SettingsWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SettingsWatcher.class);

  /** How often the file is read, in milliseconds. */
  public static final long POLL_MILLIS = 250;

  /** The keys only a restart applies, from the table. */
  private static final List<String> RESTART_KEYS =
      Setting.restartKeys().stream().map(Setting::name).toList();

  private final Path file;
  private final String server;
  private final FilePoller poller;
  private volatile Settings current;
  private volatile Consumer<Settings> listener = settings -> {};
  // Touched only by the polling thread (and the constructor).
  private Settings lastRead;

  private SettingsWatcher(Path file, String server) {
    this.file = file.toAbsolutePath();
    this.server = server;
    this.poller = FilePoller.of(List.of(this.file), "settings-watcher");
    this.current = SettingsLoader.load(this.file);
    this.lastRead = current;
  }

  /**
   * Loads the settings from {@code file} (a missing file means the defaults), ready to
   * {@link #start} watching it.
   *
   * @param server names the server in the log, e.g. "Page server", since both watch one file
   * @throws SettingsException if a value is not allowed
   */
  public static SettingsWatcher open(Path file, String server) {
    return new SettingsWatcher(file, server);
  }

  /** The settings in force: the last good version of the file, with the addresses it started on. */
  public Settings current() {
    return current;
  }

  /**
   * Starts polling; {@code onChange} gets every valid edit before it is in force, and may refuse
   * it by throwing a {@link SettingsException}.
   */
  public void start(Consumer<Settings> onChange) {
    listener = onChange;
    // Whatever a poll throws, an Error from the server too, the edit counts as handled: logged once.
    poller.start(POLL_MILLIS, this::reload,
        e -> log.warn("{} could not apply the edit of {}: {}; the last good settings stay in force",
            server, file, e.toString()));
  }

  /** Stops polling. */
  @Override
  public void close() {
    poller.close();
  }

  /** One poll: reads the file and applies it if it changed and has settled since the last poll. */
  void poll() {
    if (poller.changed()) {
      reload();
    }
  }

  private void reload() {
    Settings fresh;
    try {
      fresh = SettingsLoader.load(file);
    } catch (SettingsException e) {
      ignored(e);
      return;
    }
    Map<String, String> now = fresh.asMap();
    Map<String, String> before = lastRead.asMap();
    lastRead = fresh;
    List<String> restart = RESTART_KEYS.stream().filter(k -> !now.get(k).equals(before.get(k))).toList();
    if (!restart.isEmpty()) {
      log.warn("{}: {} changed in {}: restart the servers to apply {}",
          server, describe(restart, now), file, restart.size() == 1 ? "it" : "them");
    }
    Map<String, String> merged = new LinkedHashMap<>(now);
    Map<String, String> running = current.asMap();
    RESTART_KEYS.forEach(key -> merged.put(key, running.get(key)));
    List<String> live =
        merged.keySet().stream().filter(k -> !merged.get(k).equals(running.get(k))).toList();
    if (live.isEmpty()) {
      return;
    }
    Settings next = Settings.fromMap(merged);
    try {
      listener.accept(next);
    } catch (SettingsException e) {
      ignored(e);
      return;
    }
    current = next;
    log.info("{} applied {} from {}", server, describe(live, merged), file);
  }

  private void ignored(SettingsException e) {
    log.warn("{} ignored the edit of {}: {}; the last good settings stay in force",
        server, file, e.getMessage());
  }

  private static String describe(List<String> keys, Map<String, String> values) {
    return keys.stream().map(k -> k + "=" + Settings.shownValue(Setting.valueOf(k), values.get(k)))
        .collect(Collectors.joining(", "));
  }
}
