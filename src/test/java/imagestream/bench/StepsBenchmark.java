package imagestream.bench;

import imagestream.image.FrameException;
import imagestream.image.FramePipeline;
import imagestream.image.JpegCodec;
import imagestream.image.JpegHeader;
import imagestream.image.OpenCvNatives;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
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
 * The profile behind the pipeline table: each step of our path alone (decode as the pipeline
 * chooses, resize, encode) with one codec, and that codec's colour decode, on the same frames.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StepsBenchmark {

  /** The steps, in the order of the profile table. */
  static final String[] STEPS = {"decode", "resize", "encode", "decode-colour"};

  /** Input and output size, e.g. {@code 640x480->160x120}. */
  @Param({"640x480->640x480", "1280x720->640x480", "640x480->160x120", "40x30->40x30"})
  public String sizes;

  /** One of {@link #STEPS}. */
  @Param({"decode", "resize", "encode", "decode-colour"})
  public String step;

  /** Folder of JPEG photos, as {@link PipelineBenchmark#frames}. */
  @Param({""})
  public String frames;

  /** The codec: {@code opencv} or {@code turbojpeg}. */
  @Param({"opencv"})
  public String codecName;

  private JpegCodec codec;
  private byte[][] jpegs;
  private int[] scales;
  private Mat[] decoded;
  private Mat[] resized;
  private Size size;
  private Mat scratch;
  private int next;

  /** Loads the frames and prepares each step's input. */
  @Setup
  public void setUp() throws IOException, FrameException {
    OpenCvNatives.load();
    codec = BenchCodecs.create(codecName);
    scratch = new Mat();
    SizeCase c = SizeCase.parse(sizes);
    size = new Size(c.outWidth(), c.outHeight());
    List<byte[]> loaded = FrameSource.of(frames).frames(c.inWidth(), c.inHeight());
    FramePipeline pipeline = new FramePipeline(codec, c.outWidth(), c.outHeight(),
        PipelineBenchmark.SERVER_QUALITY, Long.MAX_VALUE);
    jpegs = loaded.toArray(new byte[0][]);
    scales = new int[jpegs.length];
    decoded = new Mat[jpegs.length];
    resized = new Mat[jpegs.length];
    for (int i = 0; i < jpegs.length; i++) {
      scales[i] = pipeline.decodeScale(JpegHeader.parse(jpegs[i]));
      decoded[i] = codec.decode(jpegs[i], true, scales[i]);
      resized[i] = resize(decoded[i], new Mat()).clone();
    }
  }

  /** Releases the prepared frames. */
  @TearDown
  public void tearDown() {
    for (int i = 0; i < jpegs.length; i++) {
      decoded[i].release();
      resized[i].release();
    }
    scratch.release();
    codec.close();
  }

  /**
   * One step on the next frame. Besides {@link #STEPS}, {@code -p step=header} times the header
   * guard alone ({@code JpegHeader.parse}).
   */
  @Benchmark
  public Object step() throws FrameException {
    int i = next;
    next = next + 1 == jpegs.length ? 0 : next + 1;
    switch (step) {
      case "decode" -> {
        codec.decode(jpegs[i], true, scales[i]).release();
        return null;
      }
      case "resize" -> {
        return resize(decoded[i], scratch);
      }
      case "encode" -> {
        return codec.encode(resized[i], PipelineBenchmark.SERVER_QUALITY);
      }
      case "header" -> {
        return JpegHeader.parse(jpegs[i]);
      }
      case "decode-colour" -> {
        codec.decode(jpegs[i], false, 1).release();
        return null;
      }
      default -> throw new IllegalArgumentException("No step named " + step);
    }
  }

  /** As the pipeline resizes: not at all at the output size, INTER_AREA down, else INTER_LINEAR. */
  private Mat resize(Mat image, Mat into) {
    if (image.size().equals(size)) {
      return image;
    }
    boolean shrinking = image.cols() >= size.width && image.rows() >= size.height;
    Imgproc.resize(image, into, size, 0, 0, shrinking ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
    return into;
  }
}
