package imagestream.image;

import java.util.Optional;
import org.opencv.core.Mat;

/** Decodes and encodes JPEG frames; the seam where a faster codec can be swapped in. */
public interface JpegCodec extends AutoCloseable {

  /**
   * Decodes a JPEG into a new {@code Mat} that the caller releases.
   *
   * @param gray decode straight to one 8-bit channel instead of BGR
   * @param scale 1, 2, 4 or 8: let the decoder shrink the image by this factor on the way
   * @return the image, or an empty {@code Mat} if the data could not be decoded
   */
  Mat decode(byte[] jpeg, boolean gray, int scale);

  /** Encodes a gray or BGR image as JPEG at {@code quality} (0-100). */
  byte[] encode(Mat image, int quality);

  /**
   * The JPEG's luma as a gray JPEG at {@code quality} (0-100), of the same size, made without
   * decoding its pixels (in the DCT domain) when this codec can; by default it cannot. The caller
   * has checked the JPEG's header and limits.
   *
   * @return the gray JPEG, or empty when this codec does not transcode this frame: the caller
   *     then decodes it to gray and encodes the result, which is the same picture
   */
  default Optional<byte[]> transcodeToGray(byte[] jpeg, int quality) {
    return Optional.empty();
  }

  /**
   * Frees what the calling thread holds in this codec, after an error left it in doubt (an
   * {@code Error} thrown during a frame); the thread's next call starts afresh. By default
   * nothing.
   */
  default void resetThread() {}

  /** Frees what the codec holds natively, once no thread uses it any more; by default nothing. */
  @Override
  default void close() {}
}
