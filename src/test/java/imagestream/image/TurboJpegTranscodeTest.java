package imagestream.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import imagestream.bench.SyntheticFrames;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * TurboJpegCodec's DCT-domain gray transcode and its raw-plane gray encode: the pictures they
 * give, the frames they leave to the pixel path, and a session that stays sound across them.
 */
class TurboJpegTranscodeTest {

  @AutoClose private final TurboJpegCodec turbo = TestCodecs.turboJpeg();

  /** The page's frames and others libjpeg can write: every layout, sizes off the 16-pixel grid. */
  @ParameterizedTest(name = "{0}x{1} {2}")
  @CsvSource({
    "640, 480, 4:2:0", "40, 30, 4:2:0", "333, 257, 4:2:0", "41, 31, 4:2:0", "1, 1, 4:2:0",
    "17, 9, 4:2:2", "333, 257, 4:4:4", "57, 43, 4:1:1", "50, 38, 4:4:0",
    "320, 240, restart markers", "41, 31, optimized Huffman tables", "333, 257, gray",
    "35, 21, gray",
  })
  void losslessOutputDecodesToExactlyTheInputsLuma(int width, int height, String layout) {
    byte[] frame = frame(width, height, 60, layout);
    byte[] gray = turbo.transcodeToGray(frame, 60).orElseThrow();
    assertGrayJpeg(gray, width, height, 60);
    assertEquals(0, maxDifference(TestFrames.decodeGray(frame), TestFrames.decodeUnchanged(gray)),
        "largest pixel difference from the input's luma");
  }

  /**
   * A coarser table than the input's: the coefficients are requantized, and the picture is as
   * close to the input's luma as a pixel re-encode at that quality, at about the same size.
   */
  @ParameterizedTest(name = "{0}x{1} {2} q{3} -> q{4}")
  @CsvSource({
    "640, 480, 4:2:0, 90, 60", "640, 480, 4:2:0, 60, 50", "333, 257, 4:2:0, 75, 30",
    "41, 31, 4:4:4, 95, 40", "640, 480, restart markers, 80, 60", "320, 240, gray, 70, 20",
    "99, 77, optimized Huffman tables, 85, 84",
  })
  void requantizedOutputIsAsGoodAsAPixelReEncode(
      int width, int height, String layout, int inQuality, int outQuality) {
    byte[] frame = frame(width, height, inQuality, layout);
    byte[] requantized = turbo.transcodeToGray(frame, outQuality).orElseThrow();
    assertGrayJpeg(requantized, width, height, outQuality);
    Mat luma = turbo.decode(frame, true, 1);
    try {
      byte[] reEncoded = turbo.encode(luma, outQuality);
      double transcoded = psnr(luma, requantized);
      double pixels = psnr(luma, reEncoded);
      assertTrue(transcoded >= pixels - 0.5,
          "requantized " + transcoded + " dB against a pixel re-encode's " + pixels + " dB");
      assertEquals(reEncoded.length, requantized.length, reEncoded.length * 0.1, "bytes");
    } finally {
      luma.release();
    }
  }

  /**
   * Each coefficient is rounded half away from zero, as libjpeg rounds, exactly, for every
   * magnitude up to 2047 and tables far apart or close, word by word too; larger magnitudes are
   * refused.
   */
  @ParameterizedTest(name = "q{0} -> q{1}")
  @CsvSource({"90, 30", "60, 50", "100, 1", "51, 50", "75, 75"})
  void requantizingRoundsLikeLibjpeg(int fromQuality, int toQuality) {
    int[] from = QuantTables.luminance(fromQuality);
    int[] to = QuantTables.luminance(toQuality);
    LumaRowFilter filter = new LumaRowFilter();
    filter.start(from, to, 1, 1);
    for (int k = 0; k < 64; k++) {
      for (int c = -LumaRowFilter.MAX_MAGNITUDE; c <= LumaRowFilter.MAX_MAGNITUDE; c++) {
        // c * from / to, rounded half away from zero, in exact integers
        long exact = (2L * Math.abs(c) * from[k] + to[k]) / (2L * to[k]) * Long.signum(c);
        assertEquals(exact, filter.requantize(c, k), "coefficient " + c + " at " + k);
      }
    }
    short[] coefficients = new short[64];
    Random random = new Random(7);
    for (int k = 0; k < 64; k++) {
      coefficients[k] = (short) (k % 3 == 0 ? 0 : random.nextInt(4095) - 2047);
    }
    long[] block = packed(coefficients);
    assertTrue(filter.requantize(block, 16));
    short[] requantized = unpacked(block);
    for (int k = 0; k < 64; k++) {
      assertEquals(filter.requantize(coefficients[k], k), requantized[k], "word-wise, at " + k);
    }
    coefficients[5] = 2048;
    assertFalse(filter.requantize(packed(coefficients), 16), "a magnitude over 2047");
  }

