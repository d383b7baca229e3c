package imagestream.image.processors;

import java.util.function.Consumer;
import org.opencv.core.Mat;

/** Building a processor's result: a Mat that filling fails to fill is released, not leaked. */
final class Mats {

  private Mats() {}

  /**
   * Fills {@code created}, a Mat the caller just made, and returns it; if {@code fill} throws,
   * whatever it throws, releases it first.
   */
  static Mat fill(Mat created, Consumer<Mat> fill) {
    try {
      fill.accept(created);
      return created;
    } catch (RuntimeException | Error e) {
      created.release();
      throw e;
    }
  }
}
