package imagestream.image;

import static imagestream.image.TurboJpegNatives.TJCS_GRAY;
import static imagestream.image.TurboJpegNatives.TJCS_YCBCR;
import static imagestream.image.TurboJpegNatives.TJFLAG_LIMITSCANS;
import static imagestream.image.TurboJpegNatives.TJFLAG_NOREALLOC;
import static imagestream.image.TurboJpegNatives.TJFLAG_STOPONWARNING;
import static imagestream.image.TurboJpegNatives.TJXOPT_COPYNONE;
import static imagestream.image.TurboJpegNatives.TJXOPT_GRAY;

import com.sun.jna.Callback;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * Re-encodes a JPEG's luma as a gray JPEG without decoding a pixel, with libjpeg-turbo's lossless
 * transform ({@code tjTransform} with {@code TJXOPT_GRAY}): the chroma is dropped and the luma's
 * DCT coefficients are written again as they are, or requantized on the way for a coarser
 * quantization table, by a {@link LumaRowFilter} that TurboJPEG calls once per row of blocks.
 *
 * <p>One thread uses it at a time. Its handle only ever writes baseline JPEGs with the standard
 * Huffman tables: libjpeg-turbo before 3.1 lets a handle that once wrote a progressive or
 * optimized JPEG keep those Huffman tables, and its later baseline output is then corrupt.
 */
final class TurboJpegTranscoder {

  /** Whether this platform can transcode: the filter takes its row's address as a Java long. */
  static final boolean SUPPORTED = Native.POINTER_SIZE == Long.BYTES;

  // Offsets in the scratch block: the header's four ints, then tjTransform's two one-entry arrays.
  private static final int WIDTH = 0;
  private static final int HEIGHT = 4;
  private static final int SUBSAMP = 8;
  private static final int COLORSPACE = 12;
  private static final int DST_BUF = 16;
  private static final int DST_SIZE = DST_BUF + Native.POINTER_SIZE;

  // As the decoder: warnings fail the frame, and so would a progressive JPEG's 501st scan.
  private static final int FLAGS = TJFLAG_NOREALLOC | TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS;

  private Pointer handle;
  private final Memory scratch = new Memory(DST_SIZE + Native.LONG_SIZE);
  private final LumaRowFilter filter = new LumaRowFilter();
  private final Transform transform = new Transform(filter);

  /** Creates the handle; throws if TurboJPEG cannot. */
  TurboJpegTranscoder() {
    handle = newHandle();
  }

  /**
   * What a transform needs to know of a JPEG, as TurboJPEG reads its header.
   *
   * @param width width in pixels
   * @param height height in pixels
   * @param outputBound bytes the output buffer must hold: TurboJPEG 2.x assumes the worst case
   *     for the input's size and subsampling
   */
  record Frame(int width, int height, long outputBound) {}

  /**
   * The JPEG's frame as TurboJPEG reads its header, or null if it cannot, if the JPEG is larger
   * than {@code maxPixels}, or if its colour space is neither YCbCr nor gray (an RGB or CMYK
   * JPEG's first component is not its brightness).
   */
  Frame frame(Pointer jpeg, long size, long maxPixels) {
    scratch.clear(DST_BUF); // a header call can succeed without writing the size
    if (TurboJpegNatives.tjDecompressHeader3(
            handle, jpeg, new NativeLong(size), scratch.share(WIDTH), scratch.share(HEIGHT),
            scratch.share(SUBSAMP), scratch.share(COLORSPACE))
        != 0) {
      renew();
      return null;
    }
    int width = scratch.getInt(WIDTH);
    int height = scratch.getInt(HEIGHT);
    int colorspace = scratch.getInt(COLORSPACE);
    if (width <= 0 || height <= 0 || (long) width * height > maxPixels
        || (colorspace != TJCS_YCBCR && colorspace != TJCS_GRAY)) {
      return null;
    }
    long bound = TurboJpegNatives.tjBufSize(width, height, scratch.getInt(SUBSAMP)).longValue();
    return bound > 0 ? new Frame(width, height, bound) : null; // -1: a subsampling it cannot size
  }

