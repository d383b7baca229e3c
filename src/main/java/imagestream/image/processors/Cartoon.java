package imagestream.image.processors;

import imagestream.image.FrameProcessor;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * A cartoon: smoothed flat areas of a few colours, outlined in black where the brightness
 * changes sharply.
 */
public final class Cartoon implements FrameProcessor {

  /** Levels kept per channel; each band of 256 / LEVELS values becomes its middle. */
  static final int LEVELS = 6;

  @Override
  public Mat process(Mat frame) {
    Mat outlines = outlines(frame);
    Mat smooth = new Mat();
    Mat levels = null;
    try {
      levels = levelTable();
      // Smooths within regions but keeps their borders, then posterizes.
      Imgproc.bilateralFilter(frame, smooth, 7, 60, 60);
      Core.LUT(smooth, levels, smooth);
      // Outline pixels stay black.
      return Mats.fill(Mat.zeros(frame.size(), frame.type()), cartoon -> smooth.copyTo(cartoon, outlines));
    } finally {
      outlines.release();
      smooth.release();
      if (levels != null) {
        levels.release();
      }
    }
  }

  /** 255 inside regions, 0 on outlines: pixels clearly darker than their neighbourhood. */
  private static Mat outlines(Mat frame) {
    return Luma.map(frame, (gray, mask) -> {
      Mat median = new Mat();
      try {
        Imgproc.medianBlur(gray, median, 5); // ignores noise and fine texture
        Imgproc.adaptiveThreshold(
            median, mask, 255, Imgproc.ADAPTIVE_THRESH_MEAN_C, Imgproc.THRESH_BINARY, 9, 4);
      } finally {
        median.release();
      }
    });
  }

  /** The posterizing lookup table: 256 bytes, cheaper to make per frame than to leave to the GC. */
  private static Mat levelTable() {
    int band = 256 / LEVELS;
    byte[] table = new byte[256];
    for (int i = 0; i < 256; i++) {
      table[i] = (byte) Math.min(255, (i / band) * band + band / 2);
    }
    return Mats.fill(new Mat(1, 256, CvType.CV_8UC1), lut -> lut.put(0, 0, table));
  }
}
