package imagestream.config.tls;

/**
 * TLS material that cannot be used: a missing or unreadable file, a key that does not match its
 * certificate, an expired certificate, a wrong password. The message is one line naming the
 * setting and the reason, e.g. {@code TLS_KEY="certs/key.pem": the key does not match the
 * certificate in TLS_CERT}.
 */
public final class TlsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String key;

  /** Says why the file (or password) given in setting {@code key} as {@code value} is refused. */
  public TlsException(String key, String value, String reason) {
    super(key + "=\"" + value + "\": " + reason);
    this.key = key;
  }

  /** Says why the setting {@code key} is refused, without its value (for a password). */
  public TlsException(String key, String reason) {
    super(key + ": " + reason);
    this.key = key;
  }

  /** The {@code .env} key whose value was refused, e.g. {@code TLS_CERT}. */
  public String key() {
    return key;
  }
}