  /**
   * Writes the JPEG's luma into {@code out} as a gray JPEG whose coefficients are quantized with
   * {@code to} instead of {@code from}; the caller then writes {@code to} into its header.
   *
   * @param frame the JPEG's frame, from {@link #frame}
   * @param from the JPEG's luma quantization table, natural order
   * @param to the output's table: the same table (a lossless copy), or coarser at every step
   * @param capacity bytes at {@code out}, at least the frame's {@code outputBound}
   * @return the bytes written, or -1 if TurboJPEG refused the JPEG (e.g. corrupt data) or its
   *     coefficients do not fit a baseline JPEG
   */
  long transcode(
      Pointer jpeg, long size, Frame frame, int[] from, int[] to, Pointer out, long capacity) {
    filter.start(from, to, (frame.width() + 7) / 8, (frame.height() + 7) / 8);
    scratch.setPointer(DST_BUF, out);
    scratch.setNativeLong(DST_SIZE, new NativeLong(capacity));
    int result =
        TurboJpegNatives.tjTransform(
            handle, jpeg, new NativeLong(size), 1, scratch.share(DST_BUF), scratch.share(DST_SIZE),
            transform.getPointer(), FLAGS);
    // Every row of blocks must have been checked (and requantized), or the output is not sound.
    if (result != 0 || filter.rowsDone() != (frame.height() + 7) / 8) {
      renew();
      return -1;
    }
    return scratch.getNativeLong(DST_SIZE).longValue();
  }

  /** Frees the handle and the scratch block; later calls fail. Safe to call more than once. */
  void close() {
    if (handle != null) {
      TurboJpegNatives.tjDestroy(handle);
      handle = null;
    }
    scratch.close();
  }

  /** A fresh handle after a failure, so that no state of the failed call lingers. */
  private void renew() {
    Pointer fresh = newHandle();
    TurboJpegNatives.tjDestroy(handle);
    handle = fresh;
  }

  private static Pointer newHandle() {
    Pointer created = TurboJpegNatives.tjInitTransform();
    if (created == null) {
      throw new IllegalStateException("TurboJPEG could not create a handle");
    }
    return created;
  }

  /**
   * TurboJPEG's {@code tjtransform}: no crop ({@code tjregion r} as its four ints), no
   * rotation, gray output without the input's markers, and a custom filter.
   */
  @Structure.FieldOrder({"x", "y", "w", "h", "op", "options", "data", "customFilter"})
  public static final class Transform extends Structure {
    /** Crop region, unused: left. */
    public int x;
    /** Crop region, unused: top. */
    public int y;
    /** Crop region, unused: width. */
    public int w;
    /** Crop region, unused: height. */
    public int h;
    /** TJXOP_NONE: no rotation or flip. */
    public int op;
    /** TJXOPT_* options. */
    public int options = TJXOPT_GRAY | TJXOPT_COPYNONE;
    /** The filter's own data, unused. */
    public Pointer data;
    /** Called with each row of coefficient blocks before they are written. */
    public Pointer customFilter;

    Transform(CoefficientFilter filter) {
      customFilter = DirectCallback.address(filter); // valid while the transcoder holds filter
      write(); // the native copy TurboJPEG reads; it never changes afterwards
    }
  }

  /**
   * TurboJPEG's custom filter, declared with its first argument only: the row's coefficients.
   * TurboJPEG passes five more (two {@code tjregion} structs by value, two ints, a pointer),
   * which C calling conventions let a callee ignore (the caller passes and removes its
   * arguments); declaring them would make JNA build two Java Structures per row of blocks, which
   * measured 5-8 µs a call (0.3 ms per 640x480 frame) against under 2 µs without them. JNA
   * calls it as a direct callback ({@link DirectCallback}) with the row's address as a plain
   * {@code long}, so that no Java object is made for a call either.
   */
  public interface CoefficientFilter extends Callback {
    /**
     * Filters one row of 8x8 blocks of 16-bit coefficients in place, given its address (a
     * pointer: 64-bit platforms only, see {@link TurboJpegTranscoder#SUPPORTED}); -1 fails the
     * transform.
     */
    int apply(long coefficients);
  }
}
