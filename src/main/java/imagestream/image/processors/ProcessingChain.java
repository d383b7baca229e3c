package imagestream.image.processors;

import imagestream.image.FrameProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chain of processing steps as written in {@code PROCESSING} or chosen by a page, e.g.
 * {@code grayscale,edges}: built-in names and {@link FrameProcessor} class names, applied left to
 * right. A chain that exists has been checked; {@link #build} creates its processors.
 *
 * @param steps the steps in order, built-in names in lower case
 */
public record ProcessingChain(List<String> steps) {

  /** Most steps in one chain: enough for any real use, few enough to bound a frame's cost. */
  public static final int MAX_STEPS = 8;

  /**
   * Checks every step.
   *
   * @throws IllegalArgumentException saying what is wrong, e.g. {@code unknown processor "x"}
   */
  public ProcessingChain {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("the chain is empty");
    }
    if (steps.size() > MAX_STEPS) {
      throw new IllegalArgumentException("more than " + MAX_STEPS + " steps");
    }
    List<String> normal = new ArrayList<>(steps.size());
    for (String step : steps) {
      String name = step.strip();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("an empty step");
      }
      String lower = name.toLowerCase(Locale.ROOT);
      name = Processors.isBuiltIn(lower) ? lower : name;
      Processors.check(name);
      normal.add(name);
    }
    steps = List.copyOf(normal);
  }

  /**
   * Parses a comma-separated chain such as {@code "grayscale, edges"}.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static ProcessingChain parse(String text) {
    return new ProcessingChain(List.of(text.split(",", -1)));
  }

  /** What a chain may hold, for messages: the built-in names and the class name rule. */
  public static String allowed() {
    return "a comma-separated chain of " + String.join(", ", Processors.builtInNames())
        + " or FrameProcessor class names";
  }

  /**
   * New instances of the steps, composed with {@link FrameProcessor#andThen}; each caller gets
   * its own, so a processor may keep state between the frames of one stream.
   *
   * @throws IllegalStateException if a processor's constructor fails
   */
  public FrameProcessor build() {
    FrameProcessor chain = Processors.create(steps.get(0));
    for (String step : steps.subList(1, steps.size())) {
      chain = chain.andThen(Processors.create(step));
    }
    return chain;
  }

  /** The steps that are user classes rather than built-ins. */
  public List<String> classNames() {
    return steps.stream().filter(step -> !Processors.isBuiltIn(step)).toList();
  }

  /** The chain as written in {@code PROCESSING}, e.g. {@code grayscale,edges}. */
  @Override
  public String toString() {
    return String.join(",", steps);
  }
}
