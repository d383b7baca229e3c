package imagestream.image.processors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.image.OpenCvNatives;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * A Mat a processor creates for its result is released when filling or marking it fails, the
 * frame it was given never is: the processors' failure paths go through these two helpers.
 */
class MatsTest {

  @BeforeAll
  static void loadOpenCv() {
    OpenCvNatives.load();
  }

  @Test
  void aMatBeingFilledIsReleasedWhenFillingFails() {
    Mat created = new Mat(48, 64, CvType.CV_8UC3);
    assertThrows(CvException.class, () -> Mats.fill(created, m -> {
      throw new CvException("drawing failed");
    }));
    assertTrue(created.empty(), "released");
    Mat filled = new Mat(4, 4, CvType.CV_8UC1);
    try {
      assertSame(filled, Mats.fill(filled, m -> m.setTo(new Scalar(7))));
      assertFalse(filled.empty(), "kept when filled");
    } finally {
      filled.release();
    }
  }

  @Test
  void aColourCopyOfAGrayFrameIsReleasedWhenMarkingFails() {
    Mat gray = new Mat(48, 64, CvType.CV_8UC1, new Scalar(90));
    AtomicReference<Mat> marked = new AtomicReference<>();
    try {
      assertThrows(StackOverflowError.class, () -> Overlay.mark(gray, m -> {
        marked.set(m);
        throw new StackOverflowError("marking failed");
      }));
      assertTrue(marked.get() != gray && marked.get().empty(), "the copy is released");
      assertFalse(gray.empty(), "the frame is the caller's");
    } finally {
      gray.release();
    }
  }

  @Test
  void aColourFrameIsMarkedInPlaceAndNotReleasedWhenMarkingFails() {
    Mat colour = new Mat(48, 64, CvType.CV_8UC3, new Scalar(1, 2, 3));
    try {
      assertThrows(CvException.class, () -> Overlay.mark(colour, m -> {
        throw new CvException("marking failed");
      }));
      assertFalse(colour.empty(), "the frame is the caller's");
      assertSame(colour, Overlay.mark(colour, m -> m.setTo(Overlay.COLOUR)));
    } finally {
      colour.release();
    }
  }
}
