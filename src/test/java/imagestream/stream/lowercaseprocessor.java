package imagestream.stream;

import imagestream.image.FrameProcessor;
import org.opencv.core.Mat;

/** A user processor whose class name is all lower case, as a built-in's; it changes nothing. */
public final class lowercaseprocessor implements FrameProcessor {

  @Override
  public Mat process(Mat frame) {
    return frame;
  }
}
