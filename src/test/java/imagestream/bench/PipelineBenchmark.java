package imagestream.bench;

import imagestream.image.FrameException;
import imagestream.image.FramePipeline;
import imagestream.image.FrameProcessor;
import imagestream.image.processors.Grayscale;
import imagestream.image.JpegCodec;
import imagestream.image.OpenCvNatives;
import imagestream.image.PixelFormatGrayCodec;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Core;
import org.opencv.core.Mat;
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

  /** The cases of the transcode table: every frame size the photos come in, unresized. */
  static final String[] SAME_SIZE_CASES = {
    "40x30->40x30", "320x240->320x240", "640x480->640x480", "1280x720->1280x720"
  };

  /** The paths of the transcode table: TurboJPEG's pixel paths, then the server's. */
  static final String[] TRANSCODE_PATHS = {
    "turbojpeg-pixel-format", "turbojpeg-raw-plane", "ours-turbojpeg"
  };

  /** JPEG quality of the server's replies, as {@code SERVER_JPG_COMPRESSION=0.6}. */
  static final int SERVER_QUALITY = 60;

  /** Input and output size, e.g. {@code 640x480->160x120}. */
  @Param({"640x480->640x480", "1280x720->640x480", "640x480->160x120", "40x30->40x30"})
  public String sizes;

  /**
   * {@code plain}: {@link PlainPath}; {@code ours}: {@link FramePipeline} as the server runs it,
   * with OpenCV's codec; {@code ours-turbojpeg}: the same with the system's libturbojpeg (which
   * transcodes a same-size frame without decoding it); {@code turbojpeg-raw-plane}: that
   * pipeline, never transcoding (decode gray, encode the gray plane); {@code
   * turbojpeg-pixel-format}: decode gray, encode with {@code tjCompress2} from gray pixels.
   */
  @Param({"plain", "ours", "ours-turbojpeg"})
  public String path;

  /** JPEG quality of the server's replies, 0-100. */
  @Param({"60"})
  public int quality;

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
    framePath = path(path, c, quality);
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

  /** The path named {@code name} (see {@link #path}) for case {@code c}, replying at quality. */
  static FramePath path(String name, SizeCase c, int quality) {
    if (name.equals("plain")) {
      return new PlainPath(c.outWidth(), c.outHeight(), quality);
    }
    JpegCodec codec = switch (name) {
      case "ours" -> BenchCodecs.create("opencv");
      case "ours-turbojpeg" -> BenchCodecs.create("turbojpeg");
      case "turbojpeg-raw-plane" -> pixelsOnly(BenchCodecs.create("turbojpeg"));
      case "turbojpeg-pixel-format" -> new PixelFormatGrayCodec();
      default -> throw new IllegalArgumentException("No path named " + name);
    };
    FramePipeline pipeline =
        new FramePipeline(codec, c.outWidth(), c.outHeight(), quality, Long.MAX_VALUE);
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

  /**
   * How many of the case's frames the system's TurboJPEG transcodes at {@code quality}, e.g.
   * {@code 6/6}: the rows of {@code ours-turbojpeg} measure the transcode only where all are.
   */
  static String transcoded(FrameSource source, SizeCase c, int quality) throws IOException {
    List<byte[]> loaded = source.frames(c.inWidth(), c.inHeight());
    try (JpegCodec codec = BenchCodecs.create("turbojpeg")) {
      long count = loaded.stream().filter(f -> codec.transcodeToGray(f, quality).isPresent()).count();
      return count + "/" + loaded.size();
    }
  }

  /** {@code codec} without its transcode: every frame is decoded and encoded. */
  private static JpegCodec pixelsOnly(JpegCodec codec) {
    return new JpegCodec() {
      @Override
      public Mat decode(byte[] jpeg, boolean gray, int scale) {
        return codec.decode(jpeg, gray, scale);
      }

      @Override
      public byte[] encode(Mat image, int quality) {
        return codec.encode(image, quality);
      }

      @Override
      public Optional<byte[]> transcodeToGray(byte[] jpeg, int quality) {
        return Optional.empty();
      }

      @Override
      public void close() {
        codec.close();
      }
    };
  }
}
