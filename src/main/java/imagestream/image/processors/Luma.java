package imagestream.image.processors;

import java.util.function.BiConsumer;
import org.opencv.core.Mat;

/** Runs an OpenCV operation on a frame's brightness, whether the frame is gray or colour. */
final class Luma {

  private static final Grayscale GRAY = new Grayscale(); // stateless, so one serves every thread

  private Luma() {}

  /**
   * Calls {@code operation(gray, out)} with the frame's gray channel (the frame itself if it is
   * gray, else a converted copy released afterwards) and a new {@code Mat} to write into.
   *
   * @return {@code out}, which the caller owns
   */
  static Mat map(Mat frame, BiConsumer<Mat, Mat> operation) {
    Mat gray = GRAY.process(frame);
    try {
      return Mats.fill(new Mat(), out -> operation.accept(gray, out));
    } finally {
      if (gray != frame) {
        gray.release();
      }
    }
  }
}
