package imagestream.image;

import org.opencv.core.CvException;
import org.opencv.core.Mat;
import org.opencv.objdetect.QRCodeEncoder;

/**
 * A QR code drawn with text, for a terminal: OpenCV's {@code QRCodeEncoder} makes the modules,
 * and each character shows two rows of them with the Unicode half blocks ▀ ▄ █, so the code is
 * about square in a terminal font. A phone's camera can scan it off the screen.
 */
public final class TerminalQrCode {

  /** The light margin around the code, in modules, as the QR standard asks. */
  public static final int QUIET_ZONE = 4;

  private TerminalQrCode() {}

  /**
   * The QR code of {@code text} (the smallest version that holds it; OpenCV's Java API
   * gives no choice of error correction, so it is level L, enough off a screen), as lines separated by {@code \n}.
   *
   * @param darkBackground true for a terminal with light text on a dark background (the usual
   *     default): the light parts of the code are drawn with the text colour; false for dark
   *     text on a light background: the dark modules are
   */
  public static String render(String text, boolean darkBackground) {
    boolean[][] dark = modules(text);
    int size = dark.length + 2 * QUIET_ZONE;
    StringBuilder out = new StringBuilder();
    for (int row = 0; row < size; row += 2) {
      for (int col = 0; col < size; col++) {
        boolean top = inked(dark, row, col, darkBackground);
        boolean bottom = row + 1 < size && inked(dark, row + 1, col, darkBackground);
        out.append(top ? (bottom ? '█' : '▀') : (bottom ? '▄' : ' '));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * The modules of the QR code of {@code text}, true for dark, without a quiet zone.
   *
   * @throws IllegalArgumentException if the text is too long for a QR code
   */
  public static boolean[][] modules(String text) {
    OpenCvNatives.load();
    QRCodeEncoder encoder = QRCodeEncoder.create();
    Mat code = new Mat();
    try {
      try {
        encoder.encode(text, code);
      } catch (CvException e) {
        throw tooLong(text); // OpenCV's error when no QR version holds the text
      }
      if (code.empty()) {
        throw tooLong(text);
      }
      byte[] pixels = new byte[(int) code.total()];
      code.get(0, 0, pixels);
      int width = code.cols();
      // The encoder adds a margin of its own: keep the modules only, from the first dark one.
      int first = width;
      int last = -1;
      for (int i = 0; i < pixels.length; i++) {
        if (pixels[i] == 0) {
          first = Math.min(first, Math.min(i / width, i % width));
          last = Math.max(last, Math.max(i / width, i % width));
        }
      }
      int size = last - first + 1;
      boolean[][] dark = new boolean[size][size];
      for (int row = 0; row < size; row++) {
        for (int col = 0; col < size; col++) {
          dark[row][col] = pixels[(row + first) * width + col + first] == 0;
        }
      }
      return dark;
    } finally {
      code.release();
    }
  }

  private static IllegalArgumentException tooLong(String text) {
    return new IllegalArgumentException("Too long for a QR code: " + text.length() + " characters");
  }

  /** Whether the cell at (row, col) of the code with its quiet zone is drawn in the text colour. */
  private static boolean inked(boolean[][] dark, int row, int col, boolean darkBackground) {
    int r = row - QUIET_ZONE;
    int c = col - QUIET_ZONE;
    boolean isDark = r >= 0 && c >= 0 && r < dark.length && c < dark.length && dark[r][c];
    return darkBackground != isDark;
  }
}
