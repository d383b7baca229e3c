package imagestream.image.dnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.opencv.core.Mat;

/**
 * The two output layouts of YOLO detection exports, told apart by shape: a box's numbers are
 * the shorter dimension (a few to a few hundred) and the boxes the longer one (thousands).
 * Exports that already end in non-maximum suppression (YOLOv10, {@code nms=True}) are not
 * supported: their rows are corners and a class number, not scores per class.
 */
public enum YoloLayout {

  /**
   * YOLOv8 and YOLO11: {@code [1, 4 + classes, boxes]}, each box its centre x and y, width,
   * height, then one score per class.
   */
  NUMBERS_FIRST(4),

  /**
   * YOLOv5: {@code [1, boxes, 5 + classes]}, each box its centre x and y, width, height, an
   * objectness, then one score per class (a box's score is objectness times class score).
   */
  BOXES_FIRST(5);

  /** One box above the threshold, in the model's input pixels. */
  public record Box(double centreX, double centreY, double width, double height, int classId, float score) {}

  private final int leading;

  YoloLayout(int leading) {
    this.leading = leading;
  }

  /**
   * The layout of an output of shape {@code shape}.
   *
   * @throws IllegalArgumentException in one line if it fits neither layout
   */
  public static YoloLayout of(int[] shape) {
    if (shape.length == 3 && shape[0] == 1) {
      if (shape[1] < shape[2] && shape[1] > NUMBERS_FIRST.leading) {
        return NUMBERS_FIRST;
      }
      if (shape[1] > shape[2] && shape[2] > BOXES_FIRST.leading) {
        return BOXES_FIRST;
      }
    }
    throw new IllegalArgumentException("its output has the shape " + Arrays.toString(shape)
        + ", which is not a YOLO detection output: expected [1, 4 + classes, boxes] (YOLOv8,"
        + " YOLO11) or [1, boxes, 5 + classes] (YOLOv5), with more boxes than classes");
  }

  /** How many classes an output of shape {@code shape} scores. */
  public int classes(int[] shape) {
    return (this == NUMBERS_FIRST ? shape[1] : shape[2]) - leading;
  }

  /** The boxes of {@code output} (of this layout) whose best class scores at least {@code minScore}. */
  public List<Box> boxes(Mat output, float minScore) {
    int[] shape = OnnxModel.shape(output);
    float[] v = new float[(int) output.total()];
    output.get(new int[] {0, 0, 0}, v);
    int classes = classes(shape);
    List<Box> found = new ArrayList<>();
    if (this == NUMBERS_FIRST) {
      int n = shape[2];
      for (int i = 0; i < n; i++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          best = v[(4 + c) * n + i] > v[(4 + best) * n + i] ? c : best;
        }
        float score = v[(4 + best) * n + i];
        if (score >= minScore) {
          found.add(new Box(v[i], v[n + i], v[2 * n + i], v[3 * n + i], best, score));
        }
      }
    } else {
      int stride = shape[2];
      for (int at = 0; at + stride <= v.length; at += stride) {
        float objectness = v[at + 4];
        if (objectness < minScore) {
          continue; // no class can score more than the objectness
        }
        int best = 0;
        for (int c = 1; c < classes; c++) {
          best = v[at + 5 + c] > v[at + 5 + best] ? c : best;
        }
        float score = objectness * v[at + 5 + best];
        if (score >= minScore) {
          found.add(new Box(v[at], v[at + 1], v[at + 2], v[at + 3], best, score));
        }
      }
    }
    return found;
  }
}
