package imagestream.image;

import com.sun.jna.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opencv.core.Mat;

/**
 * The JPEG codec of the system's libjpeg-turbo, called through its TurboJPEG API: the same
 * library OpenCV bundles, but built with SIMD, so about twice as fast or more.
 *
 * <p>Each thread that uses it gets its own native handles and buffers (a
 * {@link TurboJpegSession}), made on its first frame and reused for every later one; {@link
 * #close()} frees them all once the threads are done.
 */
public final class TurboJpegCodec implements JpegCodec {

  /**
   * A JVM property for benchmarks: {@code -Dimagestream.transcode=off} leaves every frame to the
   * pixel path, so that one build measures the transcode against it.
   */
  public static final String TRANSCODE_PROPERTY = "imagestream.transcode";

  private final String library;
  private final boolean transcoding = !"off".equals(System.getProperty(TRANSCODE_PROPERTY));
  private final List<TurboJpegSession> sessions = new ArrayList<>();
  private final ThreadLocal<TurboJpegSession> session = ThreadLocal.withInitial(this::newSession);
  private boolean closed;

  private TurboJpegCodec(String library) {
    this.library = library;
  }

  /** Where this OS's libturbojpeg is usually found, most likely first. */
  public static List<String> defaultLibraryNames() {
    if (Platform.isWindows()) {
      return List.of("turbojpeg.dll", "C:\\libjpeg-turbo64\\bin\\turbojpeg.dll");
    }
    if (Platform.isMac()) {
      // Homebrew's jpeg-turbo lives outside the default search path on both kinds of Mac.
      return List.of(
          "libturbojpeg.dylib",
          "/opt/homebrew/opt/jpeg-turbo/lib/libturbojpeg.dylib",
          "/usr/local/opt/jpeg-turbo/lib/libturbojpeg.dylib");
    }
    return List.of("libturbojpeg.so.0");
  }

  /**
   * Loads the first of {@code libraryNames} that opens and has the TurboJPEG functions. Its
   * frames are OpenCV {@code Mat}s: the caller has loaded OpenCV's natives ({@link
   * JpegCodecs#select} does).
   *
   * @throws UnsatisfiedLinkError if none does, with one line saying why for the first name
   */
  public static TurboJpegCodec load(List<String> libraryNames) {
    String firstFailure = null;
    for (String name : libraryNames) {
      try {
        TurboJpegNatives.bind(name);
        new TurboJpegSession().close(); // proves the library works: both handles can be made
        return new TurboJpegCodec(name);
      } catch (UnsatisfiedLinkError | IllegalStateException e) {
        if (firstFailure == null) {
          String reason = firstLine(e.getMessage());
          firstFailure = reason.startsWith(name) ? reason : name + ": " + reason;
        }
      }
    }
    throw new UnsatisfiedLinkError(firstFailure == null ? "no library name given" : firstFailure);
  }

  /** The library name that loaded, e.g. {@code libturbojpeg.so.0}. */
  public String library() {
    return library;
  }

  @Override
  public Mat decode(byte[] jpeg, boolean gray, int scale) {
    return session.get().decode(jpeg, gray, scale);
  }

  @Override
  public byte[] encode(Mat image, int quality) {
    return session.get().encode(image, quality);
  }

  /**
   * Losslessly when the JPEG's luma quantization table is the one {@code quality} gives,
   * requantized when that one is coarser at every step; empty otherwise (a finer table: pixels
   * then give a smaller, better JPEG), and for data TurboJPEG refuses or a colour space without
   * luma (RGB, CMYK); always empty with {@link #TRANSCODE_PROPERTY} {@code off}.
   */
  @Override
  public Optional<byte[]> transcodeToGray(byte[] jpeg, int quality) {
    return transcoding ? session.get().transcodeToGray(jpeg, quality) : Optional.empty();
  }

  /** Frees the calling thread's handles and buffers; its next call makes new ones. */
  @Override
  public void resetThread() {
    TurboJpegSession current = session.get(); // made here if the thread had none: freed at once
    session.remove();
    synchronized (this) {
      sessions.remove(current);
    }
    current.close();
  }

  /** Frees every thread's handles and buffers, waiting for calls in progress; later calls throw. */
  @Override
  public synchronized void close() {
    closed = true;
    sessions.forEach(TurboJpegSession::close);
    sessions.clear();
  }

  /** Threads holding native handles, until {@link #close()}. */
  synchronized int openSessions() {
    return sessions.size();
  }

  private synchronized TurboJpegSession newSession() {
    if (closed) {
      throw new IllegalStateException("The TurboJPEG codec is closed");
    }
    TurboJpegSession created = new TurboJpegSession();
    sessions.add(created);
    return created;
  }

  // JNA's message lists every path it tried, one per line: the first reason is enough.
  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    String[] lines = message.strip().split("\\R");
    return lines.length > 1 ? lines[1].strip() : lines[0];
  }
}
