package imagestream.image;

import imagestream.StartException;
import java.util.List;

/** Picks the JPEG codec at start-up from the {@code JPEG_CODEC} setting. */
public final class JpegCodecs {

  /** Use the system's libjpeg-turbo when it loads, else OpenCV's codec. */
  public static final String AUTO = "auto";

  /** Use the system's libjpeg-turbo; refuse to start without it. */
  public static final String TURBOJPEG = "turbojpeg";

  /** Use OpenCV's codec (its bundled libjpeg-turbo, built without SIMD). */
  public static final String OPENCV = "opencv";

  /** The values of {@code JPEG_CODEC}, which the settings check. */
  public static final List<String> CHOICES = List.of(AUTO, TURBOJPEG, OPENCV);

  private static final String INSTALL_HINT =
      "install libjpeg-turbo (Debian/Ubuntu: apt-get install libturbojpeg0; see the README)";

  private JpegCodecs() {}

  /**
   * The codec chosen and one line saying which and why, for the log.
   *
   * @param codec the codec; the caller closes it when the server stops
   * @param reason e.g. {@code JPEG codec: OpenCV (JPEG_CODEC=opencv)}
   */
  public record Selection(JpegCodec codec, String reason) {}

  /**
   * Chooses the codec for {@code choice}, one of {@link #CHOICES}, trying {@code libraryNames}
   * for libturbojpeg (the tests pass a missing name here). Loads OpenCV's natives first: every
   * codec makes OpenCV {@code Mat}s.
   *
   * @throws StartException in one line if {@code turbojpeg} was asked and the library does not load
   */
  public static Selection select(String choice, List<String> libraryNames) {
    OpenCvNatives.load();
    if (OPENCV.equals(choice)) {
      return new Selection(new OpenCvJpegCodec(), "JPEG codec: OpenCV (JPEG_CODEC=opencv)");
    }
    try {
      TurboJpegCodec turbo = TurboJpegCodec.load(libraryNames);
      return new Selection(
          turbo,
          "JPEG codec: TurboJPEG, the system's SIMD libjpeg-turbo (" + turbo.library()
              + ", JPEG_CODEC=" + choice + ")");
    } catch (UnsatisfiedLinkError e) {
      if (TURBOJPEG.equals(choice)) {
        throw new StartException(
            "JPEG_CODEC=turbojpeg but libturbojpeg could not be loaded (" + e.getMessage() + "): "
                + INSTALL_HINT + ", or set JPEG_CODEC=auto");
      }
      return new Selection(
          new OpenCvJpegCodec(),
          "JPEG codec: OpenCV, as libturbojpeg could not be loaded (" + e.getMessage()
              + "); for a codec about twice as fast, " + INSTALL_HINT);
    }
  }
}
