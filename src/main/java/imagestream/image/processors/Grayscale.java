package imagestream.image.processors;

import imagestream.image.FrameProcessor;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/** Converts a colour frame to one gray channel: {@code grayscale}, the default processing. */
public final class Grayscale implements FrameProcessor {

  @Override
  public Mat process(Mat frame) {
    if (frame.channels() == 1) {
      return frame; // decoded as gray already
    }
    Mat gray = new Mat();
    Imgproc.cvtColor(frame, gray, Imgproc.COLOR_BGR2GRAY);
    return gray;
  }

  @Override
  public boolean lumaOnly() {
    return true;
  }

  @Override
  public boolean keepsGray() {
    return true;
  }
}
