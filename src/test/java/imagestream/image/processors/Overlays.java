package imagestream.image.processors;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** Where the detectors drew: their pure green marks, found in a frame. */
final class Overlays {

  private Overlays() {}

  /** The bounding box of the pure green pixels the detectors draw, or an empty Rect. */
  static Rect greenBounds(Mat frame) {
    Mat mask = new Mat();
    Mat points = new Mat();
    try {
      Core.inRange(frame, new Scalar(0, 200, 0), new Scalar(80, 255, 80), mask);
      Core.findNonZero(mask, points);
      return points.empty() ? new Rect() : Imgproc.boundingRect(points);
    } finally {
      mask.release();
      points.release();
    }
  }

  /** Whether the pixel at ({@code x}, {@code y}) is the detectors' green. */
  static boolean isGreen(Mat frame, int x, int y) {
    double[] bgr = frame.get(y, x);
    return bgr.length == 3 && bgr[0] < 80 && bgr[1] > 200 && bgr[2] < 80;
  }
}
