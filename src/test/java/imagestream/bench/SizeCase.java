package imagestream.bench;

/**
 * One benchmark case: frames of {@code inWidth x inHeight} in, {@code outWidth x outHeight} out.
 *
 * @param inWidth width of the frames the client sends
 * @param inHeight height of the frames the client sends
 * @param outWidth width of the frames the server sends back
 * @param outHeight height of the frames the server sends back
 */
record SizeCase(int inWidth, int inHeight, int outWidth, int outHeight) {

  /** Reads {@code "640x480->160x120"}. */
  static SizeCase parse(String text) {
    String[] sides = text.split("->");
    if (sides.length != 2) {
      throw new IllegalArgumentException("Expected a case like 640x480->160x120, not " + text);
    }
    int[] in = size(sides[0]);
    int[] out = size(sides[1]);
    return new SizeCase(in[0], in[1], out[0], out[1]);
  }

  private static int[] size(String text) {
    String[] wh = text.strip().split("x");
    if (wh.length != 2) {
      throw new IllegalArgumentException("Expected a size like 640x480, not " + text);
    }
    return new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])};
  }

  @Override
  public String toString() {
    return inWidth + "x" + inHeight + "->" + outWidth + "x" + outHeight;
  }
}
