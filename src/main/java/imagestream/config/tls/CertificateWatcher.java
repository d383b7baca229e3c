package imagestream.config.tls;

import imagestream.config.FilePoller;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up a renewed certificate without a restart: polls the TLS files (certificate and key,
 * or keystore) every {@value #POLL_MILLIS} ms and, once a change has stayed the same for one
 * poll (certbot replaces the certificate and the key one after the other), loads them again and
 * hands the result to the key manager, so new connections get it; connections already open keep
 * theirs. Files that cannot be used leave the material in use as it was, with one log line.
 */
public final class CertificateWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CertificateWatcher.class);

  /** How often the files are read, in milliseconds. */
  public static final long POLL_MILLIS = 1000;

  private final FilePoller poller;
  private final Supplier<TlsMaterial> loader;
  private final ReloadingKeyManager keys;
  private final String server;

  private CertificateWatcher(
      List<Path> files, Supplier<TlsMaterial> loader, ReloadingKeyManager keys, String server) {
    this.poller = FilePoller.of(files, "certificate-watcher");
    this.loader = loader;
    this.keys = keys;
    this.server = server;
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
    poller.start(POLL_MILLIS, this::reload,
        e -> log.warn("{} could not check its TLS files for changes: {}", server, e.toString()));
    return this;
  }

  /** Stops polling. */
  @Override
  public void close() {
    poller.close();
  }

  /** One poll: loads the files if they changed and have settled since the last poll. */
  void poll() {
    if (poller.changed()) {
      reload();
    }
  }

  private void reload() {
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
}
