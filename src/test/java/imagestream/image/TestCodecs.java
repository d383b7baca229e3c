package imagestream.image;

import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The two JPEG codecs for tests, by their {@code JPEG_CODEC} name. Outside CI a machine without
 * libturbojpeg skips the TurboJPEG tests, saying how to install it; in CI they must run, so a
 * missing library fails them.
 */
public final class TestCodecs {

  /** Both codec names, for parameterized tests. */
  public static final List<String> NAMES = List.of(JpegCodecs.OPENCV, JpegCodecs.TURBOJPEG);

  private TestCodecs() {}

  /** A new codec of that name; the caller closes it. */
  public static JpegCodec open(String name) {
    OpenCvNatives.load();
    return switch (name) {
      case JpegCodecs.OPENCV -> new OpenCvJpegCodec();
      case JpegCodecs.TURBOJPEG -> turboJpeg();
      default -> throw new IllegalArgumentException("no codec named " + name);
    };
  }

  /** The system's TurboJPEG codec, or the test is skipped (failed in CI) with an install hint. */
  public static TurboJpegCodec turboJpeg() {
    OpenCvNatives.load();
    try {
      return TurboJpegCodec.load(TurboJpegCodec.defaultLibraryNames());
    } catch (UnsatisfiedLinkError e) {
      String why =
          "TurboJPEG tests need libturbojpeg (" + e.getMessage()
              + "): sudo apt-get install -y libturbojpeg0";
      if (System.getenv("CI") == null) {
        Assumptions.abort(why);
      }
      throw new AssertionError(why + " (CI is set: it must be installed)", e);
    }
  }

  /** Skips (outside CI) or fails (in CI) a test that needs codec {@code name} if it cannot load. */
  public static void assumeAvailable(String name) {
    open(name).close();
  }
}
