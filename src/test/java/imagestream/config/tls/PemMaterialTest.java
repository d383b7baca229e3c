package imagestream.config.tls;

import static imagestream.config.tls.TestPki.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PEM chains and keys as certbot, mkcert and openssl write them, and every way they are refused. */
class PemMaterialTest {

  private static final TestPki PKI = new TestPki();

  @TempDir Path dir;

  /** The key files certbot, mkcert and openssl write, each with the PEM block it starts with. */
  enum KeyFile {
    RSA_PKCS8("PRIVATE KEY"), RSA_PKCS1("RSA PRIVATE KEY"), EC_PKCS8("PRIVATE KEY"),
    EC_SEC1("EC PRIVATE KEY");

    final String block;

    KeyFile(String block) {
      this.block = block;
    }

    KeyPair keys() throws Exception {
      return name().startsWith("RSA") ? TestPki.rsa() : TestPki.ec();
    }

    Object pem(KeyPair keys) throws Exception {
      return switch (this) {
        case RSA_PKCS8, EC_PKCS8 -> TestPki.pkcs8(keys.getPrivate());
        case RSA_PKCS1 -> keys.getPrivate();
        case EC_SEC1 -> TestPki.sec1(keys);
      };
    }
  }

  @ParameterizedTest
  @EnumSource(KeyFile.class)
  void readsTheKey(KeyFile file) throws Exception {
    KeyPair keys = file.keys();
    assertLoads(keys, file.pem(keys), file.block);
  }

  @Test
  void refusesAnEd25519KeyThatBrowsersDoNotTake() throws Exception {
    KeyPair keys = TestPki.ed25519();
    Path cert = TestPki.pem(dir.resolve("cert.pem"), PKI.server(keys));
    Path key = TestPki.pem(dir.resolve("key.pem"), TestPki.pkcs8(keys.getPrivate()));
    assertRefused("TLS_KEY", "the key is of type EdDSA, which browsers do not take in a certificate: use an RSA or EC key",
        cert, key);
  }

  @Test
  void readsTheWholeChainServerFirstAndAKeyInTheSameFile() throws Exception {
    KeyPair keys = TestPki.ec();
    X509Certificate server = PKI.server(keys);
    Path both = TestPki.pem(dir.resolve("both.pem"), server, PKI.ca, TestPki.pkcs8(keys.getPrivate()));
    TlsMaterial material = PemMaterial.load(both, both, NOW);
    assertEquals(List.of(server, PKI.ca), material.chain());
  }

  @Test
  void readsOpensslsEcKeyWithItsParametersBlockFirst() throws Exception {
    KeyPair keys = TestPki.ec();
    Path cert = cert(PKI.server(keys));
    Path key = sec1Key(keys);
    // openssl ecparam -genkey writes the curve's name before the key.
    Files.writeString(key, "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
        + Files.readString(key));
    assertTrue(sameKey(keys.getPrivate(), PemMaterial.load(cert, key, NOW).key()));
  }

  @Test
  void refusesAKeyThatDoesNotMatchTheCertificate() throws Exception {
    Path cert = TestPki.pem(dir.resolve("cert.pem"), PKI.server(TestPki.ec()));
    Path key = TestPki.pem(dir.resolve("key.pem"), TestPki.pkcs8(TestPki.ec().getPrivate()));
    assertRefused("TLS_KEY", key + "\": the key does not match the certificate in TLS_CERT", cert, key);
    Path rsaKey = TestPki.pem(dir.resolve("rsa.pem"), TestPki.rsa().getPrivate());
    assertRefused("TLS_KEY", "the key does not match the certificate in TLS_CERT", cert, rsaKey);
  }

  @Test
  void refusesAnExpiredCertificate() throws Exception {
    KeyPair keys = TestPki.ec();
    X509Certificate old = PKI.server(keys, NOW.minus(Duration.ofDays(100)), NOW.minus(Duration.ofDays(10)));
    Path cert = cert(old);
    assertRefused("TLS_CERT", cert + "\": the certificate expired on " + old.getNotAfter().toInstant(), cert,
        sec1Key(keys));
  }

