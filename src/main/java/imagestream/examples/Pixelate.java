package imagestream.examples;

import imagestream.image.FrameProcessor;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * An example of your own processor: big square pixels. Try it with
 * {@code PROCESSING=imagestream.examples.Pixelate} in {@code .env}.
 */
public final class Pixelate implements FrameProcessor {

  /** The side of one big pixel, in pixels. */
  static final int BLOCK = 8;

  @Override
  public Mat process(Mat frame) {
    Size blocks = new Size(Math.max(1, frame.cols() / BLOCK), Math.max(1, frame.rows() / BLOCK));
    Mat small = new Mat();
    try {
      Imgproc.resize(frame, small, blocks, 0, 0, Imgproc.INTER_AREA); // each block's average
      Imgproc.resize(small, frame, frame.size(), 0, 0, Imgproc.INTER_NEAREST); // blown up, in place
      return frame;
    } finally {
      small.release(); // a Mat holds native memory: release what you create
    }
  }
}
