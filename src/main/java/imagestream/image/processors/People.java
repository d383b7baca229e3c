package imagestream.image.processors;

import imagestream.image.Detection;
import imagestream.image.FrameProcessor;
import java.util.Arrays;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfFloat;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.objdetect.HOGDescriptor;

/**
 * Finds standing people with OpenCV's built-in HOG people detector (no model to download) and
 * boxes each one in green, reporting each as a detection labelled {@code person}. A person must
 * be at least 64x128 pixels in the frame, and it is slow: use a server size of 320x240 or more,
 * but not much more.
 */
public final class People implements FrameProcessor {

  /** The detector's window: nothing smaller is found. */
  static final Size WINDOW = new Size(64, 128);

  private final HOGDescriptor detector = new HOGDescriptor();
  private List<Detection> detected = List.of();

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
    detected = List.of();
    if (frame.cols() < WINDOW.width || frame.rows() < WINDOW.height) {
      return frame; // no person fits
    }
    MatOfRect found = new MatOfRect();
    MatOfDouble weights = new MatOfDouble();
    try {
      detector.detectMultiScale(frame, found, weights, 0, new Size(8, 8), new Size(0, 0), 1.05, 2);
      Rect[] people = found.toArray();
      detected = Arrays.stream(people).map(person -> Detection.unscored("person", person)).toList();
      return Overlay.boxed(frame, people);
    } finally {
      found.release();
      weights.release();
    }
  }

  @Override
  public List<Detection> detections() {
    return detected;
  }
}
