package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WrappedByteChannel;
import org.junit.jupiter.api.Test;

/**
 * HandshakeGuard's channel: it counts what a connection reads before its handshake, through a
 * plain channel or one the library reads and writes in steps (its TLS channel), which stays one
 * so the library still takes those steps.
 */
class HandshakeGuardTest {

  private final WebSocketImpl socket = ConnectionTest.unconnected();

  @Test
  void aSteppedChannelStaysOneAndItsStepsAreForwarded() throws IOException {
    StepChannel inner = new StepChannel(10);
    ByteChannel counted = HandshakeGuard.CountingChannel.of(inner.channel, socket);
    WrappedByteChannel stepped = assertInstanceOf(WrappedByteChannel.class, counted);
    assertTrue(stepped.isNeedWrite());
    assertTrue(stepped.isNeedRead());
    assertTrue(stepped.isBlocking());
    stepped.writeMore();
    assertEquals(10, stepped.readMore(ByteBuffer.allocate(10)));
    assertEquals(List.of("isNeedWrite", "isNeedRead", "isBlocking", "writeMore", "readMore"), inner.calls);
  }

  @Test
  void whatASteppedChannelReadsCountsTowardsTheHandshakeLimit() {
    ByteChannel counted =
        HandshakeGuard.CountingChannel.of(new StepChannel(HandshakeGuard.MAX_HANDSHAKE_BYTES + 1).channel, socket);
    IOException e = assertThrows(IOException.class,
        () -> ((WrappedByteChannel) counted).readMore(ByteBuffer.allocate(16)));
    assertTrue(e.getMessage().contains("handshake larger than"), e.getMessage());
  }

  @Test
  void aPlainChannelIsCountedAsItIs() {
    ByteChannel plain = (ByteChannel) Proxy.newProxyInstance(ByteChannel.class.getClassLoader(),
        new Class<?>[] {ByteChannel.class}, (proxy, method, args) -> {
          throw new UnsupportedOperationException(method.getName());
        });
    ByteChannel counted = HandshakeGuard.CountingChannel.of(plain, socket);
    assertTrue(!(counted instanceof WrappedByteChannel), "not made a stepped channel");
  }

  /** A stepped channel that records each call, says yes to every step and reads {@code bytes}. */
  private static final class StepChannel {
    final List<String> calls = new ArrayList<>();
    final WrappedByteChannel channel;

    StepChannel(int bytes) {
      channel = (WrappedByteChannel) Proxy.newProxyInstance(WrappedByteChannel.class.getClassLoader(),
          new Class<?>[] {WrappedByteChannel.class}, (proxy, method, args) -> {
            calls.add(method.getName());
            return method.getReturnType() == boolean.class ? (Object) true
                : method.getReturnType() == int.class ? (Object) bytes : null;
          });
    }
  }
}
