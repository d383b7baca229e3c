package imagestream.bench;

import imagestream.image.FrameException;
import imagestream.image.FramePipeline;
import imagestream.image.FrameProcessor;
import imagestream.image.JpegCodec;
import imagestream.image.OpenCvNatives;
import imagestream.image.TestFaces;
import imagestream.image.TestModels;
import imagestream.image.processors.ProcessingChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One frame through the whole pipeline with a heavier chain (faces, the test models), JPEG in to
 * JPEG out at the same size, as a worker does it; {@code none} is the baseline the processing's
 * own cost is measured against. Run it with {@code PipelineBenchmarkMain --processing}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProcessingBenchmark {

  /** The frame sizes of the table, in and out. */
  static final String[] SIZES = {"320x240", "640x480"};

  /** The chains of the table, by short name (see {@link #chain(String)}). */
  static final String[] CHAINS = {"none", "grayscale", "faces", "detect", "classify", "onnx"};

  /** Frame size, in and out, e.g. {@code 640x480}. */
  @Param({"320x240", "640x480"})
  public String size;

  /** The chain's short name. */
  @Param({"none", "grayscale", "faces", "detect", "classify", "onnx"})
  public String chain;

  /** Folder of JPEG photos; empty for frames made in code (see {@link FrameSource}). */
  @Param({""})
  public String frames;

  private byte[][] jpegs;
  private JpegCodec codec;
  private FramePipeline pipeline;
  private FrameProcessor processor;
  private int next;

  /** Loads the frames (and the shared portrait, so one frame has a face) and builds the chain. */
  @Setup
  public void setUp() throws IOException {
    OpenCvNatives.load();
    SizeCase c = SizeCase.parse(size + "->" + size);
    List<byte[]> loaded = new ArrayList<>(FrameSource.of(frames).frames(c.inWidth(), c.inHeight()));
    Path portrait = TestFaces.FOLDER.resolve("astronaut_" + size + ".jpg");
    if (Files.isRegularFile(portrait)) {
      loaded.add(Files.readAllBytes(portrait));
    }
    jpegs = loaded.toArray(new byte[0][]);
    codec = BenchCodecs.create(BenchCodecs.turboJpegLoads() ? "turbojpeg" : "opencv");
    pipeline = new FramePipeline(codec, c.outWidth(), c.outHeight(), PipelineBenchmark.SERVER_QUALITY,
        Long.MAX_VALUE);
    processor = ProcessingChain.parse(chain(chain)).build();
  }

  /** Frees the codec's handles. */
  @TearDown
  public void tearDown() {
    codec.close();
  }

  /** One frame, the next in turn. */
  @Benchmark
  public byte[] frame() throws FrameException {
    byte[] jpeg = jpegs[next];
    next = next + 1 == jpegs.length ? 0 : next + 1;
    return pipeline.process(jpeg, processor);
  }

  /** The chain a short name stands for: the built-in, with the test models where it needs one. */
  static String chain(String name) {
    return switch (name) {
      case "detect" -> "detect(model=" + TestModels.file("yolo8.onnx") + ")";
      case "classify" -> "classify(model=" + TestModels.file("rgbmeans.onnx") + ")";
      case "onnx" -> "onnx(model=" + TestModels.file("sharpen3x3.onnx") + ")";
      default -> name;
    };
  }
}
