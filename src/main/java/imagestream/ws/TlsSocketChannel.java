package imagestream.ws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import org.java_websocket.WrappedByteChannel;
import tlschannel.NeedsWriteException;
import tlschannel.TlsChannel;
import tlschannel.WouldBlockException;

/**
 * A frame server connection's TLS, as Java-WebSocket reads and writes it in steps: tls-channel's
 * {@code TlsChannel} in place of the library's own TLS channel, which drops what a TLS 1.3 client
 * sends right after its handshake (its WebSocket request) and can leave a handshake waiting for
 * good (TooTallNate/Java-WebSocket#717, #940). Only the selector thread uses it.
 */
final class TlsSocketChannel implements WrappedByteChannel {

  private final TlsChannel tls;
  private final SelectionKey key;
  private boolean needWrite; // encrypted bytes wait for the socket
  private boolean needRead; // the last read filled its buffer: more may wait inside

  TlsSocketChannel(TlsChannel tls, SelectionKey key) {
    this.tls = tls;
    this.key = key;
  }

  /**
   * As many TLS records as {@code dst} holds, up to what the socket has: tls-channel gives one
   * record (at most 16 KB) a call, and the library's read buffer (64 KB) takes a whole webcam
   * frame, which then goes to a worker in one piece instead of one piece per record.
   */
  @Override
  public int read(ByteBuffer dst) throws IOException {
    int before = dst.position();
    try {
      while (dst.hasRemaining()) {
        int read = tls.read(dst);
        if (read < 0) {
          needRead = false;
          return dst.position() > before ? dst.position() - before : -1;
        }
        if (read == 0) { // not expected of a non-blocking TlsChannel, but never spin on it
          needRead = false;
          return dst.position() - before;
        }
      }
      needRead = true; // records may wait inside TLS's buffer or the socket
    } catch (WouldBlockException e) {
      needRead = false; // TLS holds no whole record: the selector says when more comes
      waitFor(e);
    }
    return dst.position() - before;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int before = src.position();
    try {
      tls.write(src);
      needWrite = false;
    } catch (WouldBlockException e) {
      waitFor(e);
    }
    return src.position() - before;
  }

  /** TLS needs the socket writable (or readable) first: the selector is told to wait for it. */
  private void waitFor(WouldBlockException e) {
    if (e instanceof NeedsWriteException) {
      needWrite = true;
      if (key.isValid()) {
        key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        key.selector().wakeup();
      }
    }
  }

  @Override
  public boolean isNeedWrite() {
    return needWrite;
  }

  @Override
  public void writeMore() throws IOException {
    write(ByteBuffer.allocate(0)); // flushes what TLS holds
  }

  @Override
  public boolean isNeedRead() {
    return needRead;
  }

  @Override
  public int readMore(ByteBuffer dst) throws IOException {
    return read(dst);
  }

  @Override
  public boolean isBlocking() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return tls.isOpen();
  }

  @Override
  public void close() throws IOException {
    tls.close();
  }
}
