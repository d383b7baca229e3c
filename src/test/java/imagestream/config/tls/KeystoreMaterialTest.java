package imagestream.config.tls;

import static imagestream.config.tls.TestPki.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PKCS#12 keystores, and the errors that name TLS_KEYSTORE or TLS_KEYSTORE_PASSWORD. */
class KeystoreMaterialTest {

  private static final TestPki PKI = new TestPki();
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir Path dir;

  @Test
  void readsTheKeyAndChain() throws Exception {
    KeyPair keys = TestPki.rsa();
    X509Certificate server = PKI.server(keys);
    Path store = TestPki.pkcs12(dir.resolve("server.p12"), keys.getPrivate(), PASSWORD, server, PKI.ca);
    TlsMaterial material = KeystoreMaterial.load(store, PASSWORD, NOW);
    assertEquals(List.of(server, PKI.ca), material.chain());
    assertEquals(keys.getPrivate(), material.key());
  }

  @Test
  void refusesAWrongPasswordWithoutShowingIt() throws Exception {
    KeyPair keys = TestPki.ec();
    Path store = TestPki.pkcs12(dir.resolve("server.p12"), keys.getPrivate(), PASSWORD, PKI.server(keys));
    TlsException e = assertThrows(TlsException.class,
        () -> KeystoreMaterial.load(store, "guess".toCharArray(), NOW));
    assertEquals("TLS_KEYSTORE_PASSWORD: wrong password for the keystore in TLS_KEYSTORE", e.getMessage());
    assertFalse(e.getMessage().contains("guess"));
  }

  @Test
  void refusesAnExpiredCertificate() throws Exception {
    KeyPair keys = TestPki.ec();
    X509Certificate old = PKI.server(keys, NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1)));
    Path store = TestPki.pkcs12(dir.resolve("server.p12"), keys.getPrivate(), PASSWORD, old);
    TlsException e = assertThrows(TlsException.class, () -> KeystoreMaterial.load(store, PASSWORD, NOW));
    assertEquals("TLS_KEYSTORE=\"" + store + "\": the certificate expired on " + old.getNotAfter().toInstant(),
        e.getMessage());
  }

  @Test
  void refusesAMissingFileAndOneThatIsNotAKeystore() throws Exception {
    Path missing = dir.resolve("missing.p12");
    TlsException e = assertThrows(TlsException.class, () -> KeystoreMaterial.load(missing, PASSWORD, NOW));
    assertEquals("TLS_KEYSTORE=\"" + missing + "\": no such file", e.getMessage());

    KeyPair keys = TestPki.ec();
    Path pem = TestPki.pem(dir.resolve("cert.pem"), PKI.server(keys));
    e = assertThrows(TlsException.class, () -> KeystoreMaterial.load(pem, PASSWORD, NOW));
    assertEquals("TLS_KEYSTORE", e.key());
    assertTrue(e.getMessage().contains("not a PKCS#12 keystore"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void refusesAKeystoreWithoutAKey() throws Exception {
    java.security.KeyStore trustOnly = java.security.KeyStore.getInstance("PKCS12");
    trustOnly.load(null, null);
    trustOnly.setCertificateEntry("ca", PKI.ca);
    Path store = dir.resolve("trust.p12");
    try (var out = Files.newOutputStream(store)) {
      trustOnly.store(out, PASSWORD);
    }
    TlsException e = assertThrows(TlsException.class, () -> KeystoreMaterial.load(store, PASSWORD, NOW));
    assertTrue(e.getMessage().endsWith("no private key with its certificate in the keystore"), e.getMessage());
  }
}
