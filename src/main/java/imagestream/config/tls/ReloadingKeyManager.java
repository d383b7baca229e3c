package imagestream.config.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A server's key manager whose certificate can be replaced while the server runs: a new
 * connection's handshake uses the material in force when it starts. The JDK's own key manager
 * picks what fits each handshake; this one only swaps it.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {

  /** One version of the material, with its own alias so a handshake never mixes two. */
  private record Generation(String alias, TlsMaterial material, X509ExtendedKeyManager keys) {}

  private final AtomicInteger generations = new AtomicInteger();
  private volatile Generation current;
  // A handshake that chose its alias just before a swap still finds its key and chain.
  private volatile Generation previous;

  /** A key manager serving {@code material} until {@link #use} replaces it. */
  public ReloadingKeyManager(TlsMaterial material) {
    this.current = generation(material);
    this.previous = current;
  }

  /** Serves {@code material} to every handshake from now on. */
  public void use(TlsMaterial material) {
    Generation next = generation(material);
    previous = current;
    current = next;
  }

  /** The material new handshakes get. */
  public TlsMaterial material() {
    return current.material();
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    Generation now = current;
    return now.keys().chooseServerAlias(keyType, issuers, socket);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    Generation now = current;
    return now.keys().chooseEngineServerAlias(keyType, issuers, engine);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return current.keys().getServerAliases(keyType, issuers);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Generation owner = owner(alias);
    return owner == null ? null : owner.keys().getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Generation owner = owner(alias);
    return owner == null ? null : owner.keys().getPrivateKey(alias);
  }

  /** A server presents no client certificate. */
  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  /** A server presents no client certificate. */
  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  private Generation owner(String alias) {
    Generation now = current;
    if (now.alias().equals(alias)) {
      return now;
    }
    Generation before = previous;
    return before.alias().equals(alias) ? before : null;
  }

  private Generation generation(TlsMaterial material) {
    String alias = "server-" + generations.incrementAndGet();
    try {
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(alias, material.key(), password,
          material.chain().toArray(X509Certificate[]::new));
      // SunX509 hands out the keystore's own aliases (the PKIX manager prefixes its own).
      KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
      factory.init(store, password);
      for (KeyManager manager : factory.getKeyManagers()) {
        if (manager instanceof X509ExtendedKeyManager keys) {
          return new Generation(alias, material, keys);
        }
      }
      throw new IllegalStateException("the JDK's SunX509 key manager is not an extended one");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot hold a key in memory: " + e, e);
    }
  }
}
