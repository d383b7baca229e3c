package imagestream.image;

import imagestream.bench.FrameSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Mat;

/**
 * A micro-benchmark of the two JPEG codecs side by side on the same frames, one thread, and a
 * soak that prints the process's resident memory before and after many TurboJPEG frames.
 *
 * <p>Not a test: run it from the project root (see docs/PERFORMANCE.md). Arguments:
 * {@code [--rounds N] [--soak CYCLES] [--frames DIR]} (defaults 11 and 20000; {@code --soak 0}
 * skips it; a folder of your own photos, else frames made in code).
 */
public final class JpegCodecBench {

  private static final int QUALITY = FrameSource.CLIENT_QUALITY;
  private static final int OPS_PER_ROUND = 100;

  /** One timed operation on frame {@code i} of its set; returns something so it is not elided. */
  private interface Op {
    long run(JpegCodec codec, int i);
  }

  private record Task(String name, Op op) {}

  private final List<byte[]> vga;
  private final List<byte[]> hd;
  private final List<Mat> grayVga = new ArrayList<>();
  private final List<Mat> colourVga = new ArrayList<>();

  private JpegCodecBench(List<byte[]> vga, List<byte[]> hd) {
    this.vga = vga;
    this.hd = hd;
    OpenCvJpegCodec reference = new OpenCvJpegCodec();
    for (byte[] jpeg : vga) {
      grayVga.add(reference.decode(jpeg, true, 1));
      colourVga.add(reference.decode(jpeg, false, 1));
    }
  }

  /** Runs the benchmark, then the soak. */
  public static void main(String[] args) throws IOException {
    int rounds = Integer.parseInt(arg(args, "--rounds", "11"));
    int soakCycles = Integer.parseInt(arg(args, "--soak", "20000"));
    FrameSource source = FrameSource.of(arg(args, "--frames", null));
    OpenCvNatives.load();
    List<byte[]> vga;
    List<byte[]> hd;
    try {
      vga = source.frames(640, 480);
      hd = source.frames(1280, 720);
    } catch (IOException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    JpegCodecBench bench = new JpegCodecBench(vga, hd);
    OpenCvNatives.load();
    try (OpenCvJpegCodec opencv = new OpenCvJpegCodec();
        TurboJpegCodec turbo = TurboJpegCodec.load(TurboJpegCodec.defaultLibraryNames())) {
      System.out.printf(
          Locale.ROOT,
          "JPEG codecs, one thread, %d frames of each size from %s, quality %d;%n"
              + "median of %d rounds of %d ops, the two codecs taking turns (%s, %d cores)%n%n",
          vga.size(), source, QUALITY, rounds, OPS_PER_ROUND, turbo.library(),
          Runtime.getRuntime().availableProcessors());
      System.out.printf(Locale.ROOT, "%-32s %14s %14s %8s%n", "operation", "OpenCV µs/op",
          "TurboJPEG µs/op", "ratio");
      for (Task task : bench.tasks()) {
        double[] us = bench.measure(task.op(), List.of(opencv, turbo), rounds);
        System.out.printf(Locale.ROOT, "%-32s %14.0f %14.0f %8.2f%n", task.name(), us[0], us[1],
            us[1] / us[0]);
      }
      if (soakCycles > 0) {
        bench.soak(turbo, soakCycles);
      }
    } finally {
      bench.release();
    }
  }

  private List<Task> tasks() {
    return List.of(
        new Task("decode gray 640x480", (c, i) -> decode(c, vga.get(i), true, 1)),
        new Task("decode BGR 640x480", (c, i) -> decode(c, vga.get(i), false, 1)),
        new Task("encode gray 640x480 q" + QUALITY, (c, i) -> c.encode(grayVga.get(i), QUALITY).length),
        new Task("encode BGR 640x480 q" + QUALITY, (c, i) -> c.encode(colourVga.get(i), QUALITY).length),
        new Task("decode gray 640x480 at 1/2", (c, i) -> decode(c, vga.get(i), true, 2)),
        new Task("decode gray 1280x720", (c, i) -> decode(c, hd.get(i % hd.size()), true, 1)),
        new Task("decode gray 1280x720 at 1/2", (c, i) -> decode(c, hd.get(i % hd.size()), true, 2)));
  }

  /** The median µs per op of each codec, the codecs alternating round by round. */
  private double[] measure(Op op, List<JpegCodec> codecs, int rounds) {
    for (JpegCodec codec : codecs) {
      batch(op, codec, OPS_PER_ROUND * 3); // warm-up: JIT, handles, buffers
    }
    double[][] perRound = new double[codecs.size()][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int c = 0; c < codecs.size(); c++) {
        long start = System.nanoTime();
        batch(op, codecs.get(c), OPS_PER_ROUND);
        perRound[c][r] = (System.nanoTime() - start) / 1000.0 / OPS_PER_ROUND;
      }
    }
    double[] medians = new double[codecs.size()];
    for (int c = 0; c < codecs.size(); c++) {
      Arrays.sort(perRound[c]);
      medians[c] = perRound[c][rounds / 2];
    }
    return medians;
  }