  @Test
  void refusesACertificateNotValidYet() throws Exception {
    KeyPair keys = TestPki.ec();
    X509Certificate early = PKI.server(keys, NOW.plus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(90)));
    assertRefused("TLS_CERT", "the certificate is not valid before " + early.getNotBefore().toInstant(),
        cert(early), sec1Key(keys));
  }

  @Test
  void refusesAnExpiredIssuerInTheChain() throws Exception {
    KeyPair keys = TestPki.ec();
    KeyPair intermediateKeys = TestPki.ec();
    X509Certificate intermediate = TestPki.sign(intermediateKeys, "CN=Old Intermediate", PKI.caKeys,
        "CN=Test CA", NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1)), true);
    X509Certificate server = TestPki.sign(keys, "CN=localhost", intermediateKeys, "CN=Old Intermediate",
        NOW.minus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(90)), false);
    Path cert = cert(server, intermediate);
    Path key = sec1Key(keys);
    assertRefused("TLS_CERT", "the issuing certificate \"CN=Old Intermediate\" expired on", cert, key);
  }

  @Test
  void refusesMissingFiles() throws Exception {
    KeyPair keys = TestPki.ec();
    Path cert = cert(PKI.server(keys));
    Path key = sec1Key(keys);
    Path missing = dir.resolve("missing.pem");
    assertRefused("TLS_CERT", missing + "\": no such file", missing, key);
    assertRefused("TLS_KEY", missing + "\": no such file", cert, missing);
  }

  @Test
  void refusesAnUnreadableFile() throws Exception {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
    KeyPair keys = TestPki.ec();
    Path cert = cert(PKI.server(keys));
    Path key = sec1Key(keys);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));
    assertRefused("TLS_KEY", "the file cannot be read (permission denied)", cert, key);
  }

  @Test
  void refusesADirectory() throws Exception {
    assertRefused("TLS_CERT", "the file cannot be read", dir, sec1Key(TestPki.ec()));
  }

  @Test
  void refusesFilesWithoutWhatTheyShouldHold() throws Exception {
    KeyPair keys = TestPki.ec();
    Path cert = cert(PKI.server(keys));
    Path key = sec1Key(keys);
    assertRefused("TLS_CERT", "no certificate (-----BEGIN CERTIFICATE-----) in the file", key, key);
    assertRefused("TLS_KEY", "no private key (-----BEGIN PRIVATE KEY-----) in the file", cert, cert);
    Path der = Files.write(dir.resolve("cert.der"), PKI.server(keys).getEncoded());
    assertRefused("TLS_CERT", "no certificate", der, key);
    Path broken = Files.writeString(dir.resolve("broken.pem"),
        "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
    assertRefused("TLS_CERT", "not a readable PEM certificate", broken, key);
  }

  @Test
  void refusesAPasswordProtectedKeyWithAHint() throws Exception {
    KeyPair keys = TestPki.ec();
    Path cert = TestPki.pem(dir.resolve("cert.pem"), PKI.server(keys));
    Path key = TestPki.pem(dir.resolve("key.pem"), TestPki.encryptedPkcs8(keys.getPrivate()));
    assertTrue(Files.readString(key).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    assertRefused("TLS_KEY", "the key is protected by a password", cert, key);
  }

  /** {@code cert.pem} in the test's folder, holding {@code chain}. */
  private Path cert(X509Certificate... chain) throws Exception {
    return TestPki.pem(dir.resolve("cert.pem"), (Object[]) chain);
  }

  /** {@code key.pem} in the test's folder: the private key of {@code keys}, as SEC1. */
  private Path sec1Key(KeyPair keys) throws Exception {
    return TestPki.pem(dir.resolve("key.pem"), TestPki.sec1(keys));
  }

  private void assertLoads(KeyPair keys, Object keyPem, String keyBlock) throws Exception {
    X509Certificate server = PKI.server(keys);
    Path cert = TestPki.pem(dir.resolve("cert.pem"), server);
    Path key = TestPki.pem(dir.resolve("key.pem"), keyPem);
    assertTrue(Files.readString(key).startsWith("-----BEGIN " + keyBlock + "-----"),
        "the key file is " + keyBlock);
    TlsMaterial material = PemMaterial.load(cert, key, NOW);
    assertEquals(List.of(server), material.chain());
    assertEquals(keys.getPrivate().getAlgorithm(), material.key().getAlgorithm());
    assertTrue(sameKey(keys.getPrivate(), material.key()), "the same key");
  }

  private static boolean sameKey(PrivateKey a, PrivateKey b) {
    if (a instanceof ECPrivateKey ea && b instanceof ECPrivateKey eb) {
      return ea.getS().equals(eb.getS()); // SEC1 may carry the public key too: the encodings differ
    }
    if (a instanceof RSAPrivateKey ra && b instanceof RSAPrivateKey rb) {
      return ra.getPrivateExponent().equals(rb.getPrivateExponent()) && ra.getModulus().equals(rb.getModulus());
    }
    return Arrays.equals(a.getEncoded(), b.getEncoded());
  }

  private static void assertRefused(String key, String reason, Path cert, Path keyFile) {
    TlsException e = assertThrows(TlsException.class, () -> PemMaterial.load(cert, keyFile, NOW));
    assertEquals(key, e.key());
    assertTrue(e.getMessage().startsWith(key + "=\""), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line");
  }
}
