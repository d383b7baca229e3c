package imagestream.image.processors;

import imagestream.image.FrameProcessor;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A chain of processing steps as written in {@code PROCESSING} or chosen by a page, e.g.
 * {@code grayscale,edges} or {@code blur(9),faces(min=60)}: built-in names with their values
 * and {@link FrameProcessor} class names, applied left to right. A chain that exists has been
 * checked; {@link #build} creates its processors.
 *
 * @param steps the steps in order, built-in names in lower case
 * @param resources where its built-ins find the files a chain does not name (the face cascade)
 */
public record ProcessingChain(List<Step> steps, Resources resources) {

  /** Most steps in one chain: enough for any real use, few enough to bound a frame's cost. */
  public static final int MAX_STEPS = 8;

  /**
   * Checks the number of steps.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public ProcessingChain {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("the chain is empty");
    }
    if (steps.size() > MAX_STEPS) {
      throw new IllegalArgumentException("more than " + MAX_STEPS + " steps");
    }
    steps = List.copyOf(steps);
  }

  /**
   * Parses a chain such as {@code "grayscale, blur(9)"}, with the resources found in the usual
   * places.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static ProcessingChain parse(String text) {
    return parse(text, Resources.standard());
  }

  /**
   * Parses a chain such as {@code "grayscale, blur(9)"}: every step is checked, the values
   * against their processor's parameters.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static ProcessingChain parse(String text, Resources resources) {
    List<ChainSyntax.Written> written = ChainSyntax.split(text);
    if (written.size() > MAX_STEPS) {
      throw new IllegalArgumentException("more than " + MAX_STEPS + " steps");
    }
    return new ProcessingChain(
        written.stream().map(step -> Processors.check(step, resources)).toList(), resources);
  }

  /** What a chain may hold, for messages: the built-in names and the class name rule. */
  public static String allowed() {
    return "a comma-separated chain of " + String.join(", ", Processors.builtInNames())
        + " (with values in brackets, e.g. blur(9)) or FrameProcessor class names";
  }

  /**
   * New instances of the steps, composed with {@link FrameProcessor#andThen}; each caller gets
   * its own, so a processor may keep state between the frames of one stream.
   *
   * @throws IllegalStateException if a processor cannot be created, saying why
   */
  public FrameProcessor build() {
    FrameProcessor chain = Processors.create(steps.get(0), resources);
    for (Step step : steps.subList(1, steps.size())) {
      chain = chain.andThen(Processors.create(step, resources));
    }
    return chain;
  }

  /** The steps that are user classes rather than built-ins. */
  public List<Step> userSteps() {
    return steps.stream().filter(step -> !Processors.isBuiltIn(step.name())).toList();
  }

  /** The chain as written in {@code PROCESSING}, e.g. {@code grayscale,blur(sigma=9)}. */
  @Override
  public String toString() {
    return steps.stream().map(Step::toString).collect(Collectors.joining(","));
  }
}
