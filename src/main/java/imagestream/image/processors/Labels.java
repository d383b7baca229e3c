package imagestream.image.processors;

import imagestream.image.Arguments;
import imagestream.image.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A model's class names: from a labels file (one a line, in the model's class order), else
 * COCO's 80 names for a detector of 80 classes (what YOLO exports are trained on), else
 * {@code class 0}, {@code class 1} and so on.
 */
final class Labels {

  private static final List<String> COCO = readCoco();

  private Labels() {}

  /**
   * The names of a model scoring {@code classes} classes, from the file {@code labels} names if
   * given.
   *
   * @throws IllegalArgumentException if the file cannot be read or names another number of classes
   */
  static List<String> of(Arguments arguments, Parameter labels, int classes, boolean cocoFor80, String owner) {
    if (!arguments.has(labels)) {
      return cocoFor80 && classes == COCO.size()
          ? COCO
          : IntStream.range(0, classes).mapToObj(i -> "class " + i).toList();
    }
    Path file = arguments.path(labels);
    List<String> names;
    try {
      names = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).toList());
    } catch (IOException e) {
      throw new IllegalArgumentException(owner + ": cannot read the labels " + file + ": " + e);
    }
    while (!names.isEmpty() && names.get(names.size() - 1).isEmpty()) {
      names.remove(names.size() - 1);
    }
    if (names.size() != classes) {
      throw new IllegalArgumentException(owner + ": the labels " + file + " name " + names.size()
          + " classes, but the model scores " + classes);
    }
    return List.copyOf(names);
  }

  private static List<String> readCoco() {
    try (InputStream in = Labels.class.getResourceAsStream("coco.names")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
