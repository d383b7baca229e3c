package imagestream.stream;

import static imagestream.config.Setting.PROCESSING;
import static imagestream.config.Setting.SERVER_HEIGHT;
import static imagestream.config.Setting.SERVER_WIDTH;

import imagestream.config.Settings;
import imagestream.config.SettingsException;
import imagestream.image.FramePipeline;
import imagestream.image.FrameProcessor;
import imagestream.image.JpegCodec;
import imagestream.image.processors.ProcessingChain;

/**
 * What every frame goes through now: the settings, the pipeline made for their output size and
 * quality, and the menu pages choose their chain from. Immutable: an edit of the settings makes a
 * new one, put in force in one step.
 *
 * @param settings the settings in force
 * @param pipeline decodes, resizes and encodes for {@code SERVER_*}
 * @param menu what a page may choose its own chain from
 */
public record InForce(Settings settings, FramePipeline pipeline, ProcessingMenu menu) {

  /**
   * What {@code settings} put in force with {@code codec}.
   *
   * @throws SettingsException if a processor of the default chain cannot be created
   */
  public static InForce of(Settings settings, JpegCodec codec) {
    ProcessingChain chain = settings.processing();
    try {
      // A trial instance, so a failing constructor is refused here, not on every frame.
      FrameProcessor trial = chain.build();
      trial.close();
    } catch (IllegalStateException e) {
      throw new SettingsException(
          PROCESSING.name(), chain.toString(), "processors that can be created (" + e.getMessage() + ")");
    } catch (Throwable e) {
      // Anything else a user's class throws is refused the same way: nothing changes.
      throw new SettingsException(
          PROCESSING.name(), chain.toString(), "processors that can be created (" + e + ")");
    }
    FramePipeline pipeline = new FramePipeline(
        codec, settings.integer(SERVER_WIDTH), settings.integer(SERVER_HEIGHT),
        settings.serverJpgQuality100(), settings.limits().maxFramePixels());
    return new InForce(settings, pipeline, ProcessingMenu.of(chain));
  }

  /** The chain of a client that chose none: {@code PROCESSING}. */
  public ProcessingChain defaultChain() {
    return settings.processing();
  }
}
