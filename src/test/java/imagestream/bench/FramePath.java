package imagestream.bench;

import imagestream.image.FrameException;

/** One way of turning a client's JPEG into the server's reply, as the benchmark measures it. */
interface FramePath extends AutoCloseable {

  /** The reply to {@code jpeg}. */
  byte[] process(byte[] jpeg) throws FrameException;

  /** Releases what the path holds between frames. */
  @Override
  default void close() {}
}
