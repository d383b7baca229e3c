package imagestream.image.processors;

import imagestream.image.FrameProcessor;
import org.opencv.core.Mat;

/** The {@code none} step: the resized camera picture as it is, in colour. */
final class Unchanged implements FrameProcessor {

  @Override
  public Mat process(Mat frame) {
    return frame;
  }

  @Override
  public boolean keepsGray() {
    return true;
  }
}
