package imagestream.image;

/**
 * The size a JPEG declares in its frame header (SOF), read without decoding any pixel.
 *
 * <p>Reading it first lets the pipeline refuse absurd frames cheaply and choose a reduced-scale
 * decode when the frame is much larger than the output.
 *
 * @param width declared width in pixels
 * @param height declared height in pixels
 * @param components colour components: 1 for grayscale, 3 for colour
 */
public record JpegHeader(int width, int height, int components) {

  /**
   * Walks the JPEG's marker segments up to the first start-of-frame marker.
   *
   * @throws FrameException if the bytes are not a JPEG or end before a frame header
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
        int height = u16(jpeg, i + 5);
        int width = u16(jpeg, i + 7);
        int components = u8(jpeg, i + 9);
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

  // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static FrameException notJpeg(String why) {
    return new FrameException(FrameException.NOT_JPEG, "The frame is not a valid JPEG: " + why);
  }

  private static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  private static int u16(byte[] b, int i) {
    return (u8(b, i) << 8) | u8(b, i + 1);
  }
}
