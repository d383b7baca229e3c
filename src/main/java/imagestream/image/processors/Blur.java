package imagestream.image.processors;

import imagestream.image.FrameProcessor;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** A Gaussian blur whose strength follows the frame size, so it looks alike at any resolution. */
public final class Blur implements FrameProcessor {

  @Override
  public Mat process(Mat frame) {
    Mat blurred = new Mat();
    Imgproc.GaussianBlur(frame, blurred, new Size(0, 0), sigma(frame));
    return blurred;
  }

  /** About 1/80 of the shorter side, at least one pixel: 3 pixels at 320x240. */
  static double sigma(Mat frame) {
    return Math.max(1.0, Math.min(frame.cols(), frame.rows()) / 80.0);
  }
}
