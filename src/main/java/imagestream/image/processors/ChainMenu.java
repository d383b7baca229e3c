package imagestream.image.processors;

import imagestream.image.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a client may choose its chain from, given the server's own chain: every built-in that
 * runs here and needs no file, with any values its parameters allow; and the steps of the
 * server's chain that name a file or a class, as written there. So a client can tune
 * {@code blur(5)} or {@code detect(model=m.onnx, conf=0.6)}, but never make the server open a
 * file or load a class that its own settings do not name.
 */
public final class ChainMenu {

  private final List<Step> entries;
  private final Resources resources;

  private ChainMenu(List<Step> entries, Resources resources) {
    this.entries = List.copyOf(entries);
    this.resources = resources;
  }

  /** The menu of a server whose own chain is {@code serverChain}. */
  public static ChainMenu of(ProcessingChain serverChain) {
    List<Step> entries = new ArrayList<>();
    for (String name : Processors.builtInNames()) {
      boolean needsFile = Processors.parameters(name).stream().anyMatch(Parameter::required);
      if (!needsFile && Processors.isAvailable(name, serverChain.resources())) {
        entries.add(Step.of(name));
      }
    }
    for (Step step : serverChain.steps()) {
      if ((!Processors.isBuiltIn(step.name()) || namesAFile(step)) && !entries.contains(step)) {
        entries.add(step);
      }
    }
    return new ChainMenu(entries, serverChain.resources());
  }

  /** The entries offered, as a chain writes them, built-ins first. */
  public List<String> entries() {
    return entries.stream().map(Step::toString).toList();
  }

  /** The parameters of each built-in offered, by name. */
  public Map<String, List<Parameter>> parameters() {
    Map<String, List<Parameter>> m = new LinkedHashMap<>();
    entries.stream().map(Step::name).filter(Processors::isBuiltIn).distinct()
        .forEach(name -> m.put(name, Processors.parameters(name)));
    return m;
  }

  /**
   * The chain a client asked for, e.g. {@code "grayscale, blur(5)"}: every step an entry of the
   * menu, a built-in's values within its parameters' ranges, and its files those the entry names.
   *
   * @throws IllegalArgumentException saying what is wrong, and what is offered
   */
  public ProcessingChain choose(String text) {
    List<ChainSyntax.Written> written = ChainSyntax.split(text);
    if (written.size() > ProcessingChain.MAX_STEPS) {
      throw new IllegalArgumentException("a chain has at most " + ProcessingChain.MAX_STEPS + " steps");
    }
    List<Step> steps = new ArrayList<>();
    for (ChainSyntax.Written step : written) {
      String lower = step.name().toLowerCase(Locale.ROOT);
      // Checked against the menu first, so no name from a client is ever looked up as a class.
      boolean builtIn = Processors.isBuiltIn(lower);
      List<Step> offered = entries.stream()
          .filter(e -> builtIn ? e.name().equals(lower) : e.toString().equals(asWritten(step)))
          .toList();
      if (offered.isEmpty()) {
        throw new IllegalArgumentException("\"" + asWritten(step) + "\" is not offered; choose from "
            + String.join(", ", entries()));
      }
      Step checked = Processors.check(step, resources);
      if (builtIn) {
        sameFiles(checked, offered);
      }
      steps.add(checked);
    }
    return new ProcessingChain(steps, resources);
  }

  /** A built-in's files must be those one of its entries names: the server's own. */
  private static void sameFiles(Step chosen, List<Step> offered) {
    for (Parameter p : Processors.parameters(chosen.name())) {
      if (p.type() != Parameter.Type.PATH) {
        continue;
      }
      String file = chosen.arguments().get(p.name());
      if (file == null) {
        continue; // not given: no file is read
      }
      boolean allowed = offered.stream().anyMatch(e -> file.equals(e.arguments().get(p.name())));
      if (!allowed) {
        throw new IllegalArgumentException(chosen.name() + ": " + p.name() + " must be a file the"
            + " server's PROCESSING names, as offered: " + offered.stream().map(Step::toString)
            .reduce((a, b) -> a + ", " + b).orElse(""));
      }
    }
  }

  private static boolean namesAFile(Step step) {
    return Processors.parameters(step.name()).stream()
        .anyMatch(p -> p.type() == Parameter.Type.PATH && step.arguments().containsKey(p.name()));
  }

  /** A step as written, in the form entries print in. */
  private static String asWritten(ChainSyntax.Written step) {
    return Step.format(step.name(), step.values());
  }
}