  /** Coefficients as TurboJPEG lays them out in memory, read as 64-bit words. */
  private static long[] packed(short[] coefficients) {
    try (Memory memory = new Memory(2L * coefficients.length)) {
      memory.write(0, coefficients, 0, coefficients.length);
      return memory.getLongArray(0, coefficients.length / 4);
    }
  }

  private static short[] unpacked(long[] words) {
    try (Memory memory = new Memory(8L * words.length)) {
      memory.write(0, words, 0, words.length);
      return memory.getShortArray(0, words.length * 4);
    }
  }

  /**
   * Progressive frames build coefficients from several scans, which no Huffman table bounds:
   * they take the pixel path (and still decode).
   */
  @Test
  void aProgressiveFrameIsLeftToThePixelPath() {
    byte[] progressive = frame(320, 240, 60, "progressive");
    assertTrue(turbo.transcodeToGray(progressive, 40).isEmpty());
    assertLeftToThePixelPath(progressive, 60, 320);
  }

  /**
   * A well-formed 4:2:0 JPEG whose DC coefficients climb by 2047 a block, as only a crafted or
   * damaged frame does: in the gray output's block order they would step by more than a
   * baseline JPEG can code, so it is refused here, and the pixel path still decodes it.
   */
  @Test
  void driftingDcCoefficientsAreLeftToThePixelPath() {
    assertLeftToThePixelPath(HandMadeJpegs.driftingDc(), 100, 32);
    byte[] sameSteps = frame(32, 16, 100, "4:2:0");
    assertTrue(turbo.transcodeToGray(sameSteps, 100).isPresent(), "an ordinary frame of that size");
  }

  /**
   * A gray JPEG whose Huffman table codes an AC coefficient of 11 bits (2047), which a baseline
   * JPEG's standard codes cannot hold: refused here (libjpeg would write a corrupt code), and the
   * pixel path still decodes it.
   */
  @Test
  void anAcCoefficientOverTenBitsIsLeftToThePixelPath() {
    assertLeftToThePixelPath(HandMadeJpegs.elevenBitAc(), 100, 8);
  }

  @ParameterizedTest(name = "q{0} -> q{1}")
  @CsvSource({"60, 61", "60, 90", "30, 100"})
  void aFinerTableIsLeftToThePixelPath(int inQuality, int outQuality) {
    assertTrue(turbo.transcodeToGray(frame(320, 240, inQuality, "4:2:0"), outQuality).isEmpty());
  }

  /** The benchmarks' switch: a codec made with the property off transcodes no frame. */
  @Test
  void theTranscodeCanBeSwitchedOffForBenchmarks() {
    byte[] frame = frame(64, 48, 60, "4:2:0");
    System.setProperty(TurboJpegCodec.TRANSCODE_PROPERTY, "off");
    try (TurboJpegCodec off = TestCodecs.turboJpeg()) {
      assertTrue(off.transcodeToGray(frame, 60).isEmpty(), "switched off");
    } finally {
      System.clearProperty(TurboJpegCodec.TRANSCODE_PROPERTY);
    }
    assertTrue(turbo.transcodeToGray(frame, 60).isPresent(), "on by default");
  }

