package imagestream.config;

/** A setting with a value that is not allowed; the message names the key, value and rule. */
public final class SettingsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String key;

  /** Describes why {@code value} is not allowed for {@code key}. */
  public SettingsException(String key, String value, String allowed) {
    super("Invalid setting " + key + "=\"" + value + "\": expected " + allowed);
    this.key = key;
  }

  /** The {@code .env} key whose value was refused. */
  public String key() {
    return key;
  }
}
