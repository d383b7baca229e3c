package imagestream.image;

import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** Real-looking test frames made in code: coloured gradients, shapes and noise, as JPEG. */
public final class TestFrames {

  private TestFrames() {}

  /**
   * A BGR frame whose mean brightness is close to {@code brightness} (0-255), with detail:
   * colour gradients, a circle, a rectangle, a line and a little noise.
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

  /**
   * {@link #scene} with a fractal (1/f) texture over it, like foliage or sand, about as detailed
   * as the sample photos of {@code ../shared/frames} (a 640x480 frame is about 45 KB at quality
   * 60). The caller releases it.
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

  /** {@link #scene} as a JPEG at quality 90. */
  public static byte[] sceneJpeg(int width, int height, int brightness) {
    Mat frame = scene(width, height, brightness);
    try {
      return encode(frame, Imgcodecs.IMWRITE_JPEG_QUALITY, 90);
    } finally {
      frame.release();
    }
  }

  /** Encodes {@code image} as JPEG with OpenCV's {@code imencode} and the given parameters. */
  public static byte[] encode(Mat image, int... params) {
    MatOfByte out = new MatOfByte();
    MatOfInt p = new MatOfInt(params);
    try {
      if (!Imgcodecs.imencode(".jpg", image, out, p)) {
        throw new IllegalStateException("imencode failed");
      }
      return out.toArray();
    } finally {
      out.release();
      p.release();
    }
  }

  /** Decodes bytes as they are (a gray JPEG gives one channel, a colour one three). */
  public static Mat decodeUnchanged(byte[] jpeg) {
    MatOfByte data = new MatOfByte(jpeg);
    try {
      return Imgcodecs.imdecode(data, Imgcodecs.IMREAD_UNCHANGED);
    } finally {
      data.release();
    }
  }

  /** Decodes a JPEG to one gray channel, as libjpeg converts colour to gray. */
  public static Mat decodeGray(byte[] jpeg) {
    MatOfByte data = new MatOfByte(jpeg);
    try {
      return Imgcodecs.imdecode(data, Imgcodecs.IMREAD_GRAYSCALE);
    } finally {
      data.release();
    }
  }

  /** The mean of a decoded image's first channel. */
  public static double meanOf(byte[] jpeg) {
    Mat image = decodeUnchanged(jpeg);
    try {
      return Core.mean(image).val[0];
    } finally {
      image.release();
    }
  }

  /** The offset of the first start-of-frame marker (SOF0-SOF2), walking the segments. */
  public static int sofOffset(byte[] jpeg) {
    int i = 2;
    while (i + 3 < jpeg.length) {
      int marker = jpeg[i + 1] & 0xFF;
      if (marker >= 0xC0 && marker <= 0xC2) {
        return i;
      }
      i += 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF));
    }
    throw new IllegalArgumentException("no SOF marker");
  }

  /** A copy of {@code jpeg} whose frame header declares {@code width} x {@code height}. */
  public static byte[] withDeclaredSize(byte[] jpeg, int width, int height) {
    byte[] patched = jpeg.clone();
    int sof = sofOffset(patched);
    patched[sof + 5] = (byte) (height >> 8);
    patched[sof + 6] = (byte) height;
    patched[sof + 7] = (byte) (width >> 8);
    patched[sof + 8] = (byte) width;
    return patched;
  }

  private static Scalar shade(int base, int db, int dg, int dr) {
    return new Scalar(clamp(base + db) & 0xFF, clamp(base + dg) & 0xFF, clamp(base + dr) & 0xFF);
  }

  private static byte clamp(double v) {
    return (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
  }
}
