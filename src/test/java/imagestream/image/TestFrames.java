package imagestream.image;

import imagestream.bench.SyntheticFrames;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/** Real-looking test frames made in code: coloured gradients, shapes and noise, as JPEG. */
public final class TestFrames {

  private TestFrames() {}

  /** {@link SyntheticFrames#scene}: gradients, shapes and noise around {@code brightness}. */
  public static Mat scene(int width, int height, int brightness) {
    return SyntheticFrames.scene(width, height, brightness);
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
    return decode(jpeg, Imgcodecs.IMREAD_UNCHANGED);
  }

  /** Decodes a JPEG to one gray channel, as libjpeg converts colour to gray. */
  public static Mat decodeGray(byte[] jpeg) {
    return decode(jpeg, Imgcodecs.IMREAD_GRAYSCALE);
  }

  /** Decodes a JPEG with OpenCV's {@code imdecode} and the given flags. */
  private static Mat decode(byte[] jpeg, int flags) {
    MatOfByte data = new MatOfByte(jpeg);
    try {
      return Imgcodecs.imdecode(data, flags);
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
}
