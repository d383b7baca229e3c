package imagestream.bench;

import imagestream.image.FrameException;
import imagestream.image.JpegHeader;
import imagestream.image.OpenCvJpegCodec;
import imagestream.image.OpenCvNatives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * JPEG frames of one size read from a folder of photos (see {@link FrameSource}).
 *
 * <p>Files whose header declares exactly the size asked are used as they are; if there are none,
 * the JPEGs at least that large (else all of them) are resized to that size and re-encoded,
 * like a browser would.
 */
final class FrameFolder {

  private static final OpenCvJpegCodec CODEC = new OpenCvJpegCodec();

  private FrameFolder() {}

  /**
   * The frames of {@code width} x {@code height} in {@code folder}, sorted by file name.
   *
   * @param quality JPEG quality (0-100) of frames that have to be resized
   * @throws IOException if the folder cannot be read or holds no JPEG
   */
  static List<byte[]> load(Path folder, int width, int height, int quality)
      throws IOException {
    List<byte[]> exact = new ArrayList<>();
    List<byte[]> larger = new ArrayList<>();
    List<byte[]> smaller = new ArrayList<>();
    for (Path file : jpegFiles(folder)) {
      byte[] jpeg = Files.readAllBytes(file);
      JpegHeader header;
      try {
        header = JpegHeader.parse(jpeg);
      } catch (FrameException e) {
        continue; // named .jpg but not one: not a frame
      }
      if (header.width() == width && header.height() == height) {
        exact.add(jpeg);
      } else {
        (header.width() >= width && header.height() >= height ? larger : smaller).add(jpeg);
      }
    }
    if (!exact.isEmpty()) {
      return exact;
    }
    // Shrinking keeps a photo's detail; enlarging only when nothing is large enough.
    List<byte[]> sources = larger.isEmpty() ? smaller : larger;
    if (sources.isEmpty()) {
      throw new IOException("No JPEG file in " + folder);
    }
    List<byte[]> resized = new ArrayList<>();
    for (byte[] jpeg : sources) {
      resized.add(resize(jpeg, width, height, quality));
    }
    return resized;
  }

  private static List<Path> jpegFiles(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IOException("No such folder: " + folder.toAbsolutePath().normalize());
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(f -> {
            String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".jpg") || name.endsWith(".jpeg");
          })
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    }
  }

  private static byte[] resize(byte[] jpeg, int width, int height, int quality) throws IOException {
    OpenCvNatives.load();
    Mat image = CODEC.decode(jpeg, false, 1);
    Mat resized = new Mat();
    try {
      if (image.empty()) {
        throw new IOException("A JPEG in the folder could not be decoded");
      }
      boolean shrinking = image.cols() >= width && image.rows() >= height;
      Imgproc.resize(image, resized, new Size(width, height), 0, 0,
          shrinking ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
      return CODEC.encode(resized, quality);
    } finally {
      image.release();
      resized.release();
    }
  }
}
