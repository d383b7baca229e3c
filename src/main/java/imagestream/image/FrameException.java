package imagestream.image;

/**
 * A frame that cannot be processed; the connection that sent it stays open.
 *
 * <p>The {@link #code()} is part of the protocol: it is sent to the client in an error message
 * and documented in docs/PROTOCOL.md.
 */
public final class FrameException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The frame is an empty message. */
  public static final String EMPTY = "empty_frame";

  /** The bytes are not a JPEG (no JPEG start-of-image marker, or no frame header). */
  public static final String NOT_JPEG = "not_jpeg";

  /** The JPEG header declares a size that cannot be processed (0 pixels or over the limit). */
  public static final String BAD_SIZE = "bad_size";

  /**
   * The JPEG is of a kind the server does not decode: only baseline JPEGs are (8 bits,
   * Huffman-coded, sequential, in one scan), so that no frame can cost more than one pass over
   * its pixels. The message names what was found.
   */
  public static final String UNSUPPORTED = "unsupported_jpeg";

  /** The JPEG looked valid but the decoder could not produce an image from it. */
  public static final String UNDECODABLE = "undecodable";

  /**
   * The server failed on the frame through no fault of the frame (a processor threw); the
   * connection's next frame is processed as usual. Never thrown: the server sends it.
   */
  public static final String INTERNAL = "internal_error";

  private final String code;

  /** A frame refused with a protocol {@code code} and a human-readable {@code message}. */
  public FrameException(String code, String message) {
    super(message, null, false, false); // expected on bad input: no stack trace needed
    this.code = code;
  }

  /** The machine-readable reason, one of this class's constants. */
  public String code() {
    return code;
  }
}
