package imagestream.bench;

import imagestream.image.FrameException;
import imagestream.image.FramePipeline;
import imagestream.image.FrameProcessor;
import imagestream.image.processors.Grayscale;
import imagestream.image.JpegCodec;
import imagestream.image.OpenCvNatives;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Core;
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
 * One frame through the plain path (the original template's) or through ours, JPEG in to JPEG
 * out, the way a worker thread does it. Run it with {@link PipelineBenchmarkMain}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PipelineBenchmark {

  /** The cases of the README's table. */
  static final String[] CASES = {
    "640x480->640x480", "1280x720->640x480", "640x480->160x120", "40x30->40x30"
  };

  /** JPEG quality of the server's replies, as {@code SERVER_JPG_COMPRESSION=0.6}. */
  static final int SERVER_QUALITY = 60;

  /** Input and output size, e.g. {@code 640x480->160x120}. */
  @Param({"640x480->640x480", "1280x720->640x480", "640x480->160x120", "40x30->40x30"})
  public String sizes;

  /**
   * {@code plain}: {@link PlainPath}; {@code ours}: {@link FramePipeline} as the server runs it,
   * with OpenCV's codec; {@code ours-turbojpeg}: the same with the system's libturbojpeg.
   */
  @Param({"plain", "ours", "ours-turbojpeg"})
  public String path;

  /** Folder of JPEG photos; empty for frames made in code (see {@link FrameSource}). */
  @Param({""})
  public String frames;

  /** OpenCV's own thread count ({@code Core.setNumThreads}); {@code default} leaves it as is. */
  @Param({"default"})
  public String opencvThreads;

  private byte[][] jpegs;
  private FramePath framePath;
  private int next;

  /** Loads the frames and builds the path. */
  @Setup
  public void setUp() throws IOException {
    OpenCvNatives.load();
    if (!opencvThreads.equals("default")) {
      Core.setNumThreads(Integer.parseInt(opencvThreads));
    }
    SizeCase c = SizeCase.parse(sizes);
    jpegs = FrameSource.of(frames).frames(c.inWidth(), c.inHeight()).toArray(new byte[0][]);
    framePath = path(path, c);
  }

  /** Releases what the path holds. */
  @TearDown
  public void tearDown() {
    framePath.close();
  }

  /** One frame, the next of the folder's in turn. */
  @Benchmark
  public byte[] frame() throws FrameException {
    byte[] jpeg = jpegs[next];
    next = next + 1 == jpegs.length ? 0 : next + 1;
    return framePath.process(jpeg);
  }

  /**
   * The path named {@code name} for case {@code c}: {@code plain}, {@code ours} (the pipeline
   * with OpenCV's codec) or {@code ours-turbojpeg} (with the system's libturbojpeg).
   */
  static FramePath path(String name, SizeCase c) {
    if (name.equals("plain")) {
      return new PlainPath(c.outWidth(), c.outHeight(), SERVER_QUALITY);
    }
    JpegCodec codec = BenchCodecs.create(switch (name) {
      case "ours" -> "opencv";
      case "ours-turbojpeg" -> "turbojpeg";
      default -> throw new IllegalArgumentException("No path named " + name);
    });
    FramePipeline pipeline =
        new FramePipeline(codec, c.outWidth(), c.outHeight(), SERVER_QUALITY, Long.MAX_VALUE);
    FrameProcessor grayscale = new Grayscale(); // the default PROCESSING
    return new FramePath() {
      @Override
      public byte[] process(byte[] jpeg) throws FrameException {
        return pipeline.process(jpeg, grayscale);
      }

      @Override
      public void close() {
        codec.close();
      }
    };
  }
}
