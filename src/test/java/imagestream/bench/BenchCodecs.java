package imagestream.bench;

import imagestream.image.JpegCodec;
import imagestream.image.OpenCvJpegCodec;
import imagestream.image.OpenCvNatives;
import imagestream.image.TurboJpegCodec;

/** The JPEG codecs the benchmarks compare, by the names of {@code JPEG_CODEC}. */
final class BenchCodecs {

  private BenchCodecs() {}

  /**
   * A new codec: {@code opencv} or {@code turbojpeg}; the caller closes it.
   *
   * @throws UnsatisfiedLinkError if {@code turbojpeg} is asked and the library does not load
   */
  static JpegCodec create(String name) {
    OpenCvNatives.load();
    return switch (name) {
      case "opencv" -> new OpenCvJpegCodec();
      case "turbojpeg" -> TurboJpegCodec.load(TurboJpegCodec.defaultLibraryNames());
      default -> throw new IllegalArgumentException("No codec named " + name);
    };
  }

  /** Whether the system's libturbojpeg loads here. */
  static boolean turboJpegLoads() {
    try (JpegCodec codec = create("turbojpeg")) {
      return codec != null;
    } catch (UnsatisfiedLinkError e) {
      return false;
    }
  }
}