  /** A luma table coarser than quality 60's at one step and finer at the others is neither. */
  @Test
  void aTableFinerAtSomeStepsIsLeftToThePixelPath() {
    byte[] frame = frame(320, 240, 55, "gray");
    int[] mixed = QuantTables.luminance(55);
    mixed[63] = 255;
    assertTrue(QuantTables.replaceOnly(frame, mixed));
    assertTrue(turbo.transcodeToGray(frame, 60).isEmpty(), "finer than 60 at one step");
    assertTrue(turbo.transcodeToGray(frame, 50).isEmpty(), "finer than 50 at one step");
    assertTrue(turbo.transcodeToGray(frame, 1).isPresent(), "quality 1 is coarser everywhere");
  }

  /** A CMYK JPEG's first component is not brightness: it is not transcoded, nothing lingers. */
  @Test
  void aJpegWithoutLumaIsLeftToThePixelPath() {
    byte[] good = frame(64, 48, 60, "4:2:0");
    byte[] before = turbo.transcodeToGray(good, 60).orElseThrow();
    byte[] cmyk = cmykJpeg(64, 48);
    assertArrayEquals(QuantTables.luminance(80), LumaHeaders.lumaTable(cmyk), "a table it could copy");
    assertTrue(turbo.transcodeToGray(cmyk, 80).isEmpty());
    assertArrayEquals(before, turbo.transcodeToGray(good, 60).orElseThrow());
  }

  /** Cut and corrupted frames are refused, and the next good frame gives the same bytes. */
  @Test
  void badFramesAreNotTranscodedAndLeaveNothingBehind() {
    byte[] good = frame(320, 240, 70, "4:2:0");
    byte[] lossless = turbo.transcodeToGray(good, 70).orElseThrow();
    byte[] requantized = turbo.transcodeToGray(good, 40).orElseThrow();
    byte[] corrupt = good.clone();
    for (int i = good.length / 2; i < good.length / 2 + 40; i++) {
      corrupt[i] = (byte) 0xFF; // markers in the middle of the data
    }
    for (byte[] bad : List.of(Arrays.copyOf(good, good.length / 2), Arrays.copyOf(good, 700),
        corrupt, TestFrames.withDeclaredSize(good, 320, 0))) {
      assertTrue(turbo.transcodeToGray(bad, 70).isEmpty(), "lossless");
      assertTrue(turbo.transcodeToGray(bad, 40).isEmpty(), "requantized");
      assertArrayEquals(lossless, turbo.transcodeToGray(good, 70).orElseThrow());
      assertArrayEquals(requantized, turbo.transcodeToGray(good, 40).orElseThrow());
    }
  }

