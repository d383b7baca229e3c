package imagestream.image.processors;

import imagestream.image.Arguments;
import imagestream.image.FrameProcessor;
import imagestream.image.Parameter;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * A Gaussian blur. By default its strength follows the frame size, so it looks alike at any
 * resolution; {@code blur(9)} sets it in pixels.
 */
public final class Blur implements FrameProcessor {

  /** The Gaussian's standard deviation in pixels; not given: 1/80 of the frame's shorter side. */
  static final Parameter SIGMA = Parameter.number("sigma", 0.3, 50, null,
      "strength in pixels; not given: 1/80 of the frame's shorter side");

  private final double sigma; // 0: follows the frame size

  /** Reads {@code sigma}, e.g. {@code blur(9)}. */
  public Blur(Arguments arguments) {
    sigma = arguments.has(SIGMA) ? arguments.number(SIGMA) : 0;
  }

  @Override
  public Mat process(Mat frame) {
    Mat blurred = new Mat();
    Imgproc.GaussianBlur(frame, blurred, new Size(0, 0), sigma > 0 ? sigma : sigma(frame));
    return blurred;
  }

  /** About 1/80 of the shorter side, at least one pixel: 3 pixels at 320x240. */
  static double sigma(Mat frame) {
    return Math.max(1.0, Math.min(frame.cols(), frame.rows()) / 80.0);
  }
}
