package imagestream.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of the performance chart, read from the Markdown tables that {@code bench/run-all.sh}
 * saves: the pipeline benchmark's (µs per frame of each path) and the load client's rows (the
 * server's CPU µs per frame), by case.
 */
final class ChartData {

  /** The pipeline paths of the chart (benchmark's name -> legend's name). */
  static final Map<String, String> PIPELINE_SERIES = Map.of(
      "plain", "pipeline: plain path",
      "ours", "pipeline: ours, OpenCV",
      "ours-turbojpeg", "pipeline: ours, TurboJPEG");

  /** The legend's order: the plain path, then each codec in the pipeline and in the server. */
  static final List<String> SERIES = List.of(PIPELINE_SERIES.get("plain"),
      PIPELINE_SERIES.get("ours"), serverSeries("OpenCV"),
      PIPELINE_SERIES.get("ours-turbojpeg"), serverSeries("TurboJPEG"));

  /** The load rows of the chart: {@code CASE, 8 connections, CODEC}, as run-all.sh labels them. */
  private static final Pattern SERVER_ROW =
      Pattern.compile("(\\d+x\\d+->\\d+x\\d+), 8 connections, (\\w+)");

  /**
   * One bar: {@code micros} of CPU per frame in {@code sizeCase} for {@code series}.
   *
   * @param series the legend's name
   * @param sizeCase e.g. {@code 640x480->640x480}
   * @param micros µs per frame
   */
  record Bar(String series, String sizeCase, double micros) {}

  private ChartData() {}

  /** The legend's name of the server's CPU per frame with {@code codec} (as the server logs it). */
  static String serverSeries(String codec) {
    return "server: ours, " + codec;
  }

  /**
   * The bars of both tables, in the legend's order; cells that hold no figure (a failed run)
   * give no bar.
   */
  static List<Bar> read(List<String> pipelineTable, List<String> loadTable) {
    List<Bar> bars = new ArrayList<>();
    for (String path : List.of("plain", "ours", "ours-turbojpeg")) {
      for (Map<String, String> row : rows(pipelineTable, "case")) {
        add(bars, PIPELINE_SERIES.get(path), row.get("case"), row.get(path + " µs/frame"));
      }
    }
    for (Map<String, String> row : rows(loadTable, "run")) {
      Matcher m = SERVER_ROW.matcher(row.get("run"));
      if (m.matches()) {
        add(bars, serverSeries(m.group(2)), m.group(1), row.get("server CPU µs/frame"));
      }
    }
    bars.sort(Comparator.comparingInt(bar -> {
      int rank = SERIES.indexOf(bar.series());
      return rank < 0 ? SERIES.size() : rank;
    }));
    return bars;
  }

  private static void add(List<Bar> bars, String series, String sizeCase, String cell) {
    if (cell == null) {
      return; // a path that did not run here (no libturbojpeg)
    }
    try {
      double micros = Double.parseDouble(cell);
      if (micros > 0) {
        bars.add(new Bar(series, sizeCase, micros));
      }
    } catch (NumberFormatException e) {
      // "n/a": nothing measured
    }
  }

  /**
   * The rows of the first table in {@code lines} whose header starts with {@code firstColumn},
   * each as header -> cell.
   */
  static List<Map<String, String>> rows(List<String> lines, String firstColumn) {
    List<Map<String, String>> rows = new ArrayList<>();
    List<String> header = null;
    for (String line : lines) {
      String text = line.strip();
      if (!text.startsWith("|")) {
        if (header != null && !rows.isEmpty()) {
          break;
        }
        continue;
      }
      List<String> cells = cells(text);
      if (header == null) {
        if (!cells.isEmpty() && cells.get(0).equals(firstColumn)) {
          header = cells;
        }
      } else if (!text.startsWith("|---")) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size() && i < cells.size(); i++) {
          row.put(header.get(i), cells.get(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<String> cells(String line) {
    String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
    List<String> cells = new ArrayList<>();
    for (String cell : inner.split("\\|", -1)) {
      cells.add(cell.strip());
    }
    return cells;
  }
}
