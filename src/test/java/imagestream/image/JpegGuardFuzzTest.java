package imagestream.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import imagestream.image.processors.Grayscale;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.w3c.dom.Element;

/**
 * A property test of the header guard: random and mutated JPEGs never raise anything but the
 * guard's own refusals, and never reach the decoder declaring more than the pixel limit, nor as
 * anything but a baseline JPEG of one scan.
 *
 * <p>The seeds include JPEGs the guard must refuse whole: progressive, multi-scan,
 * arithmetic-coded and 12-bit ones. Two independent readers check the properties: the JDK's own
 * JPEG reader (ImageIO) reads the size, the frame type and the scans of every frame handed to
 * the decoder before it decodes, and whatever libjpeg then decodes must have exactly the size the
 * guard read. The seed is fixed so a failure repeats; set {@code -Dfuzz.seed=N} and
 * {@code -Dfuzz.cases=N} to explore further.
 */
class JpegGuardFuzzTest {

  private static final long LIMIT = 200 * 200;
  private static final long SEED = Long.getLong("fuzz.seed", 20_240_601L);
  private static final int CASES = Integer.getInteger("fuzz.cases", 4000);
  private static final Set<String> GUARD_CODES =
      Set.of(FrameException.EMPTY, FrameException.NOT_JPEG, FrameException.UNSUPPORTED);
  private static final Set<String> PIPELINE_CODES =
      Set.of(FrameException.EMPTY, FrameException.NOT_JPEG, FrameException.UNSUPPORTED,
          FrameException.BAD_SIZE, FrameException.UNDECODABLE);

  private static List<byte[]> seeds;

  @BeforeAll
  static void makeSeeds() {
    OpenCvNatives.load();
    Core.setRNGSeed((int) SEED); // the scenes' noise: the same seeds whichever tests ran before
    Mat gray = new Mat(30, 40, CvType.CV_8UC1, new Scalar(90));
    Mat colour = TestFrames.scene(64, 48, 120);
    Mat odd = TestFrames.scene(33, 17, 60);
    try {
      byte[] baseline = TestFrames.encode(colour, Imgcodecs.IMWRITE_JPEG_QUALITY, 80);
      seeds = List.of(
          baseline,
          TestFrames.encode(colour, Imgcodecs.IMWRITE_JPEG_RST_INTERVAL, 2),
          TestFrames.encode(gray),
          TestFrames.encode(odd, Imgcodecs.IMWRITE_JPEG_QUALITY, 20),
          HandMadeJpegs.baseline(40, 24, 3, false),
          // to be refused whole, however mutated:
          TestFrames.encode(colour, Imgcodecs.IMWRITE_JPEG_PROGRESSIVE, 1),
          HandMadeJpegs.progressiveScanBomb(48, 32, 6),
          HandMadeJpegs.withFrameType(HandMadeJpegs.progressiveScanBomb(48, 32, 6), 0xC0, 8),
          HandMadeJpegs.baseline(40, 24, 3, true),
          HandMadeJpegs.withFrameType(baseline, 0xC9, 8),
          HandMadeJpegs.withFrameType(baseline, 0xC1, 12));
    } finally {
      gray.release();
      colour.release();
      odd.release();
    }
  }

