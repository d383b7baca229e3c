package imagestream.image.dnn;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * A frame fitted into a model's input without distortion, as YOLO models are trained: scaled
 * to fit, centred, the rest filled with gray (114, as Ultralytics pads). It maps the model's
 * boxes back to the frame's pixels.
 *
 * @param width the model input's width, in pixels
 * @param height the model input's height, in pixels
 * @param scale model pixels per frame pixel
 * @param left the gray columns left of the picture
 * @param top the gray rows above it
 * @param frameWidth the frame's width
 * @param frameHeight the frame's height
 */
public record Letterbox(
    int width, int height, double scale, int left, int top, int frameWidth, int frameHeight) {

  /** The gray of the padding. */
  static final Scalar PADDING = new Scalar(114, 114, 114);

  /** The letterbox of a {@code frameWidth} x {@code frameHeight} frame in a model input of {@code width} x {@code height}. */
  public static Letterbox of(int frameWidth, int frameHeight, int width, int height) {
    double scale = Math.min((double) width / frameWidth, (double) height / frameHeight);
    int inside = (int) Math.round(frameWidth * scale);
    int insideHeight = (int) Math.round(frameHeight * scale);
    return new Letterbox(width, height, scale, (width - inside) / 2, (height - insideHeight) / 2,
        frameWidth, frameHeight);
  }

  /** The picture to give the model (a new {@code Mat} the caller releases). */
  public Mat apply(Mat frame) {
    int inside = (int) Math.round(frameWidth * scale);
    int insideHeight = (int) Math.round(frameHeight * scale);
    Mat resized = new Mat();
    Mat boxed = new Mat();
    try {
      Imgproc.resize(frame, resized, new Size(inside, insideHeight), 0, 0, Imgproc.INTER_LINEAR);
      Core.copyMakeBorder(resized, boxed, top, height - insideHeight - top, left,
          width - inside - left, Core.BORDER_CONSTANT, PADDING);
      return boxed;
    } catch (RuntimeException e) {
      boxed.release();
      throw e;
    } finally {
      resized.release();
    }
  }

  /**
   * A box given by its centre and size in the model's pixels, in the frame's pixels, cut to the
   * frame (empty if it lies outside).
   */
  public Rect toFrame(double centreX, double centreY, double width, double height) {
    double x1 = (centreX - width / 2 - left) / scale;
    double y1 = (centreY - height / 2 - top) / scale;
    double x2 = (centreX + width / 2 - left) / scale;
    double y2 = (centreY + height / 2 - top) / scale;
    int boxLeft = (int) Math.round(clamp(x1, frameWidth));
    int boxTop = (int) Math.round(clamp(y1, frameHeight));
    int boxRight = (int) Math.round(clamp(x2, frameWidth));
    int boxBottom = (int) Math.round(clamp(y2, frameHeight));
    return new Rect(boxLeft, boxTop, Math.max(0, boxRight - boxLeft), Math.max(0, boxBottom - boxTop));
  }

  private static double clamp(double value, int limit) {
    return Math.max(0, Math.min(limit, value));
  }
}
