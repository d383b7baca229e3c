package imagestream.image.processors;

import imagestream.image.FrameProcessor;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfFloat;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.HOGDescriptor;

/**
 * Finds standing people with OpenCV's built-in HOG people detector (no model to download) and
 * boxes each one in green. A person must be at least 64x128 pixels in the frame, and it is the
 * slowest built-in: use a server size of 320x240 or more, but not much more.
 */
public final class People implements FrameProcessor {

  /** The detector's window: nothing smaller is found. */
  static final Size WINDOW = new Size(64, 128);

  private final HOGDescriptor detector = new HOGDescriptor();

  /** Loads the detector's built-in coefficients. */
  public People() {
    MatOfFloat coefficients = HOGDescriptor.getDefaultPeopleDetector();
    try {
      detector.setSVMDetector(coefficients);
    } finally {
      coefficients.release();
    }
  }

  @Override
  public Mat process(Mat frame) {
    if (frame.cols() < WINDOW.width || frame.rows() < WINDOW.height) {
      return frame; // no person fits
    }
    MatOfRect found = new MatOfRect();
    MatOfDouble weights = new MatOfDouble();
    try {
      detector.detectMultiScale(frame, found, weights, 0, new Size(8, 8), new Size(0, 0), 1.05, 2);
      Rect[] people = found.toArray();
      if (people.length == 0) {
        return frame;
      }
      return Overlay.mark(frame, marked -> {
        for (Rect person : people) {
          Imgproc.rectangle(marked, person, Overlay.COLOUR, Overlay.thickness(marked));
        }
      });
    } finally {
      found.release();
      weights.release();
    }
  }
}
