package imagestream.image.processors;

import imagestream.image.FrameProcessor;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/** Canny edges: white outlines on black, from the frame's brightness. */
public final class Edges implements FrameProcessor {

  /** Gradients below this are never edges. */
  static final double LOW_THRESHOLD = 50;

  /** Gradients above this are always edges; those in between only when they touch one. */
  static final double HIGH_THRESHOLD = 150;

  @Override
  public Mat process(Mat frame) {
    return Luma.map(frame, (gray, edges) -> Imgproc.Canny(gray, edges, LOW_THRESHOLD, HIGH_THRESHOLD));
  }

  @Override
  public boolean lumaOnly() {
    return true;
  }
}
