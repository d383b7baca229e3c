package imagestream.image.processors;

import imagestream.image.FrameProcessor;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/** The negative: every channel becomes 255 minus itself, in place. */
public final class Invert implements FrameProcessor {

  @Override
  public Mat process(Mat frame) {
    Core.bitwise_not(frame, frame);
    return frame;
  }
}
