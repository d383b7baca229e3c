package imagestream.image.processors;

import imagestream.image.Arguments;
import imagestream.image.FrameProcessor;
import imagestream.image.Parameter;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** An unsharp mask: the frame plus a share of its difference from a blurred copy, in place. */
public final class Sharpen implements FrameProcessor {

  /** How much of the detail (frame minus blur) is added back. */
  static final Parameter AMOUNT = Parameter.number("amount", 0, 10, 1.0,
      "how much of the detail (the frame minus a blurred copy) is added back");

  private final double amount;

  /** Reads {@code amount}, e.g. {@code sharpen(2)}. */
  public Sharpen(Arguments arguments) {
    amount = arguments.number(AMOUNT);
  }

  @Override
  public Mat process(Mat frame) {
    Mat blurred = new Mat();
    try {
      Imgproc.GaussianBlur(frame, blurred, new Size(0, 0), Blur.sigma(frame));
      // frame + amount * (frame - blurred), saturated to 0-255.
      Core.addWeighted(frame, 1 + amount, blurred, -amount, 0, frame);
      return frame;
    } finally {
      blurred.release();
    }
  }
}
