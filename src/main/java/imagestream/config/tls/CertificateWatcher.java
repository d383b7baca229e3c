package imagestream.config.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up a renewed certificate without a restart: polls the TLS files (certificate and key,
 * or keystore) every {@value #POLL_MILLIS} ms and, once a change has stayed the same for one
 * poll (certbot replaces the certificate and the key one after the other), loads them again and
 * hands the result to the key manager, so new connections get it; connections already open keep
 * theirs. New files that cannot be used leave the material in use as it was, with one log line.
 * It polls for the reasons {@code SettingsWatcher} gives.
 */
public final class CertificateWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CertificateWatcher.class);

  /** How often the files are read, in milliseconds. */
  public static final long POLL_MILLIS = 1000;

  private final List<Path> files;
  private final Supplier<TlsMaterial> loader;
  private final ReloadingKeyManager keys;
  private final String server;
  private final ScheduledExecutorService timer;
  // Touched only by the polling thread (and the constructor).
  private List<byte[]> handled;
  private List<byte[]> pending;

  private CertificateWatcher(
      List<Path> files, Supplier<TlsMaterial> loader, ReloadingKeyManager keys, String server) {
    this.files = List.copyOf(files);
    this.loader = loader;
    this.keys = keys;
    this.server = server;
    this.handled = read();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "certificate-watcher");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Watches {@code files} as they are now (the ones {@code keys} was loaded from).
   *
   * @param loader loads and checks the files again, throwing {@link TlsException} if they
   *     cannot be used, e.g. {@code () -> PemMaterial.load(cert, key, clock.instant())}
   * @param server names the server in the log, e.g. "Page server"
   */
  public static CertificateWatcher watch(List<Path> files, Supplier<TlsMaterial> loader,
      ReloadingKeyManager keys, String server) {
    return new CertificateWatcher(files, loader, keys, server);
  }

  /** Starts polling. */
  public CertificateWatcher start() {
    timer.scheduleWithFixedDelay(this::pollSafely, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Stops polling. */
  @Override
  public void close() {
    timer.shutdownNow();
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      // An exception would cancel the schedule: watching must outlive any one bad poll.
      log.warn("{} could not check its TLS files for changes: {}", server, e.toString());
    }
  }

  /** One poll: reads the files and loads them if they changed and have settled since the last. */
  void poll() {
    List<byte[]> seen = read();
    if (same(seen, handled)) {
      pending = null;
      return;
    }
    if (!same(seen, pending)) {
      pending = seen; // changed since the last poll: wait until it settles
      return;
    }
    handled = seen;
    pending = null;
    try {
      TlsMaterial renewed = loader.get();
      keys.use(renewed);
      log.info("{} uses the renewed TLS certificate (SHA-256 {}, valid until {}) for new connections",
          server, renewed.fingerprint(), renewed.certificate().getNotAfter().toInstant());
    } catch (TlsException e) {
      log.warn("{} keeps its TLS certificate: the changed files cannot be used: {}",
          server, e.getMessage());
    }
  }

  /** Each file's bytes, null for one that is missing or unreadable at the moment. */
  private List<byte[]> read() {
    List<byte[]> contents = new ArrayList<>();
    for (Path file : files) {
      try {
        contents.add(Files.readAllBytes(file));
      } catch (IOException e) {
        contents.add(null);
      }
    }
    return contents;
  }

  private static boolean same(List<byte[]> a, List<byte[]> b) {
    if (a == null || b == null || a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
