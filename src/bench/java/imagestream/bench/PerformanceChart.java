package imagestream.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Draws the chart that opens docs/PERFORMANCE.md from the tables {@code bench/run-all.sh}
 * saves: µs per frame by frame size (log scale), the plain path against ours with each codec,
 * in the pipeline alone (median time on one worker) and in the server under load (CPU time per
 * answered frame); frames per second per core on the right-hand axis.
 *
 * <p>Arguments: {@code --pipeline FILE --load FILE --note TEXT --out FILE.png}.
 */
public final class PerformanceChart {

  private static final int WIDTH = 1000;
  private static final int HEIGHT = 600;

  /** Colours in the legend's order: grey for the plain path, blues for OpenCV, oranges for TurboJPEG. */
  private static final List<Color> COLOURS = List.of(new Color(0x9e9e9e), new Color(0x90caf9),
      new Color(0x1e88e5), new Color(0xffcc80), new Color(0xef6c00));

  private PerformanceChart() {}

  /** Reads the tables and writes the PNG; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Path pipeline = Path.of(arg(args, "--pipeline"));
    Path load = Path.of(arg(args, "--load"));
    Path out = Path.of(arg(args, "--out"));
    List<ChartData.Bar> bars = ChartData.read(Files.readAllLines(pipeline), Files.readAllLines(load));
    if (bars.isEmpty()) {
      System.err.println("No figures in " + pipeline + " or " + load + ": no chart drawn");
      System.exit(1);
    }
    ChartUtils.saveChartAsPNG(out.toFile(), chart(bars, arg(args, "--note")), WIDTH, HEIGHT);
    System.out.println("Chart: " + out);
  }

  /** The chart of {@code bars}, with {@code note} (machine, load, frames) under the title. */
  static JFreeChart chart(List<ChartData.Bar> bars, String note) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    double min = Double.MAX_VALUE;
    double max = 0;
    for (ChartData.Bar bar : bars) {
      data.addValue(bar.micros(), bar.series(), bar.sizeCase());
      min = Math.min(min, bar.micros());
      max = Math.max(max, bar.micros());
    }
    // From the decade below the smallest figure (where the bars start) to room for the labels.
    double lower = Math.pow(10, Math.floor(Math.log10(min)));
    double upper = max * 1.6;

    LogAxis micros = decades("µs per frame (log scale; lower is better)");
    micros.setRange(lower, upper);
    // The same scale read as 1,000,000 / µs: frames per second one core can handle.
    LogAxis perCore = decades("frames per second per core");
    perCore.setRange(1e6 / upper, 1e6 / lower);
    perCore.setInverted(true);

    BarRenderer renderer = new BarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.03);
    renderer.setBase(lower); // a log axis has no zero to start the bars from
    renderer.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0")));
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    for (int i = 0; i < data.getRowCount(); i++) {
      int rank = ChartData.SERIES.indexOf((String) data.getRowKey(i));
      if (rank >= 0) {
        renderer.setSeriesPaint(i, COLOURS.get(rank));
      }
    }

    CategoryPlot plot = new CategoryPlot(data, new CategoryAxis("frame size sent -> returned"),
        micros, renderer);
    plot.setRangeAxis(1, perCore);
    plot.setRangeAxisLocation(1, AxisLocation.BOTTOM_OR_RIGHT);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xcccccc));
    plot.setRangeGridlineStroke(new BasicStroke(0.5f));

    JFreeChart chart = new JFreeChart("What a frame costs, by frame size: the plain path against ours",
        new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(new TextTitle(note, new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.BOTTOM);
    return chart;
  }

  /** A log axis with a labelled tick at each power of ten and unlabelled ones between. */
  private static LogAxis decades(String label) {
    LogAxis axis = new LogAxis(label);
    axis.setTickUnit(new NumberTickUnit(1));
    axis.setMinorTickCount(9);
    axis.setMinorTickMarksVisible(true);
    axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
    return axis;
  }

  private static String arg(String[] args, String name) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    System.err.println("Missing " + name + "; expected --pipeline FILE --load FILE --note TEXT --out FILE");
    System.exit(2);
    return null;
  }
}
