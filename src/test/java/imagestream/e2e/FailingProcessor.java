package imagestream.e2e;

import imagestream.image.FrameProcessor;
import org.opencv.core.Mat;

/** A user processor that fails on every frame, so the server refuses every frame of a page. */
public final class FailingProcessor implements FrameProcessor {

  @Override
  public Mat process(Mat frame) {
    throw new IllegalStateException("FailingProcessor refuses every frame");
  }
}