  private long batch(Op op, JpegCodec codec, int ops) {
    long sink = 0;
    for (int n = 0; n < ops; n++) {
      sink += op.run(codec, n % vga.size());
    }
    return sink;
  }

  /**
   * Decodes, encodes and transcodes {@code cycles} frames (gray and colour, full and reduced
   * scale, and a cut frame every tenth cycle, which replaces the decompressor and the transform
   * handle), printing resident memory after each fifth of them. Run with a fixed, pre-touched
   * heap so only native memory moves.
   */
  private void soak(JpegCodec codec, int cycles) {
    System.out.printf(Locale.ROOT, "%nSoak, TurboJPEG: %d cycles of decode gray + decode BGR 1/2 + "
        + "encode gray + encode BGR + transcode to gray (copied, requantized), a cut frame every "
        + "10th%n", cycles);
    byte[] cut = Arrays.copyOf(vga.get(0), vga.get(0).length / 2);
    soakCycles(codec, cut, Math.max(1, cycles / 10)); // warm-up: JIT, buffers at full size
    long first = residentKb();
    System.out.printf(Locale.ROOT, "resident memory after warm-up: %d KB%n", first);
    long start = System.nanoTime();
    for (int fifth = 1; fifth <= 5; fifth++) {
      soakCycles(codec, cut, cycles / 5);
      long now = residentKb();
      System.out.printf(Locale.ROOT, "after %6d cycles: %d KB (%+d KB)%n", fifth * (cycles / 5),
          now, now - first);
    }
    System.out.printf(Locale.ROOT, "%.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  private void soakCycles(JpegCodec codec, byte[] cut, int cycles) {
    for (int n = 0; n < cycles; n++) {
      int i = n % vga.size();
      decode(codec, vga.get(i), true, 1);
      decode(codec, hd.get(i % hd.size()), false, 2);
      codec.encode(grayVga.get(i), QUALITY);
      codec.encode(colourVga.get(i), QUALITY);
      codec.transcodeToGray(vga.get(i), QUALITY);
      codec.transcodeToGray(vga.get(i), QUALITY - 10);
      if (n % 10 == 0) {
        codec.decode(cut, true, 1).release(); // refused: an empty Mat
        codec.transcodeToGray(cut, QUALITY); // refused too, which replaces the transform handle
      }
    }
  }

  /** VmRSS of this process in KB, from /proc (Linux), or -1 where there is none. */
  private static long residentKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: reported as -1
    }
    return -1;
  }

  private static long decode(JpegCodec codec, byte[] jpeg, boolean gray, int scale) {
    Mat image = codec.decode(jpeg, gray, scale);
    try {
      if (image.empty()) {
        throw new IllegalStateException("a benchmark frame did not decode");
      }
      return image.dataAddr();
    } finally {
      image.release();
    }
  }

  private void release() {
    grayVga.forEach(Mat::release);
    colourVga.forEach(Mat::release);
  }

  private static String arg(String[] args, String name, String otherwise) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return otherwise;
  }
}
