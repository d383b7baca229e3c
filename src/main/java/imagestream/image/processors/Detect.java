package imagestream.image.processors;

import imagestream.image.Arguments;
import imagestream.image.Detection;
import imagestream.image.FrameProcessor;
import imagestream.image.Parameter;
import imagestream.image.dnn.Letterbox;
import imagestream.image.dnn.OnnxModel;
import imagestream.image.dnn.YoloLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Mat;
import org.opencv.core.MatOfFloat;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect2d;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Rect2d;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.imgproc.Imgproc;

/**
 * Your own object detector: a YOLO detection model exported to ONNX (YOLOv5, YOLOv8, YOLO11; see
 * {@link YoloLayout}), run by OpenCV's DNN module. The frame is letterboxed to the model's input,
 * boxes scoring at least {@code conf} are kept, overlapping boxes of one class are merged
 * ({@code Dnn.NMSBoxesBatched}), and each is drawn in green with its label and score and
 * reported as a detection. The network is loaded once per worker thread that runs it.
 */
public final class Detect implements FrameProcessor {

  /** The model file. */
  static final Parameter MODEL = Parameter.requiredPath("model",
      "the ONNX file: a YOLOv5, YOLOv8 or YOLO11 detection export");

  /** The class names. */
  static final Parameter LABELS = Parameter.optionalPath("labels",
      "class names, one a line; not given: COCO's names for 80 classes, else class numbers");

  /** The lowest score kept. */
  static final Parameter CONF = Parameter.number("conf", 0.01, 1, 0.25, "the lowest score shown");

  /** How much boxes of one class may overlap before they count as one. */
  static final Parameter NMS = Parameter.number("nms", 0.01, 1, 0.45,
      "boxes of one class overlapping more than this (intersection over union) count as one");

  /** The input's side. */
  static final Parameter SIZE = Parameter.integer("size", 32, 2048, null,
      "the side of the square the frame is fitted into; not given: the model's input size, else 640")
      .multipleOf(32);

  /** The input side for a model whose file leaves it open: what YOLO exports use by default. */
  static final int DEFAULT_SIZE = 640;

  private static final InstancePool<OnnxModel.File, Loaded> MODELS = new InstancePool<>(Detect::load);

  /** A network with its checked output layout and the input size its file declares. */
  private record Loaded(OnnxModel model, YoloLayout layout, int classes, int width, int height) {}

  private final OnnxModel.File file;
  private final List<String> labels;
  private final float conf;
  private final float nms;
  private final int width;
  private final int height;
  private List<Detection> detected = List.of();

  /**
   * Reads the parameters and loads the model once, so a model that does not fit fails here.
   *
   * @throws IllegalArgumentException in one line if the model cannot be used
   */
  public Detect(Arguments arguments) {
    file = OnnxModel.File.of(arguments.path(MODEL));
    Loaded checked = MODELS.with(file, loaded -> loaded);
    labels = Labels.of(arguments, LABELS, checked.classes(), true, "detect");
    conf = (float) arguments.number(CONF);
    nms = (float) arguments.number(NMS);
    boolean sized = arguments.has(SIZE);
    width = sized ? arguments.integer(SIZE) : checked.width();
    height = sized ? arguments.integer(SIZE) : checked.height();
  }

  @Override
  public Mat process(Mat frame) {
    detected = List.of();
    Mat colour = Overlay.inColour(frame);
    boolean returned = false;
    try {
      List<Detection> found = detect(colour);
      if (found.isEmpty()) {
        return frame;
      }
      for (Detection d : found) {
        Imgproc.rectangle(colour, d.box(), Overlay.COLOUR, Overlay.thickness(colour));
        Overlay.label(colour, String.format(Locale.ROOT, "%s %.2f", d.label(), d.score()),
            new Point(d.x() + 2, Math.max(10, d.y() - 4)));
      }
      detected = List.copyOf(found);
      returned = true;
      return colour;
    } finally {
      if (!returned && colour != frame) {
        colour.release();
      }
    }
  }

  /** What the model finds in a colour frame, in the frame's coordinates. */
  private List<Detection> detect(Mat colour) {
    Letterbox box = Letterbox.of(colour.cols(), colour.rows(), width, height);
    List<YoloLayout.Box> boxes;
    Mat input = box.apply(colour);
    Mat blob = null;
    try {
      blob = Dnn.blobFromImage(input, 1 / 255.0, new Size(width, height), new Scalar(0, 0, 0), true, false);
      Mat in = blob;
      boxes = MODELS.with(file, loaded -> {
        Mat out = loaded.model().run(in);
        try {
          return loaded.layout().boxes(out, conf);
        } finally {
          out.release();
        }
      });
    } finally {
      input.release();
      if (blob != null) {
        blob.release();
      }
    }
    List<Detection> found = new ArrayList<>();
    for (YoloLayout.Box kept : merged(boxes)) {
      Rect rect = box.toFrame(kept.centreX(), kept.centreY(), kept.width(), kept.height());
      if (rect.area() > 0) {
        found.add(Detection.scored(labels.get(kept.classId()), kept.score(), rect));
      }
    }
    return found;
  }

  @Override
  public List<Detection> detections() {
    return detected;
  }

  /** The boxes left once overlapping boxes of one class are merged, best first. */
  private List<YoloLayout.Box> merged(List<YoloLayout.Box> boxes) {
    if (boxes.isEmpty()) {
      return boxes;
    }
    Rect2d[] rects = new Rect2d[boxes.size()];
    float[] scores = new float[boxes.size()];
    int[] classes = new int[boxes.size()];
    for (int i = 0; i < rects.length; i++) {
      YoloLayout.Box b = boxes.get(i);
      rects[i] = new Rect2d(b.centreX() - b.width() / 2, b.centreY() - b.height() / 2, b.width(), b.height());
      scores[i] = b.score();
      classes[i] = b.classId();
    }
    MatOfRect2d rectMat = new MatOfRect2d(rects);
    MatOfFloat scoreMat = new MatOfFloat(scores);
    MatOfInt classMat = new MatOfInt(classes);
    MatOfInt keep = new MatOfInt();
    try {
      Dnn.NMSBoxesBatched(rectMat, scoreMat, classMat, conf, nms, keep);
      List<YoloLayout.Box> kept = new ArrayList<>();
      for (int i : keep.toArray()) {
        kept.add(boxes.get(i));
      }
      return kept;
    } finally {
      rectMat.release();
      scoreMat.release();
      classMat.release();
      keep.release();
    }
  }

  private static Loaded load(OnnxModel.File file) {
    try {
      OnnxModel model = OnnxModel.load(file);
      int width = model.declaredWidth().orElse(DEFAULT_SIZE);
      int height = model.declaredHeight().orElse(DEFAULT_SIZE);
      int[] shape = model.outputShape(3, height, width);
      YoloLayout layout = YoloLayout.of(shape);
      return new Loaded(model, layout, layout.classes(shape), width, height);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("detect: " + file.path().getFileName() + ": " + e.getMessage());
    }
  }
}
