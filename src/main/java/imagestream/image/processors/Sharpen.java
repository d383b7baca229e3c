package imagestream.image.processors;

import imagestream.image.FrameProcessor;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** An unsharp mask: the frame plus a share of its difference from a blurred copy, in place. */
public final class Sharpen implements FrameProcessor {

  /** How much of the detail (frame minus blur) is added back. */
  static final double AMOUNT = 1.0;

  @Override
  public Mat process(Mat frame) {
    Mat blurred = new Mat();
    try {
      Imgproc.GaussianBlur(frame, blurred, new Size(0, 0), Blur.sigma(frame));
      // frame + AMOUNT * (frame - blurred), saturated to 0-255.
      Core.addWeighted(frame, 1 + AMOUNT, blurred, -AMOUNT, 0, frame);
      return frame;
    } finally {
      blurred.release();
    }
  }
}
