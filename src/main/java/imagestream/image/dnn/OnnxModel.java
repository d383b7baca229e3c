package imagestream.image.dnn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Optional;
import org.opencv.core.CvException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

/**
 * An ONNX model loaded with OpenCV's DNN module, with what its file declares about its input.
 * A {@code Net} must not run on two threads at once: one instance serves one thread at a time
 * (see {@code imagestream.image.processors.InstancePool}).
 */
public final class OnnxModel {

  /** A model file as it is on disk now; a changed file is a different key, so it is reloaded. */
  public record File(Path path, long bytes, FileTime modified) {

    /**
     * The file at {@code path}, absolute.
     *
     * @throws IllegalArgumentException if it cannot be read
     */
    public static File of(Path path) {
      Path absolute = path.toAbsolutePath().normalize();
      try {
        return new File(absolute, Files.size(absolute), Files.getLastModifiedTime(absolute));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the model " + path + ": " + e);
      }
    }
  }

  private final Path path;
  private final Net net;
  private final long[] declaredInput;

  private OnnxModel(Path path, Net net, long[] declaredInput) {
    this.path = path;
    this.net = net;
    this.declaredInput = declaredInput;
  }

  /**
   * Reads the model in {@code file}.
   *
   * @throws IllegalArgumentException in one line if it is not an ONNX model OpenCV can read (the
   *     message does not name the file: the caller does)
   */
  public static OnnxModel load(File file) {
    Path path = file.path();
    long[] declared;
    try {
      declared = OnnxInput.declaredShape(path).orElse(new long[0]);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    Net net;
    try {
      net = Dnn.readNetFromONNX(path.toString());
    } catch (CvException e) {
      throw new IllegalArgumentException("OpenCV cannot load it: " + oneLine(e));
    }
    if (net.empty()) {
      throw new IllegalArgumentException("OpenCV cannot load it");
    }
    return new OnnxModel(path, net, declared);
  }

  /** The model file, for messages. */
  public Path path() {
    return path;
  }

  /** The input's channels as declared (3 for colour, 1 for gray), if the file says. */
  public Optional<Integer> declaredChannels() {
    return declared(1);
  }

  /** The input's height in pixels as declared, if the file fixes it. */
  public Optional<Integer> declaredHeight() {
    return declared(2);
  }

  /** The input's width in pixels as declared, if the file fixes it. */
  public Optional<Integer> declaredWidth() {
    return declared(3);
  }

  /**
   * Runs the model on one input blob (NCHW, float) and returns its first output, which the
   * caller releases.
   *
   * @throws IllegalStateException in one line if OpenCV fails
   */
  public Mat run(Mat blob) {
    try {
      net.setInput(blob);
      return net.forward();
    } catch (CvException e) {
      throw new IllegalStateException("the model " + path.getFileName() + " failed on an input of "
          + Arrays.toString(shape(blob)) + ": " + oneLine(e));
    }
  }

  /**
   * The shape of the output for a zero input of {@code channels} x {@code height} x {@code width}:
   * what {@link #run} gives for such frames, checked once when a model is loaded.
   *
   * @throws IllegalArgumentException in one line if the model fails on it
   */
  public int[] outputShape(int channels, int height, int width) {
    Mat blob = Mat.zeros(new int[] {1, channels, height, width}, CvType.CV_32F);
    Mat out = null;
    try {
      out = run(blob);
      return shape(out);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage());
    } finally {
      blob.release();
      if (out != null) {
        out.release();
      }
    }
  }

  /** A blob's or output's dimensions, e.g. {@code [1, 84, 8400]}. */
  public static int[] shape(Mat m) {
    int[] dims = new int[m.dims()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = m.size(i);
    }
    return dims;
  }

  /** How many numbers a tensor of {@code shape} holds. */
  public static long volume(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** The useful part of OpenCV's message: its error, without the source file and function. */
  static String oneLine(CvException e) {
    String message = String.valueOf(e.getMessage()).replace('\n', ' ');
    int error = message.indexOf("error: ");
    int function = message.lastIndexOf(" in function ");
    if (error >= 0 && function > error) {
      return message.substring(error + "error: ".length(), function).strip();
    }
    return message.strip();
  }

  private Optional<Integer> declared(int index) {
    boolean known = declaredInput.length == 4 && declaredInput[index] != OnnxInput.UNKNOWN;
    return known ? Optional.of((int) declaredInput[index]) : Optional.empty();
  }
}
