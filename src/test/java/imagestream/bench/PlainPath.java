package imagestream.bench;

import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The plain path, what the original Python template's server does with every frame: decode
 * colour, resize (with {@code cv2.resize}'s default, INTER_LINEAR), convert to gray, encode;
 * nothing skipped.
 */
final class PlainPath implements FramePath {

  private final Size size;
  private final int quality;

  PlainPath(int width, int height, int quality) {
    this.size = new Size(width, height);
    this.quality = quality;
  }

  @Override
  public byte[] process(byte[] jpeg) {
    MatOfByte data = new MatOfByte(jpeg);
    Mat colour = Imgcodecs.imdecode(data, Imgcodecs.IMREAD_COLOR);
    Mat resized = new Mat();
    Mat gray = new Mat();
    MatOfByte out = new MatOfByte();
    MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality);
    try {
      Imgproc.resize(colour, resized, size);
      Imgproc.cvtColor(resized, gray, Imgproc.COLOR_BGR2GRAY);
      Imgcodecs.imencode(".jpg", gray, out, params);
      return out.toArray();
    } finally {
      data.release();
      colour.release();
      resized.release();
      gray.release();
      out.release();
      params.release();
    }
  }
}
