package imagestream.image.processors;

import imagestream.image.Arguments;
import imagestream.image.FrameProcessor;
import imagestream.image.Parameter;
import imagestream.image.dnn.OnnxModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.imgproc.Imgproc;

/**
 * Your own image-to-image model (style transfer, enhancement, a filter): an ONNX model taking a
 * picture {@code [1, 3, H, W]} (or {@code [1, 1, H, W]}, gray) and giving one back, run by
 * OpenCV's DNN module. The frame goes in at the model's declared size (or its own, if the model
 * takes any), colours in RGB order, pixels scaled to 0-{@code range}; the output is scaled back
 * and resized to the frame.
 */
public final class ImageModel implements FrameProcessor {

  /** The model file. */
  static final Parameter MODEL = Parameter.requiredPath("model",
      "the ONNX file: an image-to-image model taking and giving [1, 3, height, width]");

  /** The pixel scale the model works on. */
  static final Parameter RANGE = Parameter.integer("range", 1, 255, 1,
      "the value of a white pixel for the model: 1 (pixels from 0 to 1) or 255 (0 to 255)");

  /** The side of the test input for a model whose file leaves its size open. */
  static final int TRIAL_SIZE = 64;

  private static final Grayscale GRAY = new Grayscale();
  private static final InstancePool<OnnxModel.File, Loaded> MODELS = new InstancePool<>(ImageModel::load);

  /**
   * A network with its input channels and the input size its file declares (0: any).
   */
  private record Loaded(OnnxModel model, int channels, int width, int height) {}

  private final OnnxModel.File file;
  private final double range;
  private final int channels;
  private final int width;
  private final int height;

  /**
   * Reads the parameters and loads the model once, so a model that does not fit fails here.
   *
   * @throws IllegalArgumentException in one line if the model cannot be used
   */
  public ImageModel(Arguments arguments) {
    file = OnnxModel.File.of(arguments.path(MODEL));
    Loaded checked = MODELS.with(file, loaded -> loaded);
    range = arguments.integer(RANGE);
    channels = checked.channels();
    width = checked.width();
    height = checked.height();
  }

  @Override
  public Mat process(Mat frame) {
    Mat input = channels == 1 ? GRAY.process(frame) : Overlay.inColour(frame);
    Size size = width > 0 ? new Size(width, height) : frame.size();
    Mat blob = Dnn.blobFromImage(input, range / 255.0, size, new Scalar(0, 0, 0), channels == 3, false);
    Mat out = null;
    List<Mat> images = new ArrayList<>();
    Mat picture = new Mat();
    try {
      out = MODELS.with(file, loaded -> loaded.model().run(blob));
      int[] shape = OnnxModel.shape(out);
      if (!isPicture(shape)) {
        throw new IllegalStateException("onnx: " + file.path().getFileName() + " gave "
            + Arrays.toString(shape) + ", not a picture");
      }
      Dnn.imagesFromBlob(out, images);
      images.get(0).convertTo(picture, CvType.CV_8U, 255 / range);
      if (picture.channels() == 3) {
        Imgproc.cvtColor(picture, picture, Imgproc.COLOR_RGB2BGR);
      }
      if (picture.cols() != frame.cols() || picture.rows() != frame.rows()) {
        Imgproc.resize(picture, picture, frame.size(), 0, 0, Imgproc.INTER_LINEAR);
      }
      return picture;
    } catch (RuntimeException e) {
      picture.release();
      throw e;
    } finally {
      if (input != frame) {
        input.release();
      }
      blob.release();
      if (out != null) {
        out.release();
      }
      images.forEach(Mat::release);
    }
  }

  /** {@code [1, 3, H, W]} or {@code [1, 1, H, W]}. */
  private static boolean isPicture(int[] shape) {
    return shape.length == 4 && shape[0] == 1 && (shape[1] == 3 || shape[1] == 1)
        && shape[2] > 0 && shape[3] > 0;
  }

  private static Loaded load(OnnxModel.File file) {
    try {
      OnnxModel model = OnnxModel.load(file);
      int channels = model.declaredChannels().orElse(3);
      if (channels != 1 && channels != 3) {
        throw new IllegalArgumentException("its input has " + channels + " channels, not 3 (colour) or 1 (gray)");
      }
      int width = model.declaredWidth().orElse(0);
      int height = model.declaredHeight().orElse(0);
      int[] shape = model.outputShape(channels, height > 0 ? height : TRIAL_SIZE, width > 0 ? width : TRIAL_SIZE);
      if (!isPicture(shape)) {
        throw new IllegalArgumentException("its output has the shape " + Arrays.toString(shape)
            + ", not a picture: expected [1, 3, height, width] or [1, 1, height, width]");
      }
      return new Loaded(model, channels, width, height);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("onnx: " + file.path().getFileName() + ": " + e.getMessage());
    }
  }
}
