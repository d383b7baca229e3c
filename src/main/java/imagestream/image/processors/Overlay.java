package imagestream.image.processors;

import java.util.function.Consumer;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** How detectors mark what they found: green lines and labels, sized to the frame. */
final class Overlay {

  /** Pure green (BGR), rare in a camera picture. */
  static final Scalar COLOUR = new Scalar(0, 255, 0);

  private Overlay() {}

  /** The frame itself if it is BGR, else a new BGR copy of a gray frame, so marks show green. */
  static Mat inColour(Mat frame) {
    if (frame.channels() == 3) {
      return frame;
    }
    return Mats.fill(new Mat(), colour -> Imgproc.cvtColor(frame, colour, Imgproc.COLOR_GRAY2BGR));
  }

  /**
   * Draws {@code marks} on the frame in colour ({@link #inColour}) and returns what was drawn on;
   * if drawing fails, a copy made for it is released (the frame stays the caller's).
   */
  static Mat mark(Mat frame, Consumer<Mat> marks) {
    Mat marked = inColour(frame);
    if (marked == frame) {
      marks.accept(frame);
      return frame;
    }
    return Mats.fill(marked, marks);
  }

  /**
   * The frame with each of {@code boxes} drawn in green: the frame itself if it is BGR, else a
   * colour copy; the frame untouched when there are none.
   */
  static Mat boxed(Mat frame, Rect[] boxes) {
    if (boxes.length == 0) {
      return frame;
    }
    return mark(frame, marked -> {
      for (Rect box : boxes) {
        Imgproc.rectangle(marked, box, COLOUR, thickness(marked));
      }
    });
  }

  /** Line width: 1 pixel up to 320 wide, thicker on larger frames. */
  static int thickness(Mat frame) {
    return Math.max(1, frame.cols() / 320);
  }

  /** Writes {@code text} at {@code at} (its bottom left corner). */
  static void label(Mat frame, String text, Point at) {
    double scale = Math.max(0.35, frame.cols() / 900.0);
    Imgproc.putText(
        frame, text, at, Imgproc.FONT_HERSHEY_SIMPLEX, scale, COLOUR, thickness(frame),
        Imgproc.LINE_AA);
  }
}
