package imagestream;

/** A server that cannot start, e.g. because its port is taken; the message says which. */
public final class StartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A one-line explanation for the user. */
  public StartException(String message) {
    super(message);
  }
}
