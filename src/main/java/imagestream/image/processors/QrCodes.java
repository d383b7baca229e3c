package imagestream.image.processors;

import imagestream.image.Detection;
import imagestream.image.FrameProcessor;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.QRCodeDetector;

/**
 * Finds QR codes with OpenCV's built-in detector (no model to download), outlines each one in
 * green and writes what it says above it. Each code is reported as a detection labelled
 * {@code qrcode}, with its bounding box and the text it holds.
 */
public final class QrCodes implements FrameProcessor {

  private final QRCodeDetector detector = new QRCodeDetector();
  private List<Detection> detected = List.of();

  @Override
  public Mat process(Mat frame) {
    detected = List.of();
    List<String> texts = new ArrayList<>();
    Mat corners = new Mat();
    try {
      if (!detector.detectAndDecodeMulti(frame, texts, corners) || corners.empty()) {
        return frame;
      }
      List<Point[]> codes = quadrilaterals(corners);
      List<Detection> detections = new ArrayList<>();
      Mat marked = Overlay.mark(frame, m -> {
        for (int i = 0; i < codes.size(); i++) {
          Point[] quad = codes.get(i);
          String text = i < texts.size() ? texts.get(i) : "";
          MatOfPoint outline = new MatOfPoint(quad);
          try {
            Imgproc.polylines(m, List.of(outline), true, Overlay.COLOUR, Overlay.thickness(m));
            detections.add(Detection.unscored("qrcode", Imgproc.boundingRect(outline)).withText(text));
          } finally {
            outline.release();
          }
          Overlay.label(m, text.isEmpty() ? "QR" : text, topLeft(quad));
        }
      });
      detected = List.copyOf(detections);
      return marked;
    } finally {
      corners.release();
    }
  }

  @Override
  public List<Detection> detections() {
    return detected;
  }

  /** The detector's corners, four (x, y) points per code, as one array per code. */
  static List<Point[]> quadrilaterals(Mat corners) {
    float[] xy = new float[(int) (corners.total() * corners.channels())];
    corners.get(0, 0, xy);
    List<Point[]> codes = new ArrayList<>();
    for (int i = 0; i + 8 <= xy.length; i += 8) {
      Point[] quad = new Point[4];
      for (int k = 0; k < 4; k++) {
        quad[k] = new Point(Math.round(xy[i + 2 * k]), Math.round(xy[i + 2 * k + 1]));
      }
      codes.add(quad);
    }
    return codes;
  }

  private static Point topLeft(Point[] quad) {
    double x = Double.MAX_VALUE;
    double y = Double.MAX_VALUE;
    for (Point p : quad) {
      x = Math.min(x, p.x);
      y = Math.min(y, p.y);
    }
    return new Point(x, Math.max(10, y - 4));
  }
}
