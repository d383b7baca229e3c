package imagestream.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link PipelineBenchmark} for every case and path in one JMH run and prints the table:
 * median µs per frame of each path and its ratio to the plain path.
 *
 * <p>Options: {@code --frames DIR} (photos; default {@code ../shared/frames}, else synthetic
 * frames), {@code --cases 640x480->640x480,...}, {@code --paths plain,ours}, {@code --quick}
 * (shorter iterations), {@code --quiet} (only the table).
 */
public final class PipelineBenchmarkMain {

  private PipelineBenchmarkMain() {}

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) throws RunnerException {
    String frames = "";
    String[] cases = PipelineBenchmark.CASES;
    String[] paths = {"plain", "ours"};
    boolean quick = false;
    boolean quiet = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--frames" -> frames = value(args, ++i);
        case "--cases" -> cases = value(args, ++i).split(",");
        case "--paths" -> paths = value(args, ++i).split(",");
        case "--quick" -> quick = true;
        case "--quiet" -> quiet = true;
        default -> {
          System.err.println("Unknown option " + args[i]
              + "; expected --frames DIR, --cases A,B, --paths plain,ours, --quick, --quiet");
          System.exit(2);
        }
      }
    }
    if (!Arrays.asList(paths).contains("plain")) {
      System.err.println("--paths must include plain: the ratios are against it");
      System.exit(2);
    }
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(PipelineBenchmark.class.getName() + ".frame")
        .param("sizes", cases)
        .param("path", paths)
        .param("frames", frames)
        .forks(1)
        .jvmArgsAppend("-Xms64m", "-Xmx256m")
        .warmupIterations(quick ? 2 : 4)
        .warmupTime(TimeValue.milliseconds(quick ? 500 : 1000))
        .measurementIterations(quick ? 3 : 5)
        .measurementTime(TimeValue.milliseconds(quick ? 500 : 1000))
        .verbosity(quiet ? VerboseMode.SILENT : VerboseMode.NORMAL);
    Collection<RunResult> results = new Runner(options.build()).run();
    System.out.println();
    System.out.println("Frames: " + BenchFrames.source(frames));
    System.out.print(table(results, cases, paths));
  }

  /** One row per case: the median µs per frame of each path, then each path's ratio to plain. */
  static String table(Collection<RunResult> results, String[] cases, String[] paths) {
    Map<String, Double> median = new LinkedHashMap<>();
    for (RunResult r : results) {
      median.put(r.getParams().getParam("sizes") + " " + r.getParams().getParam("path"),
          r.getPrimaryResult().getStatistics().getPercentile(50));
    }
    List<String> header = new ArrayList<>(List.of("case"));
    for (String p : paths) {
      header.add(p + " µs/frame");
    }
    for (String p : paths) {
      if (!p.equals("plain")) {
        header.add(p + "/plain");
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", header)).append(" |\n");
    out.append("|---".repeat(header.size())).append("|\n");
    for (String c : cases) {
      double plain = median.getOrDefault(c + " plain", Double.NaN);
      out.append("| ").append(c);
      for (String p : paths) {
        out.append(String.format(Locale.ROOT, " | %.0f", median.getOrDefault(c + " " + p, Double.NaN)));
      }
      for (String p : paths) {
        if (!p.equals("plain")) {
          out.append(String.format(Locale.ROOT, " | %.2f", median.getOrDefault(c + " " + p, Double.NaN) / plain));
        }
      }
      out.append(" |\n");
    }
    return out.toString();
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      System.err.println("Option " + args[i - 1] + " needs a value");
      System.exit(2);
    }
    return args[i];
  }
}
