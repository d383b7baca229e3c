package imagestream.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.objdetect.QRCodeDetector;

/** The terminal QR code, read back by OpenCV's detector from a picture of what it draws. */
class TerminalQrCodeTest {

  private static final String URL = "https://192.168.1.20:8080/client.html";
  /** Pixels per module in the picture; a terminal cell is one module wide and two high. */
  private static final int SCALE = 6;

  @Test
  void readsBackOnADarkTerminal() {
    assertEquals(URL, decode(TerminalQrCode.render(URL, true), true));
  }

  @Test
  void readsBackOnALightTerminal() {
    assertEquals(URL, decode(TerminalQrCode.render(URL, false), false));
  }

  @Test
  void drawsTwoRowsPerLineWithTheQuietZone() {
    boolean[][] modules = TerminalQrCode.modules(URL);
    assertEquals(29, modules.length, "version 3 for this URL");
    assertTrue(modules[0][0] && modules[6][6] && !modules[1][1], "a finder pattern in the corner");
    List<String> lines = TerminalQrCode.render(URL, true).lines().toList();
    int size = modules.length + 2 * TerminalQrCode.QUIET_ZONE;
    assertEquals((size + 1) / 2, lines.size());
    lines.forEach(line -> assertEquals(size, line.length()));
    assertEquals("█".repeat(size), lines.get(0), "the quiet zone, light on a dark terminal");
    assertTrue(lines.stream().allMatch(line -> line.matches("[ ▀▄█]+")));
  }

  @Test
  void refusesTextTooLongForAQrCode() {
    assertThrows(IllegalArgumentException.class, () -> TerminalQrCode.modules("x".repeat(5000)));
  }

  /**
   * Paints the characters as a terminal shows them (text colour for the drawn half, background
   * for the rest, with more background around), then lets OpenCV find and read the code.
   */
  private static String decode(String drawn, boolean darkBackground) {
    List<String> lines = drawn.lines().toList();
    int margin = 3;
    int rows = lines.size() * 2 + 2 * margin;
    int cols = lines.get(0).length() + 2 * margin;
    double text = darkBackground ? 230 : 20;
    double background = darkBackground ? 20 : 230;
    Mat cells = new Mat(rows, cols, CvType.CV_8UC1, new Scalar(background));
    Mat picture = new Mat();
    Mat points = new Mat();
    try {
      for (int line = 0; line < lines.size(); line++) {
        String chars = lines.get(line);
        for (int col = 0; col < chars.length(); col++) {
          char c = chars.charAt(col);
          if (c == '█' || c == '▀') {
            cells.put(margin + 2 * line, margin + col, text);
          }
          if (c == '█' || c == '▄') {
            cells.put(margin + 2 * line + 1, margin + col, text);
          }
        }
      }
      Core.flip(cells, cells, -1); // upside down, as a phone may hold it
      org.opencv.imgproc.Imgproc.resize(cells, picture, new org.opencv.core.Size(cols * SCALE, rows * SCALE),
          0, 0, org.opencv.imgproc.Imgproc.INTER_NEAREST);
      return new QRCodeDetector().detectAndDecode(picture, points);
    } finally {
      cells.release();
      picture.release();
      points.release();
    }
  }
}
