package imagestream;

import imagestream.config.tls.SelfSignedCertificate;
import imagestream.config.tls.TlsMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A self-signed certificate for 127.0.0.1, localhost and camera.test, made at test time in a
 * folder as {@code TLS=files} reads it ({@code TLS_CERT}, {@code TLS_KEY}), and clients that
 * trust it and nothing else.
 */
public final class TestCertificate {

  /** The names every test certificate covers. */
  public static final List<String> NAMES = List.of("127.0.0.1", "localhost", "camera.test");

  private final Path cert;
  private final Path key;
  private final TlsMaterial material;

  private TestCertificate(Path folder, TlsMaterial material) {
    this.cert = folder.resolve(SelfSignedCertificate.CERT_FILE);
    this.key = folder.resolve(SelfSignedCertificate.KEY_FILE);
    this.material = material;
  }

  /** A new certificate and key in {@code folder}, which must not hold one yet. */
  public static TestCertificate make(Path folder) {
    return new TestCertificate(folder, SelfSignedCertificate.obtain(folder, NAMES, Instant.now()));
  }

  /** The {@code .env} lines that serve it: {@code TLS=files} and its two files. */
  public List<String> envLines() {
    return List.of("TLS=files", "TLS_CERT=" + cert, "TLS_KEY=" + key);
  }

  /** {@link #envLines()} as settings. */
  public Map<String, String> settings() {
    return Map.of("TLS", "files", "TLS_CERT", cert.toString(), "TLS_KEY", key.toString());
  }

  /** The server's certificate. */
  public X509Certificate certificate() {
    return material.certificate();
  }

  /** The certificate and its key. */
  public TlsMaterial material() {
    return material;
  }

  /**
   * Puts {@code renewed}'s files in place of this one's, each replaced whole, key first (as a
   * renewal does); a server watching them then serves {@code renewed}.
   */
  public void replaceWith(TestCertificate renewed) throws IOException {
    Path keyTemp = Files.copy(renewed.key, key.resolveSibling("renewed-key.tmp"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.move(keyTemp, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Path certTemp = Files.copy(renewed.cert, cert.resolveSibling("renewed-cert.tmp"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.move(certTemp, cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** A client context trusting this certificate only. */
  public SSLContext clientContext() {
    return trusting(material.certificate());
  }

  /** A client context trusting {@code certificate} only. */
  public static SSLContext trusting(X509Certificate certificate) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load((InputStream) null, null);
      trust.setCertificateEntry("server", certificate);
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException("a client trusting the test certificate", e);
    }
  }

  /**
   * Whether a server on 127.0.0.1:{@code port} presents this certificate to a new connection
   * from 127.0.0.1; false if it presents another or the connection fails.
   */
  public boolean isPresentedBy(int port) {
    try {
      return presentedBy("127.0.0.1", port).equals(material.certificate());
    } catch (IOException e) {
      return false; // e.g. refused while the places of earlier tries are being freed
    }
  }

  /**
   * The certificate a server on 127.0.0.1:{@code port} presents to a new connection from
   * {@code from} (127.0.0.1, 127.0.0.2, ...), with any certificate trusted.
   */
  public static X509Certificate presentedBy(String from, int port) throws IOException {
    try (Socket plain = SilentClients.connect(from, port)) {
      plain.setSoTimeout(10_000);
      SSLSocket socket = (SSLSocket) trustingAnything().getSocketFactory()
          .createSocket(plain, "127.0.0.1", port, false);
      socket.startHandshake();
      X509Certificate presented = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      socket.close();
      return presented;
    }
  }

  /**
   * Measures and prints the median of 50 full TLS handshakes with {@code server} on
   * 127.0.0.1:{@code port}, after 20 to warm both ends up; fails if one fails or the median is
   * not milliseconds.
   */
  public void assertHandshakesTakeMilliseconds(String server, int port) throws IOException {
    medianHandshakeMillis(port, 20);
    double median = medianHandshakeMillis(port, 50);
    System.out.printf("%s: median of 50 full TLS handshakes (TCP connect included, client and"
        + " server on one machine): %.2f ms%n", server, median);
    if (median >= 500) {
      throw new AssertionError("a TLS handshake took " + median + " ms (median)");
    }
  }

  /**
   * The median time of {@code count} full TLS handshakes (TCP connect included) with a server on
   * 127.0.0.1:{@code port}, each from a new client context so that none resumes a session, in
   * milliseconds; every one must present this certificate.
   */
  private double medianHandshakeMillis(int port, int count) throws IOException {
    double[] millis = new double[count];
    for (int i = 0; i < count; i++) {
      SSLContext client = clientContext();
      long start = System.nanoTime();
      try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
        socket.startHandshake();
        millis[i] = (System.nanoTime() - start) / 1e6;
        if (!socket.getSession().getPeerCertificates()[0].equals(material.certificate())) {
          throw new AssertionError("another certificate was presented");
        }
      }
    }
    Arrays.sort(millis);
    return millis[count / 2];
  }

  /** A client context that takes any certificate: to see which one a server presents. */
  private static SSLContext trustingAnything() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String type) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String type) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
