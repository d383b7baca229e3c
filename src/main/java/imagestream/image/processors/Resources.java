package imagestream.image.processors;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The files on this machine that built-ins need and that a chain does not name: the face
 * cascade of {@code faces}, from {@code FACE_CASCADE} or where OpenCV's packages install it.
 *
 * @param faceCascadeSetting the value of {@code FACE_CASCADE} as written; blank: look in the
 *     usual places
 * @param faceCascade the cascade file found, if any
 */
public record Resources(String faceCascadeSetting, Optional<Path> faceCascade) {

  /**
   * The resources for a {@code FACE_CASCADE} value: that file, or blank for the first of
   * {@link FaceCascade#USUAL_PLACES} that exists.
   *
   * @throws IllegalArgumentException if {@code faceCascadeSetting} names a file that does not exist
   */
  public static Resources of(String faceCascadeSetting) {
    String setting = faceCascadeSetting == null ? "" : faceCascadeSetting.strip();
    return new Resources(setting,
        setting.isEmpty() ? FaceCascade.find() : Optional.of(FaceCascade.configured(setting)));
  }

  /** The usual places only, as with {@code FACE_CASCADE} blank. */
  public static Resources standard() {
    return of("");
  }

  /** None at all: as on a machine without OpenCV's data files (for tests). */
  public static Resources none() {
    return new Resources("", Optional.empty());
  }
}