  @Test
  void guardRefusesOnlyWithItsOwnCodesAndPassesOnlyFramesWithinTheLimit() {
    Random random = new Random(SEED);
    OracleCodec codec = new OracleCodec();
    FramePipeline pipeline = new FramePipeline(codec, 16, 12, 60, LIMIT);
    int parsed = 0;
    int overLimit = 0;
    int unsupported = 0;
    int answered = 0;
    for (int i = 0; i < CASES; i++) {
      byte[] input = mutant(random);
      codec.current = input;
      try {
        JpegHeader header = JpegHeader.parse(input);
        parsed++;
        overLimit += header.pixels() > LIMIT ? 1 : 0;
      } catch (FrameException e) {
        assertTrue(GUARD_CODES.contains(e.code()), () -> "guard code " + e.code() + " for " + hex(input));
        unsupported += e.code().equals(FrameException.UNSUPPORTED) ? 1 : 0;
      } catch (RuntimeException e) {
        fail("the guard threw " + e + " for case " + i + " (seed " + SEED + "): " + hex(input), e);
      }
      try {
        pipeline.process(input, new Grayscale());
        answered++;
      } catch (FrameException e) {
        assertTrue(PIPELINE_CODES.contains(e.code()), () -> "pipeline code " + e.code() + " for " + hex(input));
      } catch (RuntimeException e) {
        fail("the pipeline threw " + e + " for case " + i + " (seed " + SEED + "): " + hex(input), e);
      }
    }
    System.out.printf(
        "JpegGuardFuzzTest: %d cases (seed %d): %d headers read, %d of them over the limit,"
            + " %d refused as not baseline, %d decodes checked against ImageIO and libjpeg, %d"
            + " answered%n",
        CASES, SEED, parsed, overLimit, unsupported, codec.decodes, answered);
    // The mutations must reach every branch, or the property proves little.
    assertTrue(overLimit > CASES / 50, "too few frames over the limit: " + overLimit);
    assertTrue(unsupported > CASES / 10, "too few frames refused as not baseline: " + unsupported);
    assertTrue(codec.decodes > CASES / 10, "too few frames reached the decoder: " + codec.decodes);
    assertTrue(answered > CASES / 20, "too few frames were answered: " + answered);
  }

  /** One input: a seed JPEG mutated one to three times, or plain noise. */
  private static byte[] mutant(Random random) {
    if (random.nextInt(20) == 0) {
      byte[] noise = new byte[random.nextInt(600)];
      random.nextBytes(noise);
      if (random.nextBoolean() && noise.length >= 2) {
        noise[0] = (byte) 0xFF; // noise that starts like a JPEG
        noise[1] = (byte) 0xD8;
      }
      return noise;
    }
    byte[] jpeg = seeds.get(random.nextInt(seeds.size())).clone();
    int rounds = 1 + random.nextInt(3);
    for (int r = 0; r < rounds; r++) {
      jpeg = mutate(jpeg, random);
    }
    return jpeg;
  }

