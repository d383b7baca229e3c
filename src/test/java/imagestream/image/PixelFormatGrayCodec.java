package imagestream.image;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * The TurboJPEG codec without its shortcuts, for comparisons: it decodes as {@link TurboJpegCodec}
 * does, never transcodes, and encodes gray images with {@code tjCompress2} from {@code TJPF_GRAY}
 * pixels (libjpeg copies them sample by sample) instead of as a raw plane. One thread at a time.
 */
public final class PixelFormatGrayCodec implements JpegCodec {

  private final TurboJpegCodec turbo = TestCodecs.turboJpeg();
  private final Pointer compressor = TurboJpegNatives.tjInitCompress();
  private final Memory sizeInOut = new Memory(Native.POINTER_SIZE + Native.LONG_SIZE);
  private Pointer output;
  private long capacity;

  @Override
  public Mat decode(byte[] jpeg, boolean gray, int scale) {
    return turbo.decode(jpeg, gray, scale);
  }

  @Override
  public byte[] encode(Mat image, int quality) {
    if (image.type() != CvType.CV_8UC1) {
      return turbo.encode(image, quality);
    }
    int width = image.cols();
    int height = image.rows();
    long bound = TurboJpegNatives.tjBufSize(width, height, TurboJpegNatives.TJSAMP_GRAY).longValue();
    if (capacity < bound) {
      if (output != null) {
        TurboJpegNatives.tjFree(output);
      }
      output = TurboJpegNatives.tjAlloc((int) bound);
      capacity = bound;
    }
    sizeInOut.setPointer(0, output);
    sizeInOut.setNativeLong(Native.POINTER_SIZE, new NativeLong(capacity));
    if (TurboJpegNatives.tjCompress2(
            compressor, new Pointer(image.dataAddr()), width, (int) image.step1(0), height,
            TurboJpegNatives.TJPF_GRAY, sizeInOut, sizeInOut.share(Native.POINTER_SIZE),
            TurboJpegNatives.TJSAMP_GRAY, quality, TurboJpegNatives.TJFLAG_NOREALLOC)
        != 0) {
      throw new IllegalStateException(TurboJpegNatives.tjGetErrorStr2(compressor));
    }
    return output.getByteArray(0, (int) sizeInOut.getNativeLong(Native.POINTER_SIZE).longValue());
  }

  @Override
  public void close() {
    turbo.close();
    TurboJpegNatives.tjDestroy(compressor);
    if (output != null) {
      TurboJpegNatives.tjFree(output);
    }
    sizeInOut.close();
  }
}
