package imagestream.image.processors;

import imagestream.image.Arguments;
import imagestream.image.FrameProcessor;
import imagestream.image.Parameter;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * Black and white only: brighter than the split is white. By default Otsu's method picks the
 * split that best separates the frame; {@code threshold(128)} fixes it.
 */
public final class Threshold implements FrameProcessor {

  /** The brightness that splits black from white; not given: Otsu's method picks it per frame. */
  static final Parameter LEVEL = Parameter.integer("level", 0, 255, null,
      "brighter than this is white; not given: picked per frame by Otsu's method");

  private final int level; // -1: Otsu's method

  /** Reads {@code level}, e.g. {@code threshold(128)}. */
  public Threshold(Arguments arguments) {
    level = arguments.has(LEVEL) ? arguments.integer(LEVEL) : -1;
  }

  @Override
  public Mat process(Mat frame) {
    return Luma.map(
        frame,
        (gray, binary) -> {
          if (level < 0) {
            Imgproc.threshold(gray, binary, 0, 255, Imgproc.THRESH_BINARY | Imgproc.THRESH_OTSU);
          } else {
            Imgproc.threshold(gray, binary, level, 255, Imgproc.THRESH_BINARY);
          }
        });
  }

  @Override
  public boolean lumaOnly() {
    return true;
  }
}
