package imagestream.image;

import nu.pattern.OpenCV;

/**
 * Loads OpenCV's native library once per process: a copy kept in the user's cache folder when
 * it can (see {@link NativeLibraryCache}), else extracted anew by {@code org.openpnp:opencv}.
 */
public final class OpenCvNatives {

  private static boolean loaded;

  private OpenCvNatives() {}

  /** Loads the natives bundled in {@code org.openpnp:opencv}; later calls do nothing. */
  public static synchronized void load() {
    if (!loaded) {
      if (!NativeLibraryCache.load()) {
        // loadShared() fails on Java 12+; loadLocally() extracts the library for this platform.
        OpenCV.loadLocally();
      }
      loaded = true;
    }
  }
}