  /**
   * Randomly damaged frames (headers, Huffman tables and data): each is either refused or gives a
   * sound gray JPEG, one a strict decoder reads without a warning.
   */
  @Test
  void damagedFramesAreRefusedOrTranscodedSoundly() {
    Random random = new Random(15);
    Core.setRNGSeed(15); // the same frame whichever tests ran before
    byte[] good = frame(48, 32, 80, "4:2:0");
    int transcoded = 0;
    for (int round = 0; round < 1000; round++) {
      byte[] damaged = good.clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        damaged[2 + random.nextInt(damaged.length - 2)] = (byte) random.nextInt(256);
      }
      if (random.nextInt(4) == 0) {
        damaged = Arrays.copyOf(damaged, 2 + random.nextInt(damaged.length - 2));
      }
      Optional<byte[]> gray = turbo.transcodeToGray(damaged, round % 2 == 0 ? 80 : 50);
      if (gray.isPresent()) {
        transcoded++;
        // TurboJPEG refuses a JPEG whose data libjpeg warns about (e.g. a corrupt code).
        Mat decoded = turbo.decode(gray.get(), true, 1);
        try {
          assertEquals(48, decoded.cols(), "a sound gray JPEG of the declared width, round " + round);
        } finally {
          decoded.release();
        }
      }
    }
    assertTrue(transcoded > 0, "some damage is only in the pixels, which still transcode");
  }

  /**
   * libjpeg-turbo before 3.1 lets a handle that wrote a progressive or optimized JPEG keep its
   * Huffman tables, and silently corrupts the next baseline one. A progressive frame, then
   * baseline frames, through one session (one thread): every output decodes to the picture
   * expected, and is the same as a fresh session's.
   */
  @Test
  void aProgressiveFrameThenBaselineFramesThroughOneSession() throws Exception {
    List<byte[]> frames = new ArrayList<>();
    frames.add(frame(320, 240, 80, "progressive")); // the pixel path
    frames.add(frame(320, 240, 80, "optimized Huffman tables"));
    for (int i = 0; i < 3; i++) {
      frames.add(frame(320, 240, 80, "4:2:0"));
    }
    List<byte[]> outputs = new ArrayList<>();
    for (byte[] frame : frames) {
      byte[] lossless = transcodeOrPixels(turbo, frame, 80);
      byte[] requantized = transcodeOrPixels(turbo, frame, 50);
      Mat luma = TestFrames.decodeGray(frame);
      try {
        if (frame != frames.get(0)) {
          assertEquals(0, maxDifference(luma.clone(), TestFrames.decodeUnchanged(lossless)),
              "lossless: the input's luma");
        } else {
          assertTrue(psnr(luma, lossless) >= 40, "re-encoded: PSNR " + psnr(luma, lossless));
        }
        assertTrue(psnr(luma, requantized) >= 30, "requantized: PSNR " + psnr(luma, requantized));
        byte[] encoded = turbo.encode(luma, 50);
        assertTrue(psnr(luma, encoded) >= 30, "encoded: PSNR " + psnr(luma, encoded));
        outputs.addAll(List.of(lossless, requantized, encoded));
      } finally {
        luma.release();
      }
    }
    for (int i = 0; i < frames.size(); i++) {
      TurboJpegCodec fresh = TestCodecs.turboJpeg();
      try {
        byte[] frame = frames.get(i);
        assertArrayEquals(transcodeOrPixels(fresh, frame, 80), outputs.get(3 * i));
        assertArrayEquals(transcodeOrPixels(fresh, frame, 50), outputs.get(3 * i + 1));
        Mat luma = TestFrames.decodeGray(frame);
        try {
          assertArrayEquals(fresh.encode(luma, 50), outputs.get(3 * i + 2));
        } finally {
          luma.release();
        }
      } finally {
        fresh.close();
      }
    }
  }

  /**
   * Encoding the gray plane as raw data gives byte for byte the JPEG {@code tjCompress2} gives
   * from gray pixels, for every size (partial blocks included), quality and row pitch.
   */
  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"1, 1", "7, 5", "40, 30", "41, 31", "333, 257", "640, 480", "1280, 720"})
  void grayEncodingIsByteIdenticalToEncodingGrayPixels(int width, int height) {
    Mat colour = SyntheticFrames.detailedScene(width + 3, height + 2, 120);
    Mat gray = new Mat();
    try (PixelFormatGrayCodec reference = new PixelFormatGrayCodec()) {
      Imgproc.cvtColor(colour, gray, Imgproc.COLOR_BGR2GRAY);
      Mat whole = gray.submat(new Rect(0, 0, width, height)).clone();
      Mat inner = gray.submat(new Rect(3, 2, width, height)); // rows spaced 3 bytes apart
      try {
        for (Mat image : List.of(whole, inner)) {
          for (int quality : new int[] {0, 1, 30, 60, 95, 100}) {
            assertArrayEquals(reference.encode(image, quality), turbo.encode(image, quality),
                (image == inner ? "submat" : "whole") + ", quality " + quality);
          }
        }
      } finally {
        whole.release();
        inner.release();
      }
    } finally {
      colour.release();
      gray.release();
    }
  }

  /** A detailed frame as JPEG at {@code quality}, with the layout named. */
  static byte[] frame(int width, int height, int quality, String layout) {
    Mat scene = SyntheticFrames.detailedScene(width, height, 120);
    try {
      if (layout.equals("gray")) {
        Imgproc.cvtColor(scene, scene, Imgproc.COLOR_BGR2GRAY);
      }
      int[] params = switch (layout) {
        case "4:2:0", "gray" -> new int[0];
        case "4:2:2" -> new int[] {Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR, Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_422};
        case "4:4:4" -> new int[] {Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR, Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_444};
        case "4:1:1" -> new int[] {Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR, Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_411};
        case "4:4:0" -> new int[] {Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR, Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_440};
        case "progressive" -> new int[] {Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1};
        case "restart markers" -> new int[] {Imgcodecs.IMWRITE_JPEG_RST_INTERVAL, 3};
        case "optimized Huffman tables" -> new int[] {Imgcodecs.IMWRITE_JPEG_OPTIMIZE, 1};
        default -> throw new IllegalArgumentException(layout);
      };
      int[] all = Arrays.copyOf(new int[] {Imgcodecs.IMWRITE_JPEG_QUALITY, quality}, 2 + params.length);
      System.arraycopy(params, 0, all, 2, params.length);
      return TestFrames.encode(scene, all);
    } finally {
      scene.release();
    }
  }

  /** A one-component JPEG of that size whose luma table is quality's, as the pixel path gives. */
  static void assertGrayJpeg(byte[] jpeg, int width, int height, int quality) {
    try {
      JpegHeader header = JpegHeader.parse(jpeg);
      assertEquals(List.of(width, height, 1), List.of(header.width(), header.height(), header.components()));
    } catch (FrameException e) {
      throw new AssertionError(e.getMessage(), e);
    }
    assertArrayEquals(QuantTables.luminance(quality), LumaHeaders.lumaTable(jpeg), "luma table");
  }

  /** The PSNR of a JPEG's picture against {@code reference}, a gray image. */
  static double psnr(Mat reference, byte[] jpeg) {
    Mat decoded = TestFrames.decodeUnchanged(jpeg);
    try {
      return Core.PSNR(reference, decoded);
    } finally {
      decoded.release();
    }
  }

  /** The largest difference between two images of the same size; releases both. */
  static double maxDifference(Mat a, Mat b) {
    try {
      assertEquals(a.size(), b.size());
      assertEquals(a.type(), b.type());
      return Core.norm(a, b, Core.NORM_INF);
    } finally {
      a.release();
      b.release();
    }
  }

  /** Not transcoded, and decoded by the pixel path without a warning to that width. */
  private void assertLeftToThePixelPath(byte[] jpeg, int quality, int width) {
    assertTrue(turbo.transcodeToGray(jpeg, quality).isEmpty(), "not transcoded");
    Mat decoded = turbo.decode(jpeg, true, 1);
    try {
      assertEquals(width, decoded.cols(), "decoded by the pixel path");
    } finally {
      decoded.release();
    }
  }

  /** The gray reply as the pipeline makes it: transcoded, else decoded to gray and encoded. */
  private static byte[] transcodeOrPixels(TurboJpegCodec codec, byte[] jpeg, int quality) {
    return codec.transcodeToGray(jpeg, quality).orElseGet(() -> {
      Mat luma = codec.decode(jpeg, true, 1);
      try {
        return codec.encode(luma, quality);
      } finally {
        luma.release();
      }
    });
  }

  /** A CMYK JPEG, which TurboJPEG writes from CMYK pixels. */
  private static byte[] cmykJpeg(int width, int height) {
    Pointer compressor = TurboJpegNatives.tjInitCompress();
    Memory pixels = new Memory((long) width * height * 4);
    Memory out = new Memory(Native.POINTER_SIZE + Native.LONG_SIZE);
    try {
      for (long i = 0; i < pixels.size(); i++) {
        pixels.setByte(i, (byte) (i * 7));
      }
      out.setPointer(0, null);
      out.setNativeLong(Native.POINTER_SIZE, new NativeLong(0));
      int tjpfCmyk = 11;
      assertEquals(0, TurboJpegNatives.tjCompress2(compressor, pixels, width, width * 4, height,
          tjpfCmyk, out, out.share(Native.POINTER_SIZE), TurboJpegNatives.TJSAMP_420, 80, 0),
          () -> TurboJpegNatives.tjGetErrorStr2(compressor));
      Pointer jpeg = out.getPointer(0);
      byte[] bytes = jpeg.getByteArray(0, (int) out.getNativeLong(Native.POINTER_SIZE).longValue());
      TurboJpegNatives.tjFree(jpeg);
      return bytes;
    } finally {
      TurboJpegNatives.tjDestroy(compressor);
      pixels.close();
      out.close();
    }
  }
}
