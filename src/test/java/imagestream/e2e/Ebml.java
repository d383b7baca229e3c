package imagestream.e2e;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the video size from a WebM file's header (EBML: Segment > Tracks > TrackEntry > Video >
 * PixelWidth, PixelHeight), to check a recording without a video library.
 */
final class Ebml {

  private static final long EBML = 0x1A45DFA3L;
  private static final long SEGMENT = 0x18538067L;
  private static final long TRACKS = 0x1654AE6BL;
  private static final long TRACK_ENTRY = 0xAEL;
  private static final long VIDEO = 0xE0L;
  private static final long PIXEL_WIDTH = 0xB0L;
  private static final long PIXEL_HEIGHT = 0xBAL;

  private Ebml() {}

  /**
   * {@code width} and {@code height} of the first video track.
   *
   * @throws IllegalArgumentException if the file is not WebM or has no video track
   */
  static Map<String, Long> videoSize(byte[] webm) {
    if (webm.length < 4 || readId(webm, new int[] {0}) != EBML) {
      throw new IllegalArgumentException("not an EBML (WebM) file");
    }
    Map<String, Long> size = new LinkedHashMap<>();
    walk(webm, 0, webm.length, size);
    if (size.size() != 2) {
      throw new IllegalArgumentException("no video size in the header: " + size);
    }
    return size;
  }

  /** Reads the elements in [from, to), going into those on the way to the video's size. */
  private static void walk(byte[] b, int from, int to, Map<String, Long> size) {
    int[] at = {from};
    while (at[0] < to && size.size() < 2) {
      long id = readId(b, at);
      long length = readSize(b, at);
      int start = at[0];
      // A live recording's Segment has an unknown size (all ones): it runs to the end.
      int end = length < 0 ? to : (int) Math.min(to, start + length);
      if (id == SEGMENT || id == TRACKS || id == TRACK_ENTRY || id == VIDEO) {
        walk(b, start, end, size);
      } else if (id == PIXEL_WIDTH || id == PIXEL_HEIGHT) {
        long value = 0;
        for (int i = start; i < end; i++) {
          value = value << 8 | (b[i] & 0xFF);
        }
        size.put(id == PIXEL_WIDTH ? "width" : "height", value);
      } else if (id == 0x1F43B675L) {
        return; // a Cluster: the header is over
      }
      at[0] = end;
    }
  }

  /** An element ID: a variable-length number that keeps its length marker. */
  private static long readId(byte[] b, int[] at) {
    int first = b[at[0]] & 0xFF;
    int length = Integer.numberOfLeadingZeros(first) - 23;
    long id = 0;
    for (int i = 0; i < length; i++) {
      id = id << 8 | (b[at[0]++] & 0xFF);
    }
    return id;
  }

  /** An element's size, its length marker removed; -1 for "unknown" (all value bits set). */
  private static long readSize(byte[] b, int[] at) {
    int first = b[at[0]] & 0xFF;
    int length = Integer.numberOfLeadingZeros(first) - 23;
    long value = first & (0xFF >> length);
    boolean allOnes = value == (0xFF >> length);
    at[0]++;
    for (int i = 1; i < length; i++) {
      int next = b[at[0]++] & 0xFF;
      allOnes &= next == 0xFF;
      value = value << 8 | next;
    }
    return allOnes ? -1 : value;
  }
}
