package imagestream.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The size a JPEG declares in its frame header (SOF), read without decoding any pixel, once the
 * JPEG is known to be one the server decodes.
 *
 * <p>Reading it first lets the pipeline refuse absurd frames cheaply and choose a reduced-scale
 * decode when the frame is much larger than the output.
 *
 * <p>Only baseline JPEGs pass: 8 bits per sample, Huffman-coded, sequential (SOF0 or SOF1), in
 * exactly one scan covering every component, as browsers' {@code canvas.toBlob}, OpenCV, PIL and
 * cameras write them by default. Their decode is one pass over the pixels. A progressive or
 * multi-scan JPEG makes libjpeg keep every coefficient of the image and walk them once per scan
 * (a 130 kB frame can hold a thousand scans of an 8K image: seconds of CPU and hundreds of MB of
 * native memory); arithmetic-coded, lossless, hierarchical and 12-bit JPEGs are rare and not
 * worth their risk.
 *
 * @param width declared width in pixels
 * @param height declared height in pixels
 * @param components colour components: 1 for grayscale, 3 for colour
 */
public record JpegHeader(int width, int height, int components) {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final String ACCEPTED =
      "only baseline JPEGs are accepted (8 bits, Huffman-coded, sequential: SOF0 or SOF1, one scan"
          + " of every component), as browsers and most libraries write them";

  /**
   * Walks the JPEG's marker segments up to the first start-of-frame marker, then on through its
   * first scan to check that it is the only one.
   *
   * @throws FrameException if the bytes are not a JPEG or end before a frame header ({@code
   *     not_jpeg}), or if the JPEG is not a baseline one ({@code unsupported_jpeg})
   */
  public static JpegHeader parse(byte[] jpeg) throws FrameException {
    if (jpeg.length == 0) {
      throw new FrameException(FrameException.EMPTY, "The frame is empty");
    }
    if (jpeg.length < 4 || u8(jpeg, 0) != 0xFF || u8(jpeg, 1) != 0xD8) {
      throw new FrameException(FrameException.NOT_JPEG, "The frame is not a JPEG image");
    }
    int i = 2;
    while (i + 4 <= jpeg.length) {
      if (u8(jpeg, i) != 0xFF) {
        throw notJpeg("a marker was expected at byte " + i);
      }
      int marker = u8(jpeg, i + 1);
      if (marker == 0xFF) { // fill byte before a marker
        i++;
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        i += 2; // markers without a length
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) {
        throw notJpeg("image data starts before any frame header");
      }
      int length = u16(jpeg, i + 2);
      if (length < 2) {
        throw notJpeg("a segment at byte " + i + " has an invalid length");
      }
      if (isStartOfFrame(marker)) {
        if (i + 2 + 8 > jpeg.length) {
          break;
        }
        checkFrameType(marker, u8(jpeg, i + 4));
        int height = u16(jpeg, i + 5);
        int width = u16(jpeg, i + 7);
        int components = u8(jpeg, i + 9);
        checkOneScan(jpeg, i + 2 + length, components);
        return new JpegHeader(width, height, components);
      }
      i += 2 + length;
    }
    throw notJpeg("the frame ends before its frame header");
  }

  /** Width times height, as declared. */
  public long pixels() {
    return (long) width * height;
  }

  /** Refuses every frame type but SOF0 and SOF1, and any precision but 8 bits. */
  private static void checkFrameType(int marker, int precision) throws FrameException {
    String kind =
        switch (marker) {
          case 0xC0, 0xC1 -> null;
          case 0xC2 -> "progressive";
          case 0xC3 -> "lossless";
          case 0xC5, 0xC6, 0xC7 -> "hierarchical";
          case 0xCA -> "arithmetic-coded progressive";
          case 0xCB -> "arithmetic-coded lossless";
          case 0xCD, 0xCE, 0xCF -> "arithmetic-coded hierarchical";
          default -> "arithmetic-coded"; // 0xC9
        };
    String sof = "(SOF" + (marker - 0xC0) + ")";
    if (kind != null) {
      throw unsupported("The JPEG is " + kind + " " + sof);
    }
    if (precision != 8) {
      throw unsupported("The JPEG has " + precision + " bits per sample " + sof);
    }
  }

  /**
   * From the end of the frame header: the first scan must cover every component, and no other
   * scan may follow it. The entropy-coded data is searched for markers (0xFF then a byte other
   * than 0x00, a stuffed 0xFF, or a restart marker); a JPEG cut short passes, for the decoder to
   * judge.
   */
  private static void checkOneScan(byte[] jpeg, int from, int frameComponents)
      throws FrameException {
    boolean scanned = false;
    int i = from;
    while (true) {
      int at = indexOfFF(jpeg, i);
      if (at < 0 || at + 1 >= jpeg.length) {
        return;
      }
      int marker = u8(jpeg, at + 1);
      if (marker == 0xFF) { // fill byte
        i = at + 1;
        continue;
      }
      if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        i = at + 2; // a stuffed 0xFF, or a marker without a length
        continue;
      }
      if (marker == 0xD9) {
        return; // end of image: what follows is not read by the decoder either
      }
      if (at + 4 > jpeg.length) {
        return;
      }
      if (marker == 0xDA) {
        if (scanned) {
          throw unsupported("The JPEG has more than one scan (a second one at byte " + at + ")");
        }
        int scanComponents = at + 4 < jpeg.length ? u8(jpeg, at + 4) : frameComponents;
        if (scanComponents != frameComponents) {
          throw unsupported("The JPEG starts with a scan of " + scanComponents + " of its "
              + frameComponents + " components");
        }
        scanned = true;
      } else if (isStartOfFrame(marker)) {
        throw unsupported("The JPEG has more than one frame header");
      }
      int length = u16(jpeg, at + 2);
      if (length < 2) {
        throw notJpeg("a segment at byte " + at + " has an invalid length");
      }
      i = at + 2 + length; // a scan's header, or tables and comments between scans
    }
  }

  /**
   * The index of the first 0xFF byte from {@code from}, or -1; eight bytes at a time, since it
   * reads every byte of the entropy-coded data (a byte-by-byte loop cost 30 µs on a 640x480 frame).
   */
  static int indexOfFF(byte[] b, int from) {
    int i = from;
    for (; i + Long.BYTES <= b.length; i += Long.BYTES) {
      long inverted = ~(long) LONGS.get(b, i); // a 0xFF byte is now a zero byte
      long zeros = (inverted - 0x0101010101010101L) & ~inverted & 0x8080808080808080L;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3); // the lowest one is exact
      }
    }
    for (; i < b.length; i++) {
      if (b[i] == (byte) 0xFF) {
        return i;
      }
    }
    return -1;
  }

  // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static FrameException notJpeg(String why) {
    return new FrameException(FrameException.NOT_JPEG, "The frame is not a valid JPEG: " + why);
  }

  private static FrameException unsupported(String found) {
    return new FrameException(FrameException.UNSUPPORTED, found + "; " + ACCEPTED);
  }

  private static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  private static int u16(byte[] b, int i) {
    return (u8(b, i) << 8) | u8(b, i + 1);
  }
}
