package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.e2e.ServerJvm;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A frame server that runs out of memory ends its process with a clear line and a non-zero
 * status, instead of running on with its port closed. Provoked by a heap too small for
 * {@code MAX_FRAME_BYTES}: the library allocates a frame's declared length before reading it.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
@Timeout(60)
class FatalErrorIT {

  @TempDir Path dir;

  /** Without the start script's options: the library's fatal path, handled by the server. */
  @Test
  void outOfMemoryInTheLibraryEndsTheProcessWithStatus1AndOneLine() throws Exception {
    try (ServerJvm server = ServerJvm.start(dir, "imagestream.ws.FrameServerMain",
        List.of("-Xmx48m"), Map.of("MAX_FRAME_BYTES", Integer.toString(256 << 20)))) {
      declareHugeFrame(server.awaitReady(), 200 << 20);
      assertTrue(server.process().waitFor(10, TimeUnit.SECONDS), "the process ends: " + server.log());
      System.out.printf("FatalErrorIT: exit %d; log:%n%s", server.process().exitValue(), server.log());
      assertEquals(1, server.process().exitValue(), server.log());
      assertTrue(server.log().contains(
          "The WebSocket server stopped after a fatal error: java.lang.OutOfMemoryError"), server.log());
    }
  }

  /** With the start script's options, the JVM itself ends at the first OutOfMemoryError. */
  @Test
  void withTheStartScriptsOptionsOutOfMemoryEndsTheProcessWithStatus3() throws Exception {
    try (ServerJvm server = ServerJvm.start(dir, "imagestream.ws.FrameServerMain",
        ServerJvm.FRAME_SERVER_OPTIONS, Map.of("MAX_FRAME_BYTES", Integer.toString(512 << 20)))) {
      declareHugeFrame(server.awaitReady(), 400 << 20);
      assertTrue(server.process().waitFor(10, TimeUnit.SECONDS), "the process ends: " + server.log());
      assertEquals(3, server.process().exitValue(), server.log());
      assertTrue(server.log().contains("Terminating due to java.lang.OutOfMemoryError"), server.log());
    }
  }

  /** Sends a binary frame header declaring {@code bytes} of payload, and no payload. */
  private static void declareHugeFrame(String url, int bytes) throws IOException {
    try (RawWebSocket client = RawWebSocket.connect(URI.create(url).getPort())) {
      client.sendHeader(0x2, true, bytes);
      client.readUntilEnd(); // the connection ends with the process
    } catch (IOException e) {
      // reset when the process ends
    }
  }
}
