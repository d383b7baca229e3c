package imagestream.examples;

import imagestream.image.Arguments;
import imagestream.image.FrameProcessor;
import imagestream.image.Parameter;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * An example of your own processor: big square pixels. Try it with
 * {@code PROCESSING=imagestream.examples.Pixelate} in {@code .env}, or with bigger ones:
 * {@code PROCESSING=imagestream.examples.Pixelate(block=16)}.
 */
public final class Pixelate implements FrameProcessor {

  /** Its one parameter: the side of a big pixel, 2 to 64, 8 when the chain gives none. */
  public static final Parameter BLOCK =
      Parameter.integer("block", 2, 64, 8, "the side of one big pixel, in pixels");

  private final int block;

  /** Reads the parameter; a bad value (block=abc, block=0) stops the server with one line. */
  public Pixelate(Arguments arguments) {
    block = arguments.integer(BLOCK);
  }

  @Override
  public Mat process(Mat frame) {
    Size blocks = new Size(Math.max(1, frame.cols() / block), Math.max(1, frame.rows() / block));
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
