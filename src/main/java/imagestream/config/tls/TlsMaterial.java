package imagestream.config.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A server's certificate chain (its own certificate first) and the private key of that
 * certificate, checked to belong together.
 *
 * @param key the private key of {@code chain.get(0)}
 * @param chain the server's certificate, then the certificates that issued it, if any
 */
public record TlsMaterial(PrivateKey key, List<X509Certificate> chain) {

  /** Copies the chain; it must hold at least the server's certificate. */
  public TlsMaterial {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain needs at least one certificate");
    }
  }

  /** The server's own certificate: the first of the chain. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /**
   * The SHA-256 fingerprint of the server's certificate as browsers show it: 32 bytes in upper
   * case hexadecimal, separated by colons.
   */
  public String fingerprint() {
    try {
      byte[] digest = sha256(certificate().getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate can be encoded again", e);
    }
  }

  /**
   * The base64 SHA-256 of the certificate's public key (its SubjectPublicKeyInfo), as Chromium's
   * {@code --ignore-certificate-errors-spki-list} and HTTP public key pinning take it.
   */
  public String publicKeySha256() {
    return Base64.getEncoder().encodeToString(sha256(certificate().getPublicKey().getEncoded()));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
