package imagestream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import imagestream.config.tls.ReloadingKeyManager;
import imagestream.config.tls.SelfSignedCertificate;
import imagestream.config.tls.ServerTls;
import imagestream.config.tls.TlsMaterial;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A frame server TLS read takes every whole record its buffer holds, not one record a call. */
class TlsSocketChannelTest {

  @TempDir Path dir;

  /** Bytes in flight between the client's engine and the server's channel, both ways. */
  private final ByteBuffer toServer = ByteBuffer.allocate(256 * 1024);
  private final ByteBuffer toClient = ByteBuffer.allocate(256 * 1024);

  @Test
  void aFrameOfSeveralRecordsIsReadInOneCall() throws Exception {
    TlsMaterial material = SelfSignedCertificate.obtain(dir, List.of("localhost"), Instant.now());
    ServerTls tls = ServerTls.of(new ReloadingKeyManager(material));
    TlsSocketChannel server = new TlsSocketChannel(tls.over(new Wire()), null);
    SSLEngine client = clientTrusting(material).createSSLEngine("localhost", 443);
    client.setUseClientMode(true);
    client.beginHandshake();
    ByteBuffer app = ByteBuffer.allocate(64 * 1024);
    for (int step = 0; step < 100 && handshaking(client); step++) {
      pump(client);
      server.read(app);
    }
    pump(client); // the server's last handshake bytes and tickets
    assertFalse(handshaking(client), "the handshake completes");
    assertEquals(0, app.position(), "no application data yet");

    byte[] frame = new byte[46_500]; // a webcam frame: three TLS records
    for (int i = 0; i < frame.length; i++) {
      frame[i] = (byte) i;
    }
    ByteBuffer out = ByteBuffer.wrap(frame);
    while (out.hasRemaining()) {
      toServer.compact();
      client.wrap(out, toServer);
      toServer.flip();
    }

    assertEquals(frame.length, server.read(app), "one read, every record");
    assertEquals(ByteBuffer.wrap(frame), app.flip());
  }

  private static boolean handshaking(SSLEngine engine) {
    HandshakeStatus status = engine.getHandshakeStatus();
    return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
  }

  /** The client's engine takes what the server sent, runs its tasks and sends what it has. */
  private void pump(SSLEngine client) throws Exception {
    ByteBuffer plain = ByteBuffer.allocate(client.getSession().getApplicationBufferSize());
    for (boolean moved = true; moved; ) {
      moved = false;
      Runnable task;
      while ((task = client.getDelegatedTask()) != null) {
        task.run();
      }
      toClient.flip();
      if (toClient.hasRemaining()) {
        moved |= client.unwrap(toClient, plain).bytesConsumed() > 0;
      }
      toClient.compact();
      if (client.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
        toServer.compact();
        moved |= client.wrap(ByteBuffer.allocate(0), toServer).bytesProduced() > 0;
        toServer.flip();
      }
    }
  }

  private static SSLContext clientTrusting(TlsMaterial material) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", material.chain().get(0));
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(null, trustManagers.getTrustManagers(), null);
    return context;
  }

  /** The server's socket: reads what the client sent, keeps what the server writes. */
  private final class Wire implements ByteChannel {
    Wire() {
      toServer.flip(); // read mode between steps
    }

    @Override
    public int read(ByteBuffer dst) {
      int n = Math.min(dst.remaining(), toServer.remaining());
      dst.put(toServer.slice().limit(n));
      toServer.position(toServer.position() + n);
      return n;
    }

    @Override
    public int write(ByteBuffer src) {
      int n = src.remaining();
      toClient.put(src);
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
