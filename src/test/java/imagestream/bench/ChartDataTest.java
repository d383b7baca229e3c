package imagestream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import imagestream.bench.ChartData.Bar;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ChartData reads the tables exactly as the benchmark and the load client print them. */
class ChartDataTest {

  @Test
  void readsEachPathOfThePipelineAndTheServerRowsAt8Connections() {
    String pipeline = "Frames: frames made in code (no --frames DIR given)\n"
        + PipelineBenchmarkMain.pathsTable(Map.of(
            "640x480->640x480 plain", 3412.0, "640x480->640x480 ours", 1919.0,
            "640x480->640x480 ours-turbojpeg", 642.0, "40x30->40x30 plain", 18.0,
            "40x30->40x30 ours", 13.0),
            new String[] {"640x480->640x480", "40x30->40x30"},
            new String[] {"plain", "ours", "ours-turbojpeg"})
        + "A benchmark failed (NaN above): run without --quiet to see why.\n";
    List<String> load = new ArrayList<>(LoadReport.ROW_HEADER.lines().toList());
    load.add(row("640x480->640x480, 8 connections, TurboJPEG", 743));
    load.add(row("640x480->640x480, 1 connection, TurboJPEG", 797)); // not 8 connections
    load.add(row("640x480->640x480, 8 connections for 60 s, TurboJPEG", 745)); // a second figure
    load.add(row("640x480->640x480, 8 connections, OpenCV", 1994));

    assertEquals(List.of(
        new Bar("pipeline: plain path", "640x480->640x480", 3412),
        new Bar("pipeline: plain path", "40x30->40x30", 18),
        new Bar("pipeline: ours, OpenCV", "640x480->640x480", 1919),
        new Bar("pipeline: ours, OpenCV", "40x30->40x30", 13),
        new Bar("server: ours, OpenCV", "640x480->640x480", 1994),
        new Bar("pipeline: ours, TurboJPEG", "640x480->640x480", 642), // 40x30: NaN, no bar
        new Bar("server: ours, TurboJPEG", "640x480->640x480", 743)),
        ChartData.read(pipeline.lines().toList(), load));
  }

  /** The row the load client prints for a run of 1000 frames that cost the server {@code micros} each. */
  private static String row(String label, long micros) {
    LoadOptions options = LoadOptions.parse(new String[] {"--row", label});
    return new LoadReport(options, 6, 1.0, 1000, 0, 0, 0, null, 20_000_000, 10_000_000,
        new long[] {1_000_000}, micros * 1000 * 1000, -1, 200_000, 200_000, 200_000, Optional.empty(),
        -1, -1, 0, 0, java.util.List.of()).row();
  }
}
