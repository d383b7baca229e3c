package imagestream.image;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The part of libjpeg-turbo's TurboJPEG C API (the 2.x {@code tj*} functions, exported by every
 * libturbojpeg since 2.0, 3.x included) that {@link TurboJpegSession} calls, bound with JNA's
 * direct mapping, the fastest kind of JNA call.
 *
 * <p>Handles are not thread-safe: each one is used by one thread at a time.
 */
final class TurboJpegNatives {

  /** Pixel format: blue, green, red, 3 bytes a pixel (OpenCV's colour order). */
  static final int TJPF_BGR = 1;

  /** Pixel format: one gray byte a pixel. */
  static final int TJPF_GRAY = 6;

  /** Pixel format: blue, green, red, alpha; the alpha is ignored when compressing. */
  static final int TJPF_BGRA = 8;

  /** Chroma subsampling 4:2:0, OpenCV's default for colour JPEGs. */
  static final int TJSAMP_420 = 2;

  /** No chroma: a gray JPEG. */
  static final int TJSAMP_GRAY = 3;

  /** Compress into the caller's buffer, which must be {@link #tjBufSize} bytes. */
  static final int TJFLAG_NOREALLOC = 1024;

  /** Treat libjpeg's warnings (e.g. the data ends early) as errors. */
  static final int TJFLAG_STOPONWARNING = 8192;

  /** JPEG colour space: YCbCr, whose first component is the luma. */
  static final int TJCS_YCBCR = 1;

  /** JPEG colour space: one gray component. */
  static final int TJCS_GRAY = 2;

  /** Transform option: keep only the luma, giving a gray JPEG. */
  static final int TJXOPT_GRAY = 8;

  /** Transform option: copy no APPn or COM marker of the input into the output. */
  static final int TJXOPT_COPYNONE = 64;

  /** Refuse a progressive JPEG of more than 500 scans (libjpeg-turbo 2.1 and later). */
  static final int TJFLAG_LIMITSCANS = 32768;

  private static NativeLibrary bound;

  private TurboJpegNatives() {}

  /**
   * Opens the shared library {@code name} and binds this class's functions to it; binding the
   * library already bound does nothing.
   *
   * @throws UnsatisfiedLinkError if the library cannot be opened or lacks one of the functions
   */
  static synchronized void bind(String name) {
    NativeLibrary library = NativeLibrary.getInstance(name);
    if (library != bound) {
      bound = null; // a registration that fails half-way must be redone in full next time
      Native.register(TurboJpegNatives.class, library);
      bound = library;
    }
  }

  /** A new decompressor handle, or null. */
  static native Pointer tjInitDecompress();

  /** A new compressor handle, or null. */
  static native Pointer tjInitCompress();

  /** Frees a handle. */
  static native int tjDestroy(Pointer handle);

  /** Reads a JPEG's size, subsampling and colour space into four ints; 0 on success. */
  static native int tjDecompressHeader3(
      Pointer handle, Pointer jpegBuf, NativeLong jpegSize, Pointer width, Pointer height,
      Pointer jpegSubsamp, Pointer jpegColorspace);

  /** Decodes into {@code dstBuf}, scaled to fit {@code width} x {@code height}; 0 on success. */
  static native int tjDecompress2(
      Pointer handle, Pointer jpegBuf, NativeLong jpegSize, Pointer dstBuf, int width, int pitch,
      int height, int pixelFormat, int flags);

  /** Encodes {@code srcBuf} into {@code *jpegBuf}, setting {@code *jpegSize}; 0 on success. */
  static native int tjCompress2(
      Pointer handle, Pointer srcBuf, int width, int pitch, int height, int pixelFormat,
      Pointer jpegBuf, Pointer jpegSize, int jpegSubsamp, int jpegQual, int flags);

  /** The largest JPEG an image of this size and subsampling can give. */
  static native NativeLong tjBufSize(int width, int height, int jpegSubsamp);

  /** Allocates a buffer TurboJPEG may write a JPEG into; freed with {@link #tjFree}. */
  static native Pointer tjAlloc(int bytes);

  /** Frees a buffer from {@link #tjAlloc}. */
  static native void tjFree(Pointer buffer);

  /** The handle's last error message. */
  static native String tjGetErrorStr2(Pointer handle);

  /** A new transformer handle (a decompressor and a compressor together), or null. */
  static native Pointer tjInitTransform();

  /**
   * Transforms a JPEG losslessly, in the DCT domain, into {@code n} outputs described by the
   * {@code tjtransform} structs at {@code transforms}; 0 on success.
   */
  static native int tjTransform(
      Pointer handle, Pointer jpegBuf, NativeLong jpegSize, int n, Pointer dstBufs,
      Pointer dstSizes, Pointer transforms, int flags);

  /**
   * Encodes planes of samples as they are (for a gray JPEG, one plane of gray bytes) into
   * {@code *jpegBuf}, setting {@code *jpegSize}; 0 on success.
   */
  static native int tjCompressFromYUVPlanes(
      Pointer handle, Pointer srcPlanes, int width, Pointer strides, int height, int subsamp,
      Pointer jpegBuf, Pointer jpegSize, int jpegQual, int flags);
}
