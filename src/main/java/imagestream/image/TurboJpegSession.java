package imagestream.image;

import static imagestream.image.TurboJpegNatives.TJFLAG_LIMITSCANS;
import static imagestream.image.TurboJpegNatives.TJFLAG_NOREALLOC;
import static imagestream.image.TurboJpegNatives.TJFLAG_STOPONWARNING;
import static imagestream.image.TurboJpegNatives.TJPF_BGR;
import static imagestream.image.TurboJpegNatives.TJPF_BGRA;
import static imagestream.image.TurboJpegNatives.TJPF_GRAY;
import static imagestream.image.TurboJpegNatives.TJSAMP_420;
import static imagestream.image.TurboJpegNatives.TJSAMP_GRAY;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.Optional;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * One thread's TurboJPEG state: a decompressor and a compressor handle, a transcoder once a frame
 * needs one, and the native buffers they read and write, reused from frame to frame. Its methods
 * are synchronized only so that {@link #close()} from another thread waits for a call in
 * progress; the owning thread is the only other user, so the lock is never contended.
 */
final class TurboJpegSession {

  /** OpenCV's own limit on a decoded image (CV_IO_MAX_IMAGE_PIXELS): larger ones are refused. */
  static final long MAX_PIXELS = 1L << 30;

  // Offsets in the scratch block of the out-parameters TurboJPEG writes.
  private static final int WIDTH = 0;
  private static final int HEIGHT = 4;
  private static final int SUBSAMP = 8;
  private static final int COLORSPACE = 12;
  private static final int JPEG_BUF = 16;
  private static final int JPEG_SIZE = JPEG_BUF + Native.POINTER_SIZE;
  private static final int PLANE = JPEG_SIZE + Native.LONG_SIZE; // a gray image's one plane
  private static final int STRIDE = PLANE + Native.POINTER_SIZE; // and its row pitch

  private Pointer decompressor;
  private Pointer compressor;
  private final Memory scratch = new Memory(STRIDE + 4);
  private final Pointer widthOut = scratch.share(WIDTH);
  private final Pointer heightOut = scratch.share(HEIGHT);
  private final Pointer subsampOut = scratch.share(SUBSAMP);
  private final Pointer colorspaceOut = scratch.share(COLORSPACE);
  private final Pointer jpegBufInOut = scratch.share(JPEG_BUF);
  private final Pointer jpegSizeInOut = scratch.share(JPEG_SIZE);
  private Memory input = new Memory(64 * 1024); // the JPEG being decoded
  private Pointer output; // from tjAlloc: the JPEG being encoded
  private long outputCapacity;
  private TurboJpegTranscoder transcoder; // made on the first frame that can be transcoded

  /** Creates both handles; throws if TurboJPEG cannot. */
  TurboJpegSession() {
    decompressor = TurboJpegNatives.tjInitDecompress();
    compressor = TurboJpegNatives.tjInitCompress();
    if (decompressor == null || compressor == null) {
      close();
      throw new IllegalStateException("TurboJPEG could not create a handle");
    }
  }

  /** See {@link JpegCodec#decode}: the pixels are written straight into the new Mat. */
  synchronized Mat decode(byte[] jpeg, boolean gray, int scale) {
    checkOpen();
    if (scale != 1 && scale != 2 && scale != 4 && scale != 8) {
      throw new IllegalArgumentException("scale must be 1, 2, 4 or 8, not " + scale);
    }
    if (jpeg.length == 0) {
      return new Mat();
    }
    Pointer data = copyIn(jpeg);
    NativeLong size = new NativeLong(jpeg.length);
    // A header call can succeed without writing the size (e.g. on SOI alone): never reuse one.
    scratch.setInt(WIDTH, 0);
    scratch.setInt(HEIGHT, 0);
    if (TurboJpegNatives.tjDecompressHeader3(
            decompressor, data, size, widthOut, heightOut, subsampOut, colorspaceOut)
        != 0) {
      return undecodable();
    }
    int width = scratch.getInt(WIDTH);
    int height = scratch.getInt(HEIGHT);
    if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
      return undecodable();
    }
    // libjpeg's scaled size, rounded up; TurboJPEG picks the factor that gives exactly this.
    int outWidth = (width + scale - 1) / scale;
    int outHeight = (height + scale - 1) / scale;
    int channels = gray ? 1 : 3;
    Mat image = new Mat(outHeight, outWidth, gray ? CvType.CV_8UC1 : CvType.CV_8UC3);
    // Any failure refuses the frame, warnings too (a JPEG that ends early, corrupt data):
    // TurboJPEG reports some failures that wrote no pixel as warnings, so a warned result could
    // hand back the Mat's leftover memory. STOPONWARNING also stops at the first one.
    // LIMITSCANS: a second line behind the header guard, which lets no progressive JPEG through.
    if (TurboJpegNatives.tjDecompress2(
            decompressor, data, size, new Pointer(image.dataAddr()), outWidth,
            outWidth * channels, outHeight, gray ? TJPF_GRAY : TJPF_BGR,
            TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS)
        != 0) {
      image.release();
      return undecodable();
    }
    return image;
  }

  /**
   * See {@link JpegCodec#transcodeToGray}: the luma's coefficients copied (same table) or
   * requantized (a coarser one) by a {@link TurboJpegTranscoder}; empty for a finer table (a
   * pixel re-encode is then smaller and better), a frame {@link LumaHeaders} rules out, one over
   * {@link #MAX_PIXELS}, a colour space without luma, or data TurboJPEG refuses.
   */
  synchronized Optional<byte[]> transcodeToGray(byte[] jpeg, int quality) {
    checkOpen();
    if (!TurboJpegTranscoder.SUPPORTED) {
      return Optional.empty();
    }
    int[] from = LumaHeaders.lumaTable(jpeg);
    int[] to = QuantTables.luminance(quality);
    if (from == null || !QuantTables.noFinerThan(to, from)) {
      return Optional.empty();
    }
    if (transcoder == null) {
      transcoder = new TurboJpegTranscoder();
    }
    Pointer data = copyIn(jpeg);
    TurboJpegTranscoder.Frame frame = transcoder.frame(data, jpeg.length, MAX_PIXELS);
    if (frame == null) {
      return Optional.empty();
    }
    ensureOutput(frame.outputBound());
    long size = transcoder.transcode(data, jpeg.length, frame, from, to, output, outputCapacity);
    if (size < 0) {
      return Optional.empty();
    }
    byte[] gray = output.getByteArray(0, (int) size);
    // The transform kept the input's table in the header; the coefficients now need the new one.
    if (!QuantTables.same(from, to) && !QuantTables.replaceOnly(gray, to)) {
      return Optional.empty();
    }
    return Optional.of(gray);
  }

  /** See {@link JpegCodec#encode}: gray images as gray JPEGs, colour ones with 4:2:0 chroma. */
  synchronized byte[] encode(Mat image, int quality) {
    checkOpen();
    if (image.empty()) {
      throw new IllegalArgumentException("Cannot encode an empty image as JPEG");
    }
    if (image.depth() != CvType.CV_8U) {
      Mat eightBit = new Mat(); // as OpenCV's encoder does with other depths
      try {
        image.convertTo(eightBit, CvType.CV_8U);
        return encode8(eightBit, quality);
      } finally {
        eightBit.release();
      }
    }
    return encode8(image, quality);
  }

  private byte[] encode8(Mat image, int quality) {
    int format =
        switch (image.channels()) {
          case 1 -> TJPF_GRAY;
          case 3 -> TJPF_BGR;
          case 4 -> TJPF_BGRA;
          default -> throw new IllegalArgumentException(
              "JPEG needs 1, 3 or 4 channels, not " + image.channels() + " (" + image + ")");
        };
    int subsamp = format == TJPF_GRAY ? TJSAMP_GRAY : TJSAMP_420;
    int width = image.cols();
    int height = image.rows();
    ensureOutput(TurboJpegNatives.tjBufSize(width, height, subsamp).longValue());
    scratch.setPointer(JPEG_BUF, output);
    scratch.setNativeLong(JPEG_SIZE, new NativeLong(outputCapacity));
    int pitch = (int) image.step1(0) * (int) image.elemSize1(); // a submat's rows are spaced out
    int clamped = Math.max(0, Math.min(100, quality));
    Pointer pixels = new Pointer(image.dataAddr());
    int failed;
    if (format == TJPF_GRAY) {
      // The gray plane as raw data: the same JPEG as tjCompress2 without its per-pixel copy.
      scratch.setPointer(PLANE, pixels);
      scratch.setInt(STRIDE, pitch);
      failed = TurboJpegNatives.tjCompressFromYUVPlanes(
          compressor, scratch.share(PLANE), width, scratch.share(STRIDE), height, subsamp,
          jpegBufInOut, jpegSizeInOut, clamped, TJFLAG_NOREALLOC);
    } else {
      failed = TurboJpegNatives.tjCompress2(
          compressor, pixels, width, pitch, height, format, jpegBufInOut, jpegSizeInOut, subsamp,
          clamped, TJFLAG_NOREALLOC);
    }
    if (failed != 0) {
      throw new IllegalStateException(
          "TurboJPEG could not encode a " + image + " as JPEG: "
              + TurboJpegNatives.tjGetErrorStr2(compressor));
    }
    long size = scratch.getNativeLong(JPEG_SIZE).longValue();
    return output.getByteArray(0, (int) size);
  }

  /** Frees the handles and buffers; later calls throw. Safe to call more than once. */
  synchronized void close() {
    if (decompressor != null) {
      TurboJpegNatives.tjDestroy(decompressor);
      decompressor = null;
    }
    if (compressor != null) {
      TurboJpegNatives.tjDestroy(compressor);
      compressor = null;
    }
    if (transcoder != null) {
      transcoder.close();
      transcoder = null;
    }
    if (output != null) {
      TurboJpegNatives.tjFree(output);
      output = null;
      outputCapacity = 0;
    }
    input.close();
    scratch.close();
  }

  /** An empty Mat, after replacing the decompressor so no state of the failed call lingers. */
  private Mat undecodable() {
    Pointer fresh = TurboJpegNatives.tjInitDecompress();
    if (fresh == null) {
      throw new IllegalStateException("TurboJPEG could not create a handle");
    }
    TurboJpegNatives.tjDestroy(decompressor);
    decompressor = fresh;
    return new Mat();
  }

  private void checkOpen() {
    if (decompressor == null) {
      throw new IllegalStateException("The TurboJPEG codec is closed");
    }
  }

  /** The JPEG in native memory, in the input buffer grown to the largest frame seen. */
  private Pointer copyIn(byte[] jpeg) {
    long capacity = input.size();
    if (capacity < jpeg.length) {
      input.close();
      input = new Memory(Math.max(jpeg.length, capacity * 2));
    }
    input.write(0, jpeg, 0, jpeg.length);
    return input;
  }

  /** Grows the output buffer to {@code bytes}, the most the next JPEG can take. */
  private void ensureOutput(long bytes) {
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Image too large to encode as one JPEG buffer");
    }
    if (outputCapacity < bytes) {
      if (output != null) {
        TurboJpegNatives.tjFree(output);
        output = null;
        outputCapacity = 0;
      }
      output = TurboJpegNatives.tjAlloc((int) bytes);
      if (output == null) {
        throw new OutOfMemoryError("TurboJPEG could not allocate " + bytes + " bytes");
      }
      outputCapacity = bytes;
    }
  }
}
