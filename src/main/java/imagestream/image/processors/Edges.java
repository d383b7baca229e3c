package imagestream.image.processors;

import imagestream.image.Arguments;
import imagestream.image.FrameProcessor;
import imagestream.image.Parameter;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/** Canny edges: white outlines on black, from the frame's brightness. */
public final class Edges implements FrameProcessor {

  /** Gradients below this are never edges. */
  static final Parameter LOW =
      Parameter.number("low", 0, 1000, 50.0, "gradients below this are never edges");

  /** Gradients above this are always edges; those in between only when they touch one. */
  static final Parameter HIGH =
      Parameter.number("high", 0, 1000, 150.0, "gradients above this are always edges");

  private final double low;
  private final double high;

  /** Reads {@code low} and {@code high}, e.g. {@code edges(50,150)}. */
  public Edges(Arguments arguments) {
    low = arguments.number(LOW);
    high = arguments.number(HIGH);
  }

  @Override
  public Mat process(Mat frame) {
    return Luma.map(frame, (gray, edges) -> Imgproc.Canny(gray, edges, low, high));
  }

  @Override
  public boolean lumaOnly() {
    return true;
  }
}
