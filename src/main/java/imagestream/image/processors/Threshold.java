package imagestream.image.processors;

import imagestream.image.FrameProcessor;
import imagestream.image.Grayscale;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/** Black and white only: Otsu's method picks the brightness that best splits the frame. */
public final class Threshold implements FrameProcessor {

  private final Grayscale gray = new Grayscale();

  @Override
  public Mat process(Mat frame) {
    Mat luma = gray.process(frame);
    try {
      Mat binary = new Mat();
      Imgproc.threshold(luma, binary, 0, 255, Imgproc.THRESH_BINARY | Imgproc.THRESH_OTSU);
      return binary;
    } finally {
      if (luma != frame) {
        luma.release();
      }
    }
  }

  @Override
  public boolean lumaOnly() {
    return true;
  }
}
