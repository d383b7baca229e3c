package imagestream.image;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.StartException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JpegCodecs: JPEG_CODEC picks the codec, and a missing libturbojpeg is handled per choice. */
class JpegCodecsTest {

  /** A library name no system has, standing in for a machine without libjpeg-turbo. */
  private static final List<String> MISSING = List.of("libimagestream-no-such-turbojpeg.so.0");

  @Test
  void opencvNeverLooksForTheLibrary() {
    JpegCodecs.Selection s = JpegCodecs.select("opencv", MISSING);
    assertInstanceOf(OpenCvJpegCodec.class, s.codec());
    assertTrue(s.reason().contains("OpenCV (JPEG_CODEC=opencv)"), s.reason());
  }

  @Test
  void autoFallsBackToOpenCvWhenTheLibraryIsMissing() {
    JpegCodecs.Selection s = JpegCodecs.select("auto", MISSING);
    assertInstanceOf(OpenCvJpegCodec.class, s.codec());
    assertTrue(s.reason().startsWith("JPEG codec: OpenCV, as libturbojpeg could not be loaded"), s.reason());
    assertTrue(s.reason().contains(MISSING.get(0)), "names what it tried: " + s.reason());
    assertTrue(s.reason().contains("apt-get install libturbojpeg0"), "says how to get it: " + s.reason());
    assertFalse(s.reason().contains("\n"), "one line: " + s.reason());
    s.codec().close();
  }

  @Test
  void turbojpegRefusesToStartWhenTheLibraryIsMissing() {
    StartException e = assertThrows(StartException.class, () -> JpegCodecs.select("turbojpeg", MISSING));
    assertTrue(e.getMessage().startsWith("JPEG_CODEC=turbojpeg but libturbojpeg could not be loaded"), e.getMessage());
    assertTrue(e.getMessage().contains(MISSING.get(0)), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install libturbojpeg0"), e.getMessage());
    assertTrue(e.getMessage().contains("or set JPEG_CODEC=auto"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void autoAndTurbojpegUseTheLibraryWhenItLoads() {
    TestCodecs.assumeAvailable("turbojpeg");
    for (String choice : List.of("auto", "turbojpeg")) {
      JpegCodecs.Selection s = JpegCodecs.select(choice, TurboJpegCodec.defaultLibraryNames());
      try {
        TurboJpegCodec codec = assertInstanceOf(TurboJpegCodec.class, s.codec());
        assertTrue(s.reason().contains("TurboJPEG"), s.reason());
        assertTrue(s.reason().contains(codec.library() + ", JPEG_CODEC=" + choice), s.reason());
      } finally {
        s.codec().close();
      }
    }
  }

  @Test
  void theNextNameIsTriedWhenTheFirstIsMissing() {
    TestCodecs.assumeAvailable("turbojpeg");
    List<String> names = new ArrayList<>(MISSING);
    names.addAll(TurboJpegCodec.defaultLibraryNames());
    JpegCodecs.Selection s = JpegCodecs.select("auto", names);
    try {
      assertInstanceOf(TurboJpegCodec.class, s.codec());
    } finally {
      s.codec().close();
    }
  }
}
