package imagestream.config.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;

/** The checks every kind of TLS material passes before a server uses it. */
final class MaterialChecks {

  private MaterialChecks() {}

  /**
   * Checks that {@code key} belongs to the first certificate of {@code chain} and that every
   * certificate of the chain is valid at {@code now}.
   *
   * @param keySetting names the key in errors, e.g. {@code TLS_KEY="key.pem"}'s key and value
   * @param certSetting names the certificate in errors
   * @throws TlsException if not
   */
  static TlsMaterial checked(PrivateKey key, List<X509Certificate> chain, Date now,
      Setting keySetting, Setting certSetting) {
    String algorithm = signatureAlgorithm(key);
    if (algorithm == null) {
      throw keySetting.refused("the key is of type " + key.getAlgorithm()
          + ", which browsers do not take in a certificate: use an RSA or EC key");
    }
    if (!matches(key, chain.get(0).getPublicKey(), algorithm)) {
      throw keySetting.refused("the key does not match the certificate in " + certSetting.key());
    }
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate certificate = chain.get(i);
      String which = i == 0
          ? "the certificate"
          : "the issuing certificate \"" + certificate.getSubjectX500Principal().getName() + "\"";
      try {
        certificate.checkValidity(now);
      } catch (CertificateExpiredException e) {
        throw certSetting.refused(which + " expired on " + certificate.getNotAfter().toInstant());
      } catch (CertificateNotYetValidException e) {
        throw certSetting.refused(
            which + " is not valid before " + certificate.getNotBefore().toInstant());
      }
    }
    return new TlsMaterial(key, chain);
  }

  /**
   * The signature algorithm that proves a key of this kind, or null for other kinds (Ed25519:
   * neither Chrome nor Firefox accepts it in a server certificate).
   */
  private static String signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> null;
    };
  }

  /** Whether {@code key} signs what {@code publicKey} verifies. */
  private static boolean matches(PrivateKey key, PublicKey publicKey, String algorithm) {
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // e.g. an RSA key for an EC certificate
    }
  }

  /** A setting as it appears in errors: its key and the value it was given. */
  record Setting(String key, String value) {

    /** An exception refusing this setting's value for {@code reason}. */
    TlsException refused(String reason) {
      return new TlsException(key, value, reason);
    }
  }
}
