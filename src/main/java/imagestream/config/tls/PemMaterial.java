package imagestream.config.tls;

import imagestream.config.tls.MaterialChecks.Setting;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads a certificate chain and its private key from PEM files, as certbot, mkcert and openssl
 * write them: the chain as {@code CERTIFICATE} blocks, the server's own first (certbot's
 * {@code fullchain.pem}); the key as PKCS#8 ({@code PRIVATE KEY}), PKCS#1 RSA
 * ({@code RSA PRIVATE KEY}) or SEC1 EC ({@code EC PRIVATE KEY}). Both may be in one file.
 * Password-protected keys are refused with a hint: a PKCS#12 keystore carries a password.
 */
public final class PemMaterial {

  /** The setting naming the certificate chain file. */
  public static final String CERT_KEY = "TLS_CERT";
  /** The setting naming the private key file. */
  public static final String KEY_KEY = "TLS_KEY";

  private PemMaterial() {}

  /**
   * Reads and checks the chain in {@code certFile} and the key in {@code keyFile}.
   *
   * @param now when the certificates must be valid
   * @throws TlsException naming {@code TLS_CERT} or {@code TLS_KEY} and the reason
   */
  public static TlsMaterial load(Path certFile, Path keyFile, Instant now) {
    Setting cert = new Setting(CERT_KEY, certFile.toString());
    Setting key = new Setting(KEY_KEY, keyFile.toString());
    List<X509Certificate> chain = readChain(certFile, cert);
    PrivateKey privateKey = readKey(keyFile, key);
    return MaterialChecks.checked(privateKey, chain, Date.from(now), key, cert);
  }

  private static List<X509Certificate> readChain(Path file, Setting setting) {
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = new PEMParser(read(file, setting))) {
      for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
        if (block instanceof X509CertificateHolder holder) {
          chain.add(converter.getCertificate(holder));
        }
      }
    } catch (IOException | CertificateException e) {
      throw setting.refused("not a readable PEM certificate (" + oneLine(e) + ")");
    }
    if (chain.isEmpty()) {
      throw setting.refused("no certificate (-----BEGIN CERTIFICATE-----) in the file");
    }
    return chain;
  }

  private static PrivateKey readKey(Path file, Setting setting) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = new PEMParser(read(file, setting))) {
      for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
        if (block instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (block instanceof PEMKeyPair pair) {
          // SEC1 EC keys may lack their public half, which the key pair conversion needs.
          return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (block instanceof PKCS8EncryptedPrivateKeyInfo || block instanceof PEMEncryptedKeyPair) {
          throw setting.refused("the key is protected by a password: write it without one"
              + " (openssl pkey -in KEY -out KEY.plain) or use a PKCS#12 keystore"
              + " (TLS_KEYSTORE, TLS_KEYSTORE_PASSWORD)");
        }
      }
    } catch (IOException e) {
      throw setting.refused("not a readable PEM private key (" + oneLine(e) + ")");
    }
    throw setting.refused("no private key (-----BEGIN PRIVATE KEY-----) in the file");
  }

  private static Reader read(Path file, Setting setting) {
    try {
      return new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1));
    } catch (NoSuchFileException e) {
      throw setting.refused("no such file");
    } catch (AccessDeniedException e) {
      throw setting.refused("the file cannot be read (permission denied)");
    } catch (IOException e) {
      throw setting.refused("the file cannot be read (" + oneLine(e) + ")");
    }
  }

  /** An exception's message on one line, for an error that must stay one line. */
  static String oneLine(Exception e) {
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return message.replaceAll("\\s+", " ").trim();
  }
}
