package imagestream.config.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.LogCapture;
import imagestream.StartException;
import imagestream.config.Settings;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate a server starts with, from its settings: none with {@code TLS=off}; PEM files
 * or a keystore with {@code TLS=files}, its fingerprint logged; and files it cannot use stop the
 * start with one line naming the key and the reason, never the password.
 */
class ServerCertificateTest {

  private final TestPki pki = new TestPki();

  @TempDir Path dir;

  private static Settings settings(String... keyValues) {
    Map<String, String> map = new HashMap<>(Map.of("HOST", "127.0.0.1"));
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return Settings.fromMap(map);
  }

  private static String startError(Settings settings) {
    StartException e = assertThrows(StartException.class,
        () -> ServerCertificate.open(settings, "Test server"));
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.getMessage();
  }

  @Test
  void offMeansNoCertificate() {
    assertEquals(Optional.empty(), ServerCertificate.open(settings(), "Test server"));
  }

  @Test
  void pemFilesAreServedAndTheirFingerprintLogged() throws Exception {
    KeyPair keys = TestPki.rsa();
    X509Certificate certificate = pki.server(keys);
    Path cert = TestPki.pem(dir.resolve("fullchain.pem"), certificate, pki.ca);
    Path key = TestPki.pem(dir.resolve("privkey.pem"), keys.getPrivate()); // PKCS#1 RSA
    try (LogCapture log = LogCapture.start();
        ServerCertificate served = ServerCertificate.open(settings("TLS", "files",
            "TLS_CERT", cert.toString(), "TLS_KEY", key.toString()), "Test server").orElseThrow()) {
      assertEquals(certificate, served.material().certificate());
      assertEquals(2, served.material().chain().size());
      String lines = String.join("\n", log.lines());
      assertTrue(lines.contains(served.material().fingerprint()), lines);
    }
  }

  @Test
  void aKeystoreIsServed() throws Exception {
    KeyPair keys = TestPki.ec();
    X509Certificate certificate = pki.server(keys);
    Path store = TestPki.pkcs12(dir.resolve("server.p12"), keys.getPrivate(),
        "right horse".toCharArray(), certificate);
    try (ServerCertificate served = ServerCertificate.open(settings("TLS", "files",
        "TLS_KEYSTORE", store.toString(), "TLS_KEYSTORE_PASSWORD", "right horse"), "Test server")
        .orElseThrow()) {
      assertEquals(certificate, served.material().certificate());
    }
  }

  @Test
  void unusableFilesStopTheStartInOneLineNamingTheKey() throws Exception {
    KeyPair keys = TestPki.ec();
    Path cert = TestPki.pem(dir.resolve("cert.pem"), pki.server(keys));
    Path otherKey = TestPki.pem(dir.resolve("other.pem"), TestPki.pkcs8(TestPki.ec().getPrivate()));
    String mismatch = startError(settings("TLS", "files", "TLS_CERT", cert.toString(),
        "TLS_KEY", otherKey.toString()));
    assertTrue(mismatch.contains("TLS_KEY=\"" + otherKey + "\"") && mismatch.contains("does not match"),
        mismatch);

    Path expired = TestPki.pem(dir.resolve("expired.pem"), pki.server(keys,
        TestPki.NOW.minus(Duration.ofDays(400)), TestPki.NOW.minus(Duration.ofDays(1))));
    Path key = TestPki.pem(dir.resolve("key.pem"), TestPki.pkcs8(keys.getPrivate()));
    String old = startError(settings("TLS", "files", "TLS_CERT", expired.toString(),
        "TLS_KEY", key.toString()));
    assertTrue(old.contains("TLS_CERT=") && old.contains("expired"), old);

    String missing = startError(settings("TLS", "files", "TLS_CERT", dir.resolve("none.pem").toString(),
        "TLS_KEY", key.toString()));
    assertTrue(missing.contains("TLS_CERT=") && missing.contains("no such file"), missing);

    Path store = TestPki.pkcs12(dir.resolve("server.p12"), keys.getPrivate(),
        "right horse".toCharArray(), pki.server(keys));
    String wrong = startError(settings("TLS", "files", "TLS_KEYSTORE", store.toString(),
        "TLS_KEYSTORE_PASSWORD", "wrong battery"));
    assertTrue(wrong.contains("TLS_KEYSTORE_PASSWORD") && wrong.contains("wrong password"), wrong);
    assertFalse(wrong.contains("wrong battery") || wrong.contains("right horse"), wrong);
  }
}
