package imagestream.image.processors;

import imagestream.image.Arguments;
import imagestream.image.Detection;
import imagestream.image.FrameProcessor;
import imagestream.image.Parameter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.objdetect.CascadeClassifier;

/**
 * Finds frontal faces with OpenCV's Haar cascade ({@value FaceCascade#FILE_NAME}, from OpenCV's
 * data files) and boxes each one in green, reporting each as a detection labelled {@code face}.
 * The cascade is loaded once per worker thread, not per connection or frame.
 */
public final class Faces implements FrameProcessor {

  /** The side of the smallest face looked for, in pixels. */
  static final Parameter MIN = Parameter.integer("min", 24, 4096, null,
      "the smallest face looked for, in pixels; not given: 1/8 of the frame's shorter side."
          + " Larger is faster");

  /** The cascade's own window: no smaller face can be found. */
  static final int WINDOW = 24;

  /** Overlapping hits needed to call it a face. */
  static final Parameter NEIGHBOURS = Parameter.integer("neighbours", 1, 50, 5,
      "overlapping hits needed to call it a face: more means fewer false faces, and fewer faces");

  /** The step between the face sizes searched. */
  static final Parameter SCALE = Parameter.number("scale", 1.05, 2, 1.1,
      "the step between the face sizes searched: closer to 1 finds more, and is slower");

  private static final Grayscale GRAY = new Grayscale();
  private static final InstancePool<Path, CascadeClassifier> CASCADES = new InstancePool<>(Faces::load);

  private final Path cascade;
  private final int min; // 0: follows the frame size
  private final int neighbours;
  private final double scale;
  private List<Detection> detected = List.of();

  /**
   * Reads {@code min}, {@code neighbours} and {@code scale}, e.g. {@code faces(min=60)}, and
   * checks that {@code cascade} loads.
   *
   * @throws IllegalArgumentException if the cascade cannot be loaded
   */
  public Faces(Arguments arguments, Path cascade) {
    this.cascade = cascade;
    this.min = arguments.has(MIN) ? arguments.integer(MIN) : 0;
    this.neighbours = arguments.integer(NEIGHBOURS);
    this.scale = arguments.number(SCALE);
    CASCADES.with(cascade, loaded -> loaded); // loads one now, so a bad file fails at start
  }

  @Override
  public Mat process(Mat frame) {
    detected = List.of();
    Mat gray = GRAY.process(frame);
    MatOfRect found = new MatOfRect();
    try {
      CASCADES.with(cascade, detector -> {
        int side = min > 0 ? min : Math.max(WINDOW, Math.min(frame.cols(), frame.rows()) / 8);
        detector.detectMultiScale(gray, found, scale, neighbours, 0, new Size(side, side), new Size());
        return found;
      });
      Rect[] faces = found.toArray();
      detected = Arrays.stream(faces).map(face -> Detection.unscored("face", face)).toList();
      return Overlay.boxed(frame, faces);
    } finally {
      found.release();
      if (gray != frame) {
        gray.release();
      }
    }
  }

  @Override
  public List<Detection> detections() {
    return detected;
  }

  private static CascadeClassifier load(Path file) {
    CascadeClassifier classifier = new CascadeClassifier(file.toString());
    if (classifier.empty()) {
      throw new IllegalArgumentException("faces: OpenCV cannot read the face cascade " + file);
    }
    return classifier;
  }
}
