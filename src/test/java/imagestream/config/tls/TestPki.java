package imagestream.config.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** A test certificate authority and the files certbot, mkcert and openssl write, made at test time. */
final class TestPki {

  static final Instant NOW = Instant.now();
  private static final AtomicLong SERIALS = new AtomicLong(1);

  final KeyPair caKeys = ec();
  final X509Certificate ca = sign(caKeys, "CN=Test CA", caKeys, "CN=Test CA", NOW.minus(Duration.ofDays(1)),
      NOW.plus(Duration.ofDays(3650)), true);

  static KeyPair rsa() {
    return generate("RSA", null);
  }

  static KeyPair ec() {
    return generate("EC", new ECGenParameterSpec("secp256r1"));
  }

  static KeyPair ed25519() {
    return generate("Ed25519", null);
  }

  private static KeyPair generate(String algorithm, ECGenParameterSpec spec) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (spec != null) {
        generator.initialize(spec);
      } else if (algorithm.equals("RSA")) {
        generator.initialize(2048);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server certificate for {@code keys} and localhost, issued by this CA, valid from..until. */
  X509Certificate server(KeyPair keys, Instant from, Instant until) {
    return sign(keys, "CN=localhost", caKeys, "CN=Test CA", from, until, false);
  }

  /** A server certificate valid a year around {@link #NOW}. */
  X509Certificate server(KeyPair keys) {
    return server(keys, NOW.minus(Duration.ofDays(180)), NOW.plus(Duration.ofDays(180)));
  }

  static X509Certificate sign(KeyPair subjectKeys, String subject, KeyPair issuerKeys,
      String issuer, Instant from, Instant until, boolean ca) {
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
          BigInteger.valueOf(SERIALS.getAndIncrement()), Date.from(from), Date.from(until),
          new X500Name(subject), subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (!ca) {
        builder.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      }
      String algorithm = switch (issuerKeys.getPrivate().getAlgorithm()) {
        case "RSA" -> "SHA256withRSA";
        case "EC" -> "SHA256withECDSA";
        default -> "Ed25519";
      };
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes each object as PEM, as JcaPEMWriter does (a private key in its traditional form). */
  static Path pem(Path file, Object... objects) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (Object object : objects) {
        writer.writeObject(object);
      }
    }
    Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    return file;
  }

  /** The key as PKCS#8, {@code -----BEGIN PRIVATE KEY-----}. */
  static PemObject pkcs8(PrivateKey key) {
    return new PemObject("PRIVATE KEY", key.getEncoded());
  }

  /**
   * The EC key as SEC1 with its curve and public key, {@code -----BEGIN EC PRIVATE KEY-----}, as
   * {@code openssl ecparam -genkey} writes it.
   */
  static PemObject sec1(KeyPair keys) {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
    try {
      ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
      ECPrivateKey sec1 = new ECPrivateKey(256, inner.getKey(),
          SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData(),
          info.getPrivateKeyAlgorithm().getParameters());
      return new PemObject("EC PRIVATE KEY", sec1.getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key as password-protected PKCS#8, {@code -----BEGIN ENCRYPTED PRIVATE KEY-----}. */
  static PemObject encryptedPkcs8(PrivateKey key) throws Exception {
    return new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(
        JcaPKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
        .setPassword("secret".toCharArray()).build()).generate();
  }

  /** A PKCS#12 keystore holding {@code key} and {@code chain} under {@code password}. */
  static Path pkcs12(Path file, PrivateKey key, char[] password, X509Certificate... chain)
      throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", key, password, chain);
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password);
    }
    return file;
  }

  /** A client context trusting this CA only. */
  SSLContext client(String protocol) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(trust);
    SSLContext context = SSLContext.getInstance(protocol);
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
