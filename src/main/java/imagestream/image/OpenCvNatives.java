package imagestream.image;

import nu.pattern.OpenCV;

/** Loads OpenCV's native library once per process (it takes about half a second). */
public final class OpenCvNatives {

  private static boolean loaded;

  private OpenCvNatives() {}

  /** Loads the natives bundled in {@code org.openpnp:opencv}; later calls do nothing. */
  public static synchronized void load() {
    if (!loaded) {
      // loadShared() fails on Java 12+; loadLocally() extracts the library for this platform.
      OpenCV.loadLocally();
      loaded = true;
    }
  }
}
