package imagestream.image;

import org.opencv.core.Rect;

/**
 * Something a processor found in a frame: what it is, how sure the detector is, and where, in
 * the pixels of the frame it was given (which is the reply's size, for the built-ins).
 *
 * @param label what was found, e.g. {@code face} or a model's class name
 * @param score the detector's confidence from 0 to 1, or null when it gives none (the face,
 *     people and QR code detectors)
 * @param x the box's left edge
 * @param y the box's top edge
 * @param width the box's width
 * @param height the box's height
 * @param text what a QR code says; null for everything else
 */
public record Detection(String label, Double score, int x, int y, int width, int height, String text) {

  /** A detection with a confidence. */
  public static Detection scored(String label, double score, Rect box) {
    return new Detection(label, score, box.x, box.y, box.width, box.height, null);
  }

  /** A detection from a detector that gives no confidence. */
  public static Detection unscored(String label, Rect box) {
    return new Detection(label, null, box.x, box.y, box.width, box.height, null);
  }

  /** The same detection with the {@code text} it carries (what a QR code says). */
  public Detection withText(String value) {
    return new Detection(label, score, x, y, width, height, value);
  }

  /** The box as an OpenCV rectangle, e.g. for drawing. */
  public Rect box() {
    return new Rect(x, y, width, height);
  }
}
