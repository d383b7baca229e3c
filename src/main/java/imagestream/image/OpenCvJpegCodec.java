package imagestream.image;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/** The JPEG codec of OpenCV's {@code imgcodecs} (libjpeg-turbo inside the OpenCV natives). */
public final class OpenCvJpegCodec implements JpegCodec {

  @Override
  public Mat decode(byte[] jpeg, boolean gray, int scale) {
    if (jpeg.length == 0) {
      return new Mat(); // imdecode throws on empty input; the contract is an empty Mat
    }
    MatOfByte data = new MatOfByte(jpeg);
    try {
      return Imgcodecs.imdecode(data, flags(gray, scale));
    } finally {
      data.release();
    }
  }

  @Override
  public byte[] encode(Mat image, int quality) {
    MatOfByte out = new MatOfByte();
    MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality);
    try {
      if (!Imgcodecs.imencode(".jpg", image, out, params)) {
        throw new IllegalStateException("OpenCV could not encode a " + image + " as JPEG");
      }
      return out.toArray();
    } finally {
      out.release();
      params.release();
    }
  }

  private static int flags(boolean gray, int scale) {
    return switch (scale) {
      case 1 -> gray ? Imgcodecs.IMREAD_GRAYSCALE : Imgcodecs.IMREAD_COLOR;
      case 2 -> gray ? Imgcodecs.IMREAD_REDUCED_GRAYSCALE_2 : Imgcodecs.IMREAD_REDUCED_COLOR_2;
      case 4 -> gray ? Imgcodecs.IMREAD_REDUCED_GRAYSCALE_4 : Imgcodecs.IMREAD_REDUCED_COLOR_4;
      case 8 -> gray ? Imgcodecs.IMREAD_REDUCED_GRAYSCALE_8 : Imgcodecs.IMREAD_REDUCED_COLOR_8;
      default -> throw new IllegalArgumentException("scale must be 1, 2, 4 or 8, not " + scale);
    };
  }
}
