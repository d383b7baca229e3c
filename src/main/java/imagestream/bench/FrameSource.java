package imagestream.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a tool's frames come from: a folder of the user's own photos ({@code --frames DIR}), or,
 * without one, {@link SyntheticFrames} made in code. Every tool loads its frames through this
 * class, so none of them needs a folder beside the project.
 */
public final class FrameSource {

  /** The quality of the frames, as the page sends them by default ({@code 0.6}). */
  public static final int CLIENT_QUALITY = 60;

  private final Path folder;

  private FrameSource(Path folder) {
    this.folder = folder;
  }

  /** Photos from {@code folder}, or frames made in code if it is null. */
  public static FrameSource of(Path folder) {
    return new FrameSource(folder);
  }

  /** As {@link #of(Path)}, from a command line's value: null or empty for frames made in code. */
  public static FrameSource of(String folder) {
    return of(folder == null || folder.isEmpty() ? null : Path.of(folder));
  }

  /**
   * Frames of {@code width} x {@code height}: the folder's photos of that size as they are, else
   * its larger photos resized (JPEG at {@link #CLIENT_QUALITY}); without a folder,
   * {@link SyntheticFrames#COUNT} frames made in code.
   *
   * @throws IOException with one line naming the folder if it is missing or holds no JPEG
   */
  public List<byte[]> frames(int width, int height) throws IOException {
    return folder == null
        ? SyntheticFrames.jpegs(width, height, CLIENT_QUALITY)
        : FrameFolder.load(folder, width, height, CLIENT_QUALITY);
  }

  /** Where the frames come from, for a report: the folder's absolute path or "made in code". */
  @Override
  public String toString() {
    return folder == null
        ? "frames made in code (no --frames DIR given)"
        : folder.toAbsolutePath().normalize().toString();
  }
}
