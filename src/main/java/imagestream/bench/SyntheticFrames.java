package imagestream.bench;

import imagestream.image.OpenCvJpegCodec;
import imagestream.image.OpenCvNatives;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * Frames made in code, for the tools when the user gives no photos: colour gradients, shapes
 * and a fine texture at every scale, more detailed than most photos, so that figures measured
 * on them do not flatter the codecs.
 */
public final class SyntheticFrames {

  /** How many different frames {@link #jpegs} makes: enough that no one frame is learnt. */
  public static final int COUNT = 6;

  private static final OpenCvJpegCodec CODEC = new OpenCvJpegCodec();

  private SyntheticFrames() {}

  /**
   * {@link #COUNT} different frames of {@code width} x {@code height}, brightness from dark to
   * light, as JPEG at {@code quality} (0-100).
   */
  public static List<byte[]> jpegs(int width, int height, int quality) {
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      frames.add(detailedJpeg(width, height, 60 + 25 * i, quality));
    }
    return frames;
  }

  /**
   * A frame as a page sends it: {@link #detailedScene} as JPEG at {@code quality} (a 640x480
   * frame is about 46 KB at 60).
   */
  public static byte[] detailedJpeg(int width, int height, int brightness, int quality) {
    Mat scene = detailedScene(width, height, brightness);
    try {
      return CODEC.encode(scene, quality);
    } finally {
      scene.release();
    }
  }

  /**
   * {@link #scene} with a fractal (1/f) texture over it, like foliage or sand. The caller
   * releases it.
   */
  public static Mat detailedScene(int width, int height, int brightness) {
    Mat scene = scene(width, height, brightness);
    Mat detail = new Mat(height, width, CvType.CV_32FC3, Scalar.all(0));
    Mat pixels = new Mat();
    try {
      // Noise at every scale from one pixel to 1/32 of the frame, coarser scales stronger.
      for (int octave = 0; octave < 6; octave++) {
        Mat noise = new Mat(Math.max(2, height >> octave), Math.max(2, width >> octave), CvType.CV_32FC3);
        Mat smooth = new Mat();
        Core.randn(noise, 0, 6 * Math.pow(1.4, octave));
        Imgproc.resize(noise, smooth, detail.size(), 0, 0, Imgproc.INTER_CUBIC);
        Core.add(detail, smooth, detail);
        noise.release();
        smooth.release();
      }
      scene.convertTo(pixels, CvType.CV_32FC3);
      Core.add(pixels, detail, pixels);
      pixels.convertTo(scene, CvType.CV_8UC3); // saturates to 0-255
      return scene;
    } catch (RuntimeException e) {
      scene.release();
      throw e;
    } finally {
      detail.release();
      pixels.release();
    }
  }

  /**
   * A BGR frame whose mean brightness is close to {@code brightness} (0-255), with detail:
   * colour gradients, a circle, a rectangle, a line and a little noise. The caller releases it.
   */
  public static Mat scene(int width, int height, int brightness) {
    OpenCvNatives.load();
    Mat frame = new Mat(height, width, CvType.CV_8UC3);
    byte[] row = new byte[width * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double gx = (double) x / Math.max(1, width - 1) - 0.5;
        double gy = (double) y / Math.max(1, height - 1) - 0.5;
        row[x * 3] = clamp(brightness + 60 * gx); // blue rises to the right
        row[x * 3 + 1] = clamp(brightness + 60 * gy); // green rises downwards
        row[x * 3 + 2] = clamp(brightness - 40 * gx); // red falls to the right
      }
      frame.put(y, 0, row);
    }
    int r = Math.max(1, Math.min(width, height) / 6);
    Imgproc.circle(frame, new Point(width / 3.0, height / 2.0), r,
        shade(brightness, 30, -20, 10), -1);
    Imgproc.rectangle(frame, new Point(width * 0.6, height * 0.2),
        new Point(width * 0.85, height * 0.5), shade(brightness, -25, 20, 25), -1);
    Imgproc.line(frame, new Point(0, height - 1.0), new Point(width - 1.0, 0),
        shade(brightness, 40, 40, -30), Math.max(1, width / 80));
    Mat noise = new Mat(height, width, CvType.CV_8UC3);
    Core.randn(noise, 0, 6); // unsigned: only the positive half survives, about +2.4 on average
    Core.add(frame, noise, frame);
    noise.release();
    return frame;
  }

  private static Scalar shade(int base, int db, int dg, int dr) {
    return new Scalar(clamp(base + db) & 0xFF, clamp(base + dg) & 0xFF, clamp(base + dr) & 0xFF);
  }

  private static byte clamp(double v) {
    return (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
  }
}
