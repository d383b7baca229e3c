package imagestream.config.tls;

import imagestream.config.tls.MaterialChecks.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;

/**
 * Reads a certificate chain and its private key from a PKCS#12 keystore ({@code .p12},
 * {@code .pfx}), as {@code openssl pkcs12 -export} and {@code keytool} write them: the first
 * private key entry, whose password is the keystore's.
 */
public final class KeystoreMaterial {

  /** The setting naming the keystore file. */
  public static final String KEYSTORE_KEY = "TLS_KEYSTORE";
  /** The setting holding the keystore's password. */
  public static final String PASSWORD_KEY = "TLS_KEYSTORE_PASSWORD";

  private KeystoreMaterial() {}

  /**
   * Reads and checks the first key entry of {@code file}.
   *
   * @param password the keystore's password (empty for none), also the key's
   * @param now when the certificates must be valid
   * @throws TlsException naming {@code TLS_KEYSTORE} or {@code TLS_KEYSTORE_PASSWORD} and the
   *     reason; the password itself is never shown
   */
  public static TlsMaterial load(Path file, char[] password, Instant now) {
    Setting keystore = new Setting(KEYSTORE_KEY, file.toString());
    KeyStore store = open(file, password, keystore);
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (!store.isKeyEntry(alias)) {
          continue;
        }
        Key key = store.getKey(alias, password);
        Certificate[] certificates = store.getCertificateChain(alias);
        if (!(key instanceof PrivateKey privateKey) || certificates == null) {
          continue; // a secret key, say
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : certificates) {
          chain.add((X509Certificate) certificate);
        }
        return MaterialChecks.checked(privateKey, chain, Date.from(now), keystore, keystore);
      }
    } catch (UnrecoverableKeyException e) {
      throw new TlsException(PASSWORD_KEY,
          "the key in the keystore in " + KEYSTORE_KEY + " has another password");
    } catch (GeneralSecurityException e) {
      throw keystore.refused("the keystore cannot be read (" + PemMaterial.oneLine(e) + ")");
    }
    throw keystore.refused("no private key with its certificate in the keystore");
  }

  private static KeyStore open(Path file, char[] password, Setting setting) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      return store;
    } catch (NoSuchFileException e) {
      throw setting.refused("no such file");
    } catch (AccessDeniedException e) {
      throw setting.refused("the file cannot be read (permission denied)");
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new TlsException(PASSWORD_KEY, "wrong password for the keystore in " + KEYSTORE_KEY);
      }
      throw setting.refused("not a PKCS#12 keystore (" + PemMaterial.oneLine(e) + ")");
    } catch (GeneralSecurityException e) {
      throw setting.refused("the keystore cannot be read (" + PemMaterial.oneLine(e) + ")");
    }
  }
}
