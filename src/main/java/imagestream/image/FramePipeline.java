package imagestream.image;

import java.util.Optional;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * One frame's way through the server: JPEG bytes in, checked, decoded, resized, processed and
 * encoded, JPEG bytes out. Stateless and safe to share between worker threads; the processor is
 * given per frame, since each connection has its own.
 *
 * <p>It does only the work the output needs: a {@link FrameProcessor#lumaOnly() luma-only}
 * chain decodes straight to gray, and a frame at least 2, 4 or 8 times the output size in both
 * directions (and a multiple of that factor) is decoded by libjpeg at that reduced scale before
 * the final resize. When the reply is the frame's luma at the frame's own size (the default
 * {@code grayscale} with equal client and server sizes), the codec may transcode the JPEG
 * without decoding a pixel ({@link JpegCodec#transcodeToGray}); limits are checked first.
 */
public final class FramePipeline {

  private final JpegCodec codec;
  private final int width;
  private final int height;
  private final int quality;
  private final long maxPixels;

  /**
   * @param width output width in pixels
   * @param height output height in pixels
   * @param quality output JPEG quality, 0-100
   * @param maxPixels frames whose header declares more pixels are refused before decoding
   */
  public FramePipeline(JpegCodec codec, int width, int height, int quality, long maxPixels) {
    this.codec = codec;
    this.width = width;
    this.height = height;
    this.quality = quality;
    this.maxPixels = maxPixels;
  }

  /**
   * Processes one frame with {@code processor}.
   *
   * @return the processed frame as JPEG
   * @throws FrameException if the frame is refused or cannot be decoded
   */
  public byte[] process(byte[] jpeg, FrameProcessor processor) throws FrameException {
    return process(jpeg, processor, new StageTimes());
  }

  /**
   * Processes one frame with {@code processor}, noting in {@code times} how long each stage took
   * (stages it skips stay as they were: the caller resets {@code times}).
   *
   * @return the processed frame as JPEG
   * @throws FrameException if the frame is refused or cannot be decoded
   */
  public byte[] process(byte[] jpeg, FrameProcessor processor, StageTimes times)
      throws FrameException {
    JpegHeader header = JpegHeader.parse(jpeg);
    if (header.width() == 0 || header.height() == 0) {
      throw new FrameException(FrameException.BAD_SIZE, "The JPEG declares a size of 0 pixels");
    }
    if (header.pixels() > maxPixels) {
      throw new FrameException(
          FrameException.BAD_SIZE,
          "The JPEG declares " + header.width() + "x" + header.height()
              + " pixels, more than the limit of " + maxPixels);
    }
    if (passesLumaThrough(header, processor)) {
      long start = System.nanoTime();
      Optional<byte[]> gray = codec.transcodeToGray(jpeg, quality);
      if (gray.isPresent()) {
        times.set(StageTimes.Stage.TRANSCODE, System.nanoTime() - start);
        return gray.get();
      }
    }
    long start = System.nanoTime();
    Mat decoded = codec.decode(jpeg, processor.lumaOnly(), decodeScale(header));
    long decodedAt = System.nanoTime();
    times.set(StageTimes.Stage.DECODE, decodedAt - start);
    try {
      if (decoded.empty()) {
        throw new FrameException(FrameException.UNDECODABLE, "The JPEG could not be decoded");
      }
      Mat resized = resize(decoded);
      try {
        Mat result = processor.process(resized);
        long processedAt = System.nanoTime();
        times.set(StageTimes.Stage.PROCESS, processedAt - decodedAt);
        try {
          byte[] encoded = codec.encode(result, quality);
          times.set(StageTimes.Stage.ENCODE, System.nanoTime() - processedAt);
          return encoded;
        } finally {
          if (result != resized) {
            result.release();
          }
        }
      } finally {
        if (resized != decoded) {
          resized.release();
        }
      }
    } finally {
      decoded.release();
    }
  }

  /**
   * Whether the reply is the frame's luma at its own size: no resize, and a chain that keeps a
   * gray frame unchanged and either reduces colour to gray or is given a gray frame.
   */
  public boolean passesLumaThrough(JpegHeader header, FrameProcessor processor) {
    return header.width() == width && header.height() == height && processor.keepsGray()
        && (processor.lumaOnly() || header.components() == 1);
  }

  /**
   * The largest of 8, 4, 2 that divides the frame's width and height and by which the frame still
   * covers the output size, else 1.
   */
  public int decodeScale(JpegHeader header) {
    for (int scale = 8; scale > 1; scale /= 2) {
      // libjpeg rounds a reduced size up, so the last column or row would stand for fewer pixels
      // than the others: the picture would shift by up to an output pixel against the plain path.
      boolean divides = header.width() % scale == 0 && header.height() % scale == 0;
      if (divides && header.width() / scale >= width && header.height() / scale >= height) {
        return scale;
      }
    }
    return 1;
  }

  private Mat resize(Mat image) {
    if (image.cols() == width && image.rows() == height) {
      return image;
    }
    boolean shrinking = image.cols() >= width && image.rows() >= height;
    Mat resized = new Mat();
    Imgproc.resize(
        image, resized, new Size(width, height), 0, 0,
        shrinking ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
    return resized;
  }
}
