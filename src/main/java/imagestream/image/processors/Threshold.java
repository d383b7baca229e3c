package imagestream.image.processors;

import imagestream.image.FrameProcessor;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/** Black and white only: Otsu's method picks the brightness that best splits the frame. */
public final class Threshold implements FrameProcessor {

  @Override
  public Mat process(Mat frame) {
    return Luma.map(
        frame,
        (gray, binary) ->
            Imgproc.threshold(gray, binary, 0, 255, Imgproc.THRESH_BINARY | Imgproc.THRESH_OTSU));
  }

  @Override
  public boolean lumaOnly() {
    return true;
  }
}
