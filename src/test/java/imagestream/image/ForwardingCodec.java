package imagestream.image;

import java.util.Optional;
import org.opencv.core.Mat;

/** A JPEG codec that hands every call to another: for tests that watch or change one of them. */
public abstract class ForwardingCodec implements JpegCodec {

  /** The codec every call goes to. */
  protected abstract JpegCodec delegate();

  @Override
  public Mat decode(byte[] jpeg, boolean gray, int scale) {
    return delegate().decode(jpeg, gray, scale);
  }

  @Override
  public byte[] encode(Mat image, int quality) {
    return delegate().encode(image, quality);
  }

  @Override
  public Optional<byte[]> transcodeToGray(byte[] jpeg, int quality) {
    return delegate().transcodeToGray(jpeg, quality);
  }

  @Override
  public void resetThread() {
    delegate().resetThread();
  }

  @Override
  public void close() {
    delegate().close();
  }
}
