package imagestream.ws;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A WebSocket client written by hand on a plain socket, so that a test can misbehave: stop
 * mid-frame, never read, never answer a ping, or declare a huge message.
 */
final class RawWebSocket implements Closeable {

  /** A frame as read from the server. */
  record Frame(int opcode, byte[] payload) {

    /** The close code of a close frame, or -1. */
    int closeCode() {
      return opcode == 0x8 && payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
    }

    /** The close reason of a close frame. */
    String closeReason() {
      return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final String response;

  private RawWebSocket(Socket socket, String response) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
    this.response = response;
  }

  /**
   * Connects to 127.0.0.1:{@code port} and sends a handshake with {@code extraHeaders} (each
   * {@code "Name: value"}); {@link #response()} then holds the server's answer.
   *
   * @param receiveBuffer the socket's receive buffer in bytes, 0 for the system's
   */
  static RawWebSocket connect(int port, int receiveBuffer, String... extraHeaders) throws IOException {
    return connect(InetAddress.getLoopbackAddress(), port, receiveBuffer, extraHeaders);
  }

  /**
   * {@link #connect(int, int, String...)} from the local address {@code from}, e.g. 127.0.0.2,
   * so that a test can play clients on distinct addresses.
   */
  static RawWebSocket connect(InetAddress from, int port, int receiveBuffer, String... extraHeaders)
      throws IOException {
    return connect(from, port, receiveBuffer, new byte[0], extraHeaders);
  }

  /**
   * Connects to 127.0.0.1:{@code port} and sends the handshake and {@code afterHead} (e.g. a
   * first frame, without waiting for the answer) in one write.
   */
  static RawWebSocket connectSending(int port, byte[] afterHead) throws IOException {
    return connect(InetAddress.getLoopbackAddress(), port, 0, afterHead);
  }

  private static RawWebSocket connect(InetAddress from, int port, int receiveBuffer,
      byte[] afterHead, String... extraHeaders) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer); // before connecting, so the window is small
    }
    socket.bind(new InetSocketAddress(from, 0));
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
    socket.setSoTimeout(10_000);
    StringBuilder request =
        new StringBuilder(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n");
    for (String header : extraHeaders) {
      request.append(header).append("\r\n");
    }
    OutputStream out = socket.getOutputStream();
    byte[] head = request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    byte[] first = Arrays.copyOf(head, head.length + afterHead.length);
    System.arraycopy(afterHead, 0, first, head.length, afterHead.length);
    out.write(first);
    out.flush();
    return new RawWebSocket(socket, readHeaders(socket.getInputStream()));
  }

  /** Connects with the default receive buffer. */
  static RawWebSocket connect(int port, String... extraHeaders) throws IOException {
    return connect(port, 0, extraHeaders);
  }

  /** The server's handshake response: status line and headers. */
  String response() {
    return response;
  }

  /** Whether the server accepted the handshake (101 Switching Protocols). */
  boolean accepted() {
    return response.startsWith("HTTP/1.1 101");
  }

  /** Sends one whole binary message. */
  void sendBinary(byte[] payload) throws IOException {
    sendHeader(0x2, true, payload.length);
    out.write(payload);
    out.flush();
  }

  /**
   * Sends only a frame header, masked with a zero key so the payload goes as is.
   *
   * @param opcode 0x0 continuation, 0x1 text, 0x2 binary, 0x9 ping, 0xA pong
   */
  void sendHeader(int opcode, boolean fin, long length) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(14);
    putHeader(header, (fin ? 0x80 : 0) | opcode, length);
    header.putInt(0); // the mask key
    out.write(header.array(), 0, header.position());
    out.flush();
  }

  /** A masked frame's first byte and length, its key to follow. */
  private static void putHeader(ByteBuffer header, int first, long length) {
    header.put((byte) first);
    if (length < 126) {
      header.put((byte) (0x80 | length));
    } else if (length < 65536) {
      header.put((byte) (0x80 | 126)).putShort((short) length);
    } else {
      header.put((byte) (0x80 | 127)).putLong(length);
    }
  }

  /** Sends a ping with {@code payload} (at most 125 bytes). */
  void sendPing(byte[] payload) throws IOException {
    sendHeader(0x9, true, payload.length);
    out.write(payload);
    out.flush();
  }

  /** A whole frame as a browser sends it: masked with {@code key}. */
  static byte[] maskedFrame(int opcode, byte[] payload, byte[] key) {
    ByteBuffer frame = ByteBuffer.allocate(14 + payload.length);
    putHeader(frame, 0x80 | opcode, payload.length);
    frame.put(key);
    for (int i = 0; i < payload.length; i++) {
      frame.put((byte) (payload[i] ^ key[i & 3]));
    }
    return Arrays.copyOf(frame.array(), frame.position());
  }

  /** Sends bytes as they are, e.g. part of a payload. */
  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads the next frame from the server. */
  Frame readFrame() throws IOException {
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    long length = second & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[Math.toIntExact(length)];
    in.readFully(payload);
    return new Frame(first & 0x0F, payload);
  }

  /** Reads frames until a close frame, skipping pings and others; fails at end of stream. */
  Frame readUntilClose() throws IOException {
    while (true) {
      Frame frame = readFrame();
      if (frame.opcode() == 0x8) {
        return frame;
      }
    }
  }

  /** Reads and discards everything until the server closes the connection. */
  void readUntilEnd() throws IOException {
    byte[] buffer = new byte[8192];
    while (in.read(buffer) >= 0) {
      // discard
    }
  }

  /** Sets how long reads wait before failing. */
  void readTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  /** Drops the connection at once, with a TCP reset and no close frame. */
  void abort() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** Reads an HTTP response's status line and headers, up to the empty line. */
  private static String readHeaders(InputStream in) throws IOException {
    StringBuilder headers = new StringBuilder();
    while (headers.length() < 4 || !headers.substring(headers.length() - 4).equals("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        if (headers.length() == 0) {
          throw new EOFException("closed before any response");
        }
        return headers.toString();
      }
      headers.append((char) b);
    }
    return headers.toString();
  }
}