  private static byte[] mutate(byte[] jpeg, Random random) {
    int head = Math.max(1, Math.min(jpeg.length, 700)); // where the markers are
    switch (random.nextInt(9)) {
      case 0 -> { // flip a few bits among the markers
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
          jpeg[random.nextInt(head)] ^= (byte) (1 << random.nextInt(8));
        }
        return jpeg;
      }
      case 1 -> { // an interesting byte somewhere among the markers
        int[] values = {0x00, 0xFF, 0xD8, 0xD9, 0xDA, 0xC0, 0xC2, 0xC4, 0x01, 0x7F, 0x80};
        jpeg[random.nextInt(head)] = (byte) values[random.nextInt(values.length)];
        return jpeg;
      }
      case 2 -> { // a declared size near, at or far over the limit
        int[] sides = {0, 1, 199, 200, 201, 255, 256, 4096, 30000, 65500, 65535};
        try {
          int w = random.nextBoolean() ? sides[random.nextInt(sides.length)] : random.nextInt(65536);
          int h = random.nextBoolean() ? sides[random.nextInt(sides.length)] : random.nextInt(400);
          return TestFrames.withDeclaredSize(jpeg, w, h);
        } catch (RuntimeException e) {
          return jpeg; // no frame header left to patch
        }
      }
      case 3 -> { // cut short
        return Arrays.copyOf(jpeg, random.nextInt(jpeg.length + 1));
      }
      case 4 -> { // bytes inserted
        byte[] extra = new byte[1 + random.nextInt(8)];
        random.nextBytes(extra);
        return splice(jpeg, random.nextInt(head), 0, extra);
      }
      case 5 -> { // bytes removed
        int at = random.nextInt(head);
        return splice(jpeg, at, Math.min(jpeg.length - at, 1 + random.nextInt(16)), new byte[0]);
      }
      case 6 -> { // a segment length changed
        int at = random.nextInt(head);
        if (at + 3 < jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
          jpeg[at + 2] = (byte) random.nextInt(256);
          jpeg[at + 3] = (byte) random.nextInt(256);
        } else if (head > 5) {
          jpeg[4 + random.nextInt(head - 4)] = (byte) random.nextInt(256);
        }
        return jpeg;
      }
      case 7 -> { // a piece of the markers repeated
        int at = random.nextInt(head);
        int length = Math.min(jpeg.length - at, 1 + random.nextInt(64));
        return splice(jpeg, at, 0, Arrays.copyOfRange(jpeg, at, at + length));
      }
      default -> { // the head of one JPEG on the tail of another
        byte[] other = seeds.get(random.nextInt(seeds.size()));
        int cut = random.nextInt(head);
        int from = random.nextInt(Math.min(other.length, 700));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, cut);
        out.write(other, from, other.length - from);
        return out.toByteArray();
      }
    }
  }

  private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + insert.length);
    out.write(bytes, 0, at);
    out.write(insert, 0, insert.length);
    out.write(bytes, at + remove, bytes.length - at - remove);
    return out.toByteArray();
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 400))
        + (bytes.length > 400 ? "... (" + bytes.length + " bytes)" : "");
  }

  /**
   * The real codec behind two checks: before decoding, the JDK's JPEG reader must not see a size
   * over the limit; after, libjpeg's image must have the size the guard read.
   */
  private static final class OracleCodec implements JpegCodec {
    private final JpegCodec real = new OpenCvJpegCodec();
    byte[] current;
    int decodes;

    @Override
    public Mat decode(byte[] jpeg, boolean gray, int scale) {
      long[] jdk = imageIoSize(jpeg);
      if (jdk != null && jdk[0] * jdk[1] > LIMIT) {
        fail("reached the decoder declaring " + jdk[0] + "x" + jdk[1] + " to ImageIO: " + hex(current));
      }
      String layout = imageIoLayout(jpeg);
      if (layout != null && !layout.equals("process 0, 1 scan") && !layout.equals("process 1, 1 scan")) {
        fail("reached the decoder as " + layout + " to ImageIO: " + hex(current));
      }
      JpegHeader guard;
      try {
        guard = JpegHeader.parse(jpeg);
      } catch (FrameException e) {
        throw new AssertionError("reached the decoder although the guard refuses it", e);
      }
      assertTrue(guard.pixels() <= LIMIT, "over the limit: " + guard);
      Mat image = real.decode(jpeg, gray, scale);
      if (!image.empty()) {
        decodes++;
        // libjpeg scales by 1/scale, rounding up.
        assertEquals((guard.width() + scale - 1) / scale, image.cols(), () -> "width, " + hex(current));
        assertEquals((guard.height() + scale - 1) / scale, image.rows(), () -> "height, " + hex(current));
      }
      return image;
    }

    @Override
    public byte[] encode(Mat image, int quality) {
      return real.encode(image, quality);
    }

    /**
     * The frame type (SOF process: 0 baseline, 1 extended, 2 progressive, 3 lossless) and the
     * number of scans as the JDK's JPEG reader reads them, e.g. "process 0, 1 scan", or null if
     * it cannot.
     */
    private static String imageIoLayout(byte[] jpeg) {
      try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
        ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
        try {
          reader.setInput(in);
          Element tree = (Element) reader.getImageMetadata(0).getAsTree("javax_imageio_jpeg_image_1.0");
          Element sof = (Element) tree.getElementsByTagName("sof").item(0);
          int scans = tree.getElementsByTagName("sos").getLength();
          return "process " + sof.getAttribute("process") + ", " + scans + (scans == 1 ? " scan" : " scans");
        } finally {
          reader.dispose();
        }
      } catch (IOException | RuntimeException e) {
        return null; // the JDK cannot read it; the guard's own tests still count
      }
    }

    /** Width and height as the JDK's JPEG reader reads them, or null if it cannot. */
    private static long[] imageIoSize(byte[] jpeg) {
      try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        ImageReader reader = readers.next();
        try {
          reader.setInput(in);
          return new long[] {reader.getWidth(0), reader.getHeight(0)};
        } finally {
          reader.dispose();
        }
      } catch (IOException | RuntimeException e) {
        return null; // the JDK cannot read it; libjpeg's answer below still counts
      }
    }
  }
}
