package imagestream.image;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * The extension point: one step of processing, a frame in and a frame out.
 *
 * <p>The frame arrives already resized to the output size. A processor may change it in place
 * and return it, or return a new {@code Mat}; either way the pipeline releases what it gets
 * back, and the input too. Steps compose with {@link #andThen}. A processor that finds things
 * (faces, objects, codes) also reports them as data through {@link #detections()}. Each
 * connection gets its own instances; they are {@link #close() closed} when the connection
 * chooses another chain or goes away.
 */
@FunctionalInterface
public interface FrameProcessor {

  /** Processes one BGR (3-channel) or gray (1-channel) frame and returns the result. */
  Mat process(Mat frame);

  /**
   * Whether the result depends only on the frame's brightness, so the pipeline may decode the
   * JPEG straight to gray (about 3x cheaper than decoding colour and converting).
   */
  default boolean lumaOnly() {
    return false;
  }

  /**
   * Whether a gray frame comes out unchanged, pixel for pixel, so that a chain of such steps
   * turns a same-size frame into its luma: the pipeline may then pass the JPEG's luma through
   * without decoding it (and without calling {@link #process}).
   */
  default boolean keepsGray() {
    return false;
  }

  /**
   * What the last call of {@link #process} found, in the pixels of the frame it was given; empty
   * when it found nothing, or when the processor is not a detector. The server sends them to
   * pages that asked, right after the frame's reply.
   */
  default List<Detection> detections() {
    return List.of();
  }

  /**
   * Frees what this processor keeps between frames (a previous frame's {@code Mat}, a native
   * object, a file): called once, when its connection chooses another chain or goes away, never
   * during {@link #process}. By default nothing.
   */
  default void close() {}

  /**
   * This step, then {@code next} on its result; intermediate frames are released, the
   * detections of both steps are reported, and closing it closes both.
   */
  default FrameProcessor andThen(FrameProcessor next) {
    FrameProcessor first = this;
    return new FrameProcessor() {
      @Override
      public Mat process(Mat frame) {
        Mat middle = first.process(frame);
        if (middle == frame) {
          return next.process(frame);
        }
        Mat result;
        try {
          result = next.process(middle);
        } catch (RuntimeException e) {
          middle.release();
          throw e;
        }
        if (result != middle) {
          middle.release();
        }
        return result;
      }

      @Override
      public boolean lumaOnly() {
        // Once the first step has reduced the frame to brightness, colour cannot come back.
        return first.lumaOnly();
      }

      @Override
      public boolean keepsGray() {
        return first.keepsGray() && next.keepsGray();
      }

      @Override
      public List<Detection> detections() {
        List<Detection> found = first.detections();
        List<Detection> more = next.detections();
        if (found.isEmpty() || more.isEmpty()) {
          return found.isEmpty() ? more : found;
        }
        List<Detection> all = new ArrayList<>(found);
        all.addAll(more);
        return all;
      }

      @Override
      public void close() {
        try {
          first.close();
        } finally {
          next.close();
        }
      }
    };
  }
}
