package imagestream.image.processors;

import imagestream.image.Arguments;
import imagestream.image.Detection;
import imagestream.image.FrameProcessor;
import imagestream.image.Parameter;
import imagestream.image.dnn.OnnxModel;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.imgproc.Imgproc;

/**
 * Your own image classifier: an ONNX model with one output holding a score per class (e.g. a
 * torchvision or timm export), run by OpenCV's DNN module. The frame is resized to the model's
 * input, normalized ({@code (pixel / 255 - mean) / std} per colour), and the best class is
 * written on the frame with its probability and reported as a detection covering the frame.
 * Scores that are not already probabilities (they do not sum to 1) go through a softmax.
 */
public final class Classify implements FrameProcessor {

  /** The model file. */
  static final Parameter MODEL = Parameter.requiredPath("model",
      "the ONNX file: an image classifier with one output, a score per class");

  /** The class names. */
  static final Parameter LABELS = Parameter.optionalPath("labels",
      "class names, one a line, in the model's order; not given: class numbers");

  /** The input's side. */
  static final Parameter SIZE = Parameter.integer("size", 8, 2048, null,
      "the side of the square the frame is resized to; not given: the model's input size, else 224");

  /** Subtracted from each colour. */
  static final Parameter MEAN = Parameter.numbers("mean", 0, 1, "0.485 0.456 0.406",
      "subtracted from each colour (0 to 1; red green blue): ImageNet's by default");

  /** Each colour is divided by it. */
  static final Parameter STD = Parameter.numbers("std", 0.001, 1, "0.229 0.224 0.225",
      "each colour is divided by this after the mean is subtracted: ImageNet's by default");

  /** The input side for a model whose file leaves it open. */
  static final int DEFAULT_SIZE = 224;

  private static final Grayscale GRAY = new Grayscale();
  private static final InstancePool<OnnxModel.File, Loaded> MODELS = new InstancePool<>(Classify::load);

  /** A network with its checked class count, input channels and the input size its file declares. */
  private record Loaded(OnnxModel model, int classes, int channels, int width, int height) {}

  private final OnnxModel.File file;
  private final List<String> labels;
  private final int channels;
  private final Size size;
  private final Scalar mean;
  private final Scalar std;
  private List<Detection> detected = List.of();

  /**
   * Reads the parameters and loads the model once, so a model that does not fit fails here.
   *
   * @throws IllegalArgumentException in one line if the model cannot be used
   */
  public Classify(Arguments arguments) {
    file = OnnxModel.File.of(arguments.path(MODEL));
    Loaded checked = MODELS.with(file, loaded -> loaded);
    labels = Labels.of(arguments, LABELS, checked.classes(), false, "classify");
    channels = checked.channels();
    boolean sized = arguments.has(SIZE);
    size = sized
        ? new Size(arguments.integer(SIZE), arguments.integer(SIZE))
        : new Size(checked.width(), checked.height());
    mean = perChannel(arguments.numbers(MEAN));
    std = perChannel(arguments.numbers(STD));
  }

  /** Red, green, blue values in the frame's channel order (blue first), on its 0-255 scale. */
  private Scalar perChannel(double[] rgb) {
    return channels == 1
        ? new Scalar(rgb[0] * 255)
        : new Scalar(rgb[2] * 255, rgb[1] * 255, rgb[0] * 255);
  }

  @Override
  public Mat process(Mat frame) {
    float[] scores = MODELS.with(file, loaded -> scores(loaded.model(), frame));
    float[] probabilities = probabilities(scores);
    int best = 0;
    for (int i = 1; i < probabilities.length; i++) {
      best = probabilities[i] > probabilities[best] ? i : best;
    }
    Detection top = Detection.scored(labels.get(best), probabilities[best],
        new Rect(0, 0, frame.cols(), frame.rows()));
    detected = List.of(top);
    return Overlay.mark(frame, marked -> Overlay.label(marked,
        String.format(Locale.ROOT, "%s %.2f", top.label(), top.score()),
        new Point(4, 4 + 24 * Math.max(0.35, frame.cols() / 900.0))));
  }

  @Override
  public List<Detection> detections() {
    return detected;
  }

  private float[] scores(OnnxModel model, Mat frame) {
    Mat input = channels == 1 ? GRAY.process(frame) : Overlay.inColour(frame);
    Mat resized = new Mat();
    Mat normalized = new Mat();
    Mat blob = null;
    Mat out = null;
    try {
      Imgproc.resize(input, resized, size, 0, 0, Imgproc.INTER_AREA);
      resized.convertTo(normalized, CvType.CV_32F);
      Core.subtract(normalized, mean, normalized);
      Core.divide(normalized, std, normalized);
      blob = Dnn.blobFromImage(normalized, 1.0, size, new Scalar(0, 0, 0), channels == 3, false);
      out = model.run(blob);
      float[] scores = new float[(int) out.total()];
      out.reshape(1, 1).get(0, 0, scores);
      return scores;
    } finally {
      if (input != frame) {
        input.release();
      }
      resized.release();
      normalized.release();
      if (blob != null) {
        blob.release();
      }
      if (out != null) {
        out.release();
      }
    }
  }

  /** The scores as they are if they are probabilities already, else their softmax. */
  static float[] probabilities(float[] scores) {
    double sum = 0;
    boolean inRange = true;
    for (float s : scores) {
      sum += s;
      inRange &= s >= 0 && s <= 1;
    }
    if (inRange && Math.abs(sum - 1) < 1e-3) {
      return scores;
    }
    float max = Float.NEGATIVE_INFINITY;
    for (float s : scores) {
      max = Math.max(max, s);
    }
    double total = 0;
    float[] p = new float[scores.length];
    for (int i = 0; i < scores.length; i++) {
      p[i] = (float) Math.exp(scores[i] - max);
      total += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= (float) total;
    }
    return p;
  }

  private static Loaded load(OnnxModel.File file) {
    try {
      OnnxModel model = OnnxModel.load(file);
      int channels = model.declaredChannels().orElse(3);
      int width = model.declaredWidth().orElse(DEFAULT_SIZE);
      int height = model.declaredHeight().orElse(DEFAULT_SIZE);
      if (channels != 1 && channels != 3) {
        throw new IllegalArgumentException("its input has " + channels + " channels, not 3 (colour) or 1 (gray)");
      }
      int[] shape = model.outputShape(channels, height, width);
      boolean scoresPerClass = shape.length >= 2 && shape[0] == 1 && shape[1] >= 1
          && OnnxModel.volume(shape) == shape[1];
      if (!scoresPerClass) {
        throw new IllegalArgumentException("its output has the shape " + Arrays.toString(shape)
            + ", not one score per class: expected [1, classes]");
      }
      return new Loaded(model, shape[1], channels, width, height);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("classify: " + file.path().getFileName() + ": " + e.getMessage());
    }
  }
}
