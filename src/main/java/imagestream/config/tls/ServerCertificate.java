package imagestream.config.tls;

import static imagestream.config.Setting.HOST;
import static imagestream.config.Setting.TLS;
import static imagestream.config.Setting.TLS_CERT;
import static imagestream.config.Setting.TLS_KEY;
import static imagestream.config.Setting.TLS_KEYSTORE;
import static imagestream.config.Setting.TLS_KEYSTORE_PASSWORD;

import imagestream.StartException;
import imagestream.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's certificate as {@code TLS} sets it up: made for this machine ({@code self-signed})
 * or read from {@code TLS_CERT} and {@code TLS_KEY} or {@code TLS_KEYSTORE} ({@code files}, whose
 * renewals are watched), served through a {@link ReloadingKeyManager}.
 */
public final class ServerCertificate implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ServerCertificate.class);

  private final ServerTls tls;
  private final ReloadingKeyManager keys;
  private final CertificateWatcher watcher; // null when nothing is watched

  private ServerCertificate(ReloadingKeyManager keys, CertificateWatcher watcher) {
    this.tls = ServerTls.of(keys);
    this.keys = keys;
    this.watcher = watcher;
  }

  /**
   * The certificate {@code settings} ask for, logged with its SHA-256 fingerprint; empty when
   * {@code TLS=off}.
   *
   * @param server names the server in the log, e.g. "Page server"
   * @throws StartException in one line naming the key and the reason, if the files cannot be
   *     used (missing, unreadable, a key that does not match, expired, a wrong password) or the
   *     self-signed certificate cannot be kept
   */
  public static Optional<ServerCertificate> open(Settings settings, String server) {
    String mode = settings.text(TLS);
    if (mode.equals("off")) {
      return Optional.empty();
    }
    ServerCertificate certificate;
    try {
      certificate = mode.equals("self-signed") ? selfSigned(settings) : files(settings, server);
    } catch (TlsException | IOException | UncheckedIOException e) {
      throw new StartException(server + " cannot start with TLS=" + mode + ": " + e.getMessage());
    }
    TlsMaterial material = certificate.keys.material();
    log.info("{} serves TLS with the certificate of SHA-256 fingerprint {} ({}, valid until {})",
        server, material.fingerprint(),
        String.join(", ", SelfSignedCertificate.namesOf(material.certificate())),
        material.certificate().getNotAfter().toInstant());
    return Optional.of(certificate);
  }

  private static ServerCertificate selfSigned(Settings settings) throws IOException {
    TlsMaterial material = SelfSignedCertificate.obtain(SelfSignedCertificate.defaultFolder(),
        MachineAddresses.certificateNames(settings.text(HOST)), Instant.now());
    return new ServerCertificate(new ReloadingKeyManager(material), null);
  }

  private static ServerCertificate files(Settings settings, String server) {
    List<Path> files;
    Supplier<TlsMaterial> loader;
    if (settings.text(TLS_KEYSTORE).isEmpty()) {
      Path cert = Path.of(settings.text(TLS_CERT));
      Path key = Path.of(settings.text(TLS_KEY));
      files = List.of(cert, key);
      loader = () -> PemMaterial.load(cert, key, Instant.now());
    } else {
      Path keystore = Path.of(settings.text(TLS_KEYSTORE));
      String password = settings.text(TLS_KEYSTORE_PASSWORD);
      files = List.of(keystore);
      loader = () -> KeystoreMaterial.load(keystore, password.toCharArray(), Instant.now());
    }
    ReloadingKeyManager keys = new ReloadingKeyManager(loader.get());
    return new ServerCertificate(keys, CertificateWatcher.watch(files, loader, keys, server).start());
  }

  /** The context and parameters that serve the certificate, renewals included. */
  public ServerTls tls() {
    return tls;
  }

  /** The certificate and key new connections get. */
  public TlsMaterial material() {
    return keys.material();
  }

  /** Stops watching the files for renewals. */
  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
  }
}
