package imagestream.bench;

import java.io.IOException;
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
 * <p>Options: {@code --frames DIR} (a folder of your own photos; without it, frames made in
 * code), {@code --cases 640x480->640x480,...}, {@code --paths plain,ours,ours-turbojpeg}
 * (default: all, {@code ours-turbojpeg} when the system's libturbojpeg loads), {@code --quick}
 * (shorter iterations), {@code --quiet} (only the table), {@code --opencv-threads} (instead:
 * our path with OpenCV's default thread count against one thread, with 1 and 2 workers),
 * {@code --steps} (instead: the profile of our path, step by step, against the plain path),
 * {@code --processing} (instead: the pipeline with faces and the test models, see
 * {@link ProcessingBenchmark}; {@code --chain CHAIN} measures that chain instead, e.g. your
 * own model: {@code --processing --chain "detect(model=models/yolov8n.onnx)"}),
 * {@code --transcode} (instead: same-size frames through TurboJPEG's pixel paths and through the
 * server's path, which transcodes them, at quality 60 and 50; cases default to every size).
 */
public final class PipelineBenchmarkMain {

  private static final String USAGE = "Options: --frames DIR, --cases A,B,"
      + " --paths plain,ours,ours-turbojpeg, --quick, --quiet, --opencv-threads, --steps,"
      + " --processing [--chain CHAIN], --transcode";

  /** Reply qualities of the transcode table: the frames' own (a lossless copy), then lower. */
  private static final String[] TRANSCODE_QUALITIES = {"60", "50"};

  private PipelineBenchmarkMain() {}

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) throws RunnerException {
    int status = run(args);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the benchmark and prints its table; 0 if it ran, 2 for a bad command line or a folder
   * of frames that cannot be used (said in one line before any benchmark starts).
   */
  static int run(String[] args) throws RunnerException {
    String frames = "";
    String[] cases = null;
    String[] paths = BenchCodecs.turboJpegLoads()
        ? new String[] {"plain", "ours", "ours-turbojpeg"}
        : new String[] {"plain", "ours"};
    boolean quick = false;
    boolean quiet = false;
    boolean threads = false;
    boolean steps = false;
    boolean processing = false;
    boolean transcode = false;
    String[] chains = ProcessingBenchmark.CHAINS;
    FrameSource source;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--frames" -> frames = value(args, ++i);
          case "--cases" -> cases = value(args, ++i).split(",");
          case "--paths" -> paths = value(args, ++i).split(",");
          case "--quick" -> quick = true;
          case "--quiet" -> quiet = true;
          case "--opencv-threads" -> threads = true;
          case "--steps" -> steps = true;
          case "--processing" -> processing = true;
          case "--chain" -> chains = new String[] {"none", value(args, ++i)};
          case "--transcode" -> transcode = true;
          default -> throw new IllegalArgumentException("Unknown option " + args[i] + ". " + USAGE);
        }
      }
      if (cases == null) {
        cases = transcode ? PipelineBenchmark.SAME_SIZE_CASES : PipelineBenchmark.CASES;
      }
      if (transcode && !BenchCodecs.turboJpegLoads()) {
        throw new IllegalArgumentException("--transcode needs the system's libturbojpeg");
      }
      if (!transcode && !Arrays.asList(paths).contains("plain")) {
        throw new IllegalArgumentException("--paths must include plain: the ratios are against it");
      }
      // Each forked benchmark loads its own frames: a folder they cannot use would only show as
      // NaN after minutes, so it is tried here first.
      source = FrameSource.of(frames);
      SizeCase first = SizeCase.parse(cases[0]);
      source.frames(first.inWidth(), first.inHeight());
    } catch (IOException | IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(PipelineBenchmark.class.getName() + ".frame")
        .param("sizes", cases)
        .param("frames", frames)
        .forks(1)
        .jvmArgsAppend("-Xms64m", "-Xmx256m")
        .warmupIterations(quick ? 2 : 4)
        .warmupTime(TimeValue.milliseconds(quick ? 500 : 1000))
        .measurementIterations(quick ? 3 : 5)
        .measurementTime(TimeValue.milliseconds(quick ? 500 : 1000))
        .verbosity(quiet ? VerboseMode.SILENT : VerboseMode.NORMAL);
    String table;
    if (threads) {
      String[] ours = Arrays.stream(paths).filter(p -> !p.equals("plain")).toArray(String[]::new);
      options.param("path", ours).param("opencvThreads", "default", "1");
      Collection<RunResult> one = new Runner(options.threads(1).build()).run();
      Collection<RunResult> two = new Runner(options.threads(2).build()).run();
      table = threadsTable(one, two, cases, ours);
    } else if (processing) {
      table = processingTable(new Runner(options
          .include(ProcessingBenchmark.class.getName() + ".frame").exclude(PipelineBenchmark.class.getName())
          .param("size", ProcessingBenchmark.SIZES).param("chain", chains).build()).run(), chains);
    } else if (transcode) {
      Collection<RunResult> results = new Runner(options
          .param("path", PipelineBenchmark.TRANSCODE_PATHS)
          .param("quality", TRANSCODE_QUALITIES).build()).run();
      Map<String, String> transcoded = new LinkedHashMap<>();
      try {
        for (String c : cases) {
          for (String q : TRANSCODE_QUALITIES) {
            transcoded.put(c + " " + q,
                PipelineBenchmark.transcoded(source, SizeCase.parse(c), Integer.parseInt(q)));
          }
        }
      } catch (IOException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      table = transcodeTable(results, cases, transcoded);
    } else if (steps) {
      Collection<RunResult> plain = new Runner(options.param("path", "plain").build()).run();
      String[] codecs = BenchCodecs.turboJpegLoads()
          ? new String[] {"opencv", "turbojpeg"}
          : new String[] {"opencv"};
      Collection<RunResult> parts = new Runner(options
          .include(StepsBenchmark.class.getName() + ".step").exclude(PipelineBenchmark.class.getName())
          .param("step", StepsBenchmark.STEPS).param("codecName", codecs).build()).run();
      table = stepsTable(plain, parts, cases, codecs);
    } else {
      table = pathsTable(new Runner(options.param("path", paths).build()).run(), cases, paths);
    }
    System.out.println();
    System.out.println("Frames: " + source
        + (processing ? ", and the portrait of " + imagestream.image.TestFaces.FOLDER + " when there" : ""));
    System.out.print(table);
    if (table.contains("NaN")) {
      System.out.println("A benchmark failed (NaN above): run without --quiet to see why.");
    }
    return 0;
  }

  /** One row per case: the median µs per frame of each path, then each path's ratio to plain. */
  static String pathsTable(Collection<RunResult> results, String[] cases, String[] paths) {
    Map<String, Double> median = new LinkedHashMap<>();
    for (RunResult r : results) {
      median.put(r.getParams().getParam("sizes") + " " + r.getParams().getParam("path"),
          r.getPrimaryResult().getStatistics().getPercentile(50));
    }
    return pathsTable(median, cases, paths);
  }

  /** {@link #pathsTable(Collection, String[], String[])} from the medians by "CASE PATH". */
  static String pathsTable(Map<String, Double> median, String[] cases, String[] paths) {
    List<String> header = new ArrayList<>(List.of("case"));
    for (String p : paths) {
      header.add(p + " µs/frame");
    }
    for (String p : paths) {
      if (!p.equals("plain")) {
        header.add(p + "/plain");
      }
    }
    StringBuilder out = headerRows(header);
    for (String c : cases) {
      double plain = median.getOrDefault(c + " plain", Double.NaN);
      out.append("| ").append(c);
      for (String p : paths) {
        out.append(format(" | %.0f", median.getOrDefault(c + " " + p, Double.NaN)));
      }
      for (String p : paths) {
        if (!p.equals("plain")) {
          out.append(format(" | %.2f", median.getOrDefault(c + " " + p, Double.NaN) / plain));
        }
      }
      out.append(" |\n");
    }
    return out.toString();
  }

  /**
   * One row per case and reply quality: the median µs per frame of TurboJPEG's two pixel paths
   * and of the server's path, their ratios to the first, and how many frames were transcoded.
   */
  static String transcodeTable(
      Collection<RunResult> results, String[] cases, Map<String, String> transcoded) {
    Map<String, Double> median = medians(results, "sizes", "quality", "path");
    StringBuilder out = headerRows(List.of("case", "quality",
        "decode + tjCompress2 from gray pixels µs", "decode + encode the gray plane µs",
        "server's path µs", "frames transcoded", "gray plane / tjCompress2",
        "server's path / tjCompress2"));
    for (String c : cases) {
      for (String q : TRANSCODE_QUALITIES) {
        String k = c + " " + q + " ";
        double pixelFormat = median.getOrDefault(k + "turbojpeg-pixel-format", Double.NaN);
        double rawPlane = median.getOrDefault(k + "turbojpeg-raw-plane", Double.NaN);
        double ours = median.getOrDefault(k + "ours-turbojpeg", Double.NaN);
        out.append("| ").append(c).append(" | ").append(q)
            .append(format(" | %.0f | %.0f | %.0f", pixelFormat, rawPlane, ours))
            .append(" | ").append(transcoded.get(c + " " + q))
            .append(format(" | %.2f | %.2f", rawPlane / pixelFormat, ours / pixelFormat))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  /** The median of each result, by the values of {@code params} joined with spaces. */
  private static Map<String, Double> medians(Collection<RunResult> results, String... params) {
    Map<String, Double> median = new LinkedHashMap<>();
    for (RunResult r : results) {
      List<String> values = new ArrayList<>();
      for (String param : params) {
        values.add(r.getParams().getParam(param));
      }
      median.put(String.join(" ", values), r.getPrimaryResult().getStatistics().getPercentile(50));
    }
    return median;
  }

  /**
   * One row per case and path: its median µs per frame with one worker, and the frames per
   * second of two workers (from the mean time), each with OpenCV's default thread count and
   * with one. With one OpenCV thread, a worker's time is its CPU time.
   */
  static String threadsTable(
      Collection<RunResult> one, Collection<RunResult> two, String[] cases, String[] paths) {
    Map<String, Double> median = new LinkedHashMap<>();
    for (RunResult r : one) {
      median.put(key(r), r.getPrimaryResult().getStatistics().getPercentile(50));
    }
    Map<String, Double> perSecond = new LinkedHashMap<>();
    for (RunResult r : two) {
      perSecond.put(key(r), 2 * 1e6 / r.getPrimaryResult().getStatistics().getMean());
    }
    StringBuilder out = headerRows(List.of("case", "path",
        "1 worker, OpenCV threads default: µs/frame", "1 worker, 1 OpenCV thread: µs/frame",
        "2 workers, default: frames/s", "2 workers, 1 OpenCV thread: frames/s"));
    for (String c : cases) {
      for (String p : paths) {
        String k = c + " " + p + " ";
        out.append("| ").append(c).append(" | ").append(p)
            .append(format(" | %.0f", median.getOrDefault(k + "default", Double.NaN)))
            .append(format(" | %.0f", median.getOrDefault(k + "1", Double.NaN)))
            .append(format(" | %.0f", perSecond.getOrDefault(k + "default", Double.NaN)))
            .append(format(" | %.0f", perSecond.getOrDefault(k + "1", Double.NaN)))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  /**
   * One row per chain: the median µs per frame through the whole pipeline at each size, and how
   * much more than {@code none} (decode, resize, encode in colour) that is: the processing's
   * cost, or for a gray chain, what its cheaper gray decode and encode save (negative).
   */
  static String processingTable(Collection<RunResult> results, String[] chains) {
    Map<String, Double> median = new LinkedHashMap<>();
    for (RunResult r : results) {
      median.put(r.getParams().getParam("chain") + " " + r.getParams().getParam("size"),
          r.getPrimaryResult().getStatistics().getPercentile(50));
    }
    List<String> header = new ArrayList<>(List.of("chain"));
    for (String size : ProcessingBenchmark.SIZES) {
      header.add(size + " µs/frame");
    }
    for (String size : ProcessingBenchmark.SIZES) {
      header.add(size + " more than none, µs");
    }
    StringBuilder out = headerRows(header);
    for (String chain : chains) {
      out.append("| ").append(chain);
      for (String size : ProcessingBenchmark.SIZES) {
        out.append(format(" | %.0f", median.getOrDefault(chain + " " + size, Double.NaN)));
      }
      for (String size : ProcessingBenchmark.SIZES) {
        out.append(format(" | %.0f", median.getOrDefault(chain + " " + size, Double.NaN)
            - median.getOrDefault("none " + size, Double.NaN)));
      }
      out.append(" |\n");
    }
    return out.toString();
  }

  private static String key(RunResult r) {
    return r.getParams().getParam("sizes") + " " + r.getParams().getParam("path") + " "
        + r.getParams().getParam("opencvThreads");
  }

  /**
   * One row per case and codec: the median µs of each step of our path, their sum, the plain
   * path's µs/frame, the codec's colour decode, and the lowest ratio our path could reach with
   * this codec (decode and encode alone against the plain path).
   */
  static String stepsTable(
      Collection<RunResult> plain, Collection<RunResult> parts, String[] cases, String[] codecs) {
    Map<String, Double> median = new LinkedHashMap<>();
    for (RunResult r : plain) {
      median.put(r.getParams().getParam("sizes") + " plain",
          r.getPrimaryResult().getStatistics().getPercentile(50));
    }
    for (RunResult r : parts) {
      median.put(r.getParams().getParam("sizes") + " " + r.getParams().getParam("codecName") + " "
          + r.getParams().getParam("step"), r.getPrimaryResult().getStatistics().getPercentile(50));
    }
    StringBuilder out = headerRows(List.of("case", "codec", "decode µs", "resize µs", "encode µs",
        "sum µs", "plain µs/frame", "colour decode µs", "(decode + encode) / plain"));
    for (String c : cases) {
      for (String codec : codecs) {
        String key = c + " " + codec + " ";
        double decode = median.getOrDefault(key + "decode", Double.NaN);
        double resize = median.getOrDefault(key + "resize", Double.NaN);
        double encode = median.getOrDefault(key + "encode", Double.NaN);
        double plainFrame = median.getOrDefault(c + " plain", Double.NaN);
        out.append("| ").append(c).append(" | ").append(codec)
            .append(format(" | %.0f", decode))
            .append(format(" | %.0f", resize))
            .append(format(" | %.0f", encode))
            .append(format(" | %.0f", decode + resize + encode))
            .append(format(" | %.0f", plainFrame))
            .append(format(" | %.0f", median.getOrDefault(key + "decode-colour", Double.NaN)))
            .append(format(" | %.2f", (decode + encode) / plainFrame))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  private static StringBuilder headerRows(List<String> header) {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", header)).append(" |\n");
    out.append("|---".repeat(header.size())).append("|\n");
    return out;
  }

  private static String format(String pattern, Object... values) {
    return String.format(Locale.ROOT, pattern, values);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException("Option " + args[i - 1] + " needs a value");
    }
    return args[i];
  }
}
