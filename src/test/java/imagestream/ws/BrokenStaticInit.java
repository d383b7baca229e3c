package imagestream.ws;

import imagestream.image.FrameProcessor;
import org.opencv.core.Mat;

/** A user processor whose class cannot be initialized: its static initializer throws. */
public final class BrokenStaticInit implements FrameProcessor {

  private static final int SIDE = fail();

  private static int fail() {
    throw new IllegalStateException("BrokenStaticInit fails in its static initializer");
  }

  @Override
  public Mat process(Mat frame) {
    return SIDE > 0 ? frame : frame;
  }
}
