package imagestream.ws;

import imagestream.stream.FrameCore;
import imagestream.stream.InForce;

/**
 * The JSON control channel beside the frames: answers what a client says in text ({@code hello},
 * {@code processing}, {@code stats}), and tells the clients that said hello what is in force
 * whenever it changes. The messages themselves are {@link ControlMessages}.
 */
final class ControlChannel {

  private final FrameCore core;

  ControlChannel(FrameCore core) {
    this.core = core;
  }

  /** Answers one text message from {@code connection}. */
  void received(Connection connection, String text) {
    ControlMessages.Incoming incoming = ControlMessages.read(text);
    String type = incoming == null ? "" : incoming.type();
    switch (type) {
      case "hello" -> {
        connection.enableControlMessages();
        connection.sendControl(config(connection));
      }
      case "processing" -> choose(connection, incoming.chain());
      case "stats" -> connection.sendText(ControlMessages.stats(core.stats().snapshot()));
      default -> connection.sendText(ControlMessages.error(
          "unknown_message", "Text messages must be JSON control messages; frames are binary JPEGs"));
    }
  }

  /** Tells {@code connection} what is in force now, if it said hello. */
  void settingsChanged(Connection connection) {
    connection.sendControl(config(connection));
  }

  /** A page chose its chain: its next frames use it, and it is told so; others are unaffected. */
  private void choose(Connection connection, Object requested) {
    try {
      connection.choose(core.inForce().menu().choose(requested));
    } catch (IllegalArgumentException e) {
      connection.sendText(
          ControlMessages.error("bad_processing", "Cannot use that processing: " + e.getMessage()));
      return;
    }
    connection.sendText(config(connection));
  }

  private String config(Connection connection) {
    InForce now = core.inForce();
    return ControlMessages.config(now, connection.chain(now.defaultChain()), connection.hasOwnChain());
  }
}
