package imagestream.config.tls;

import static imagestream.config.tls.TestPki.NOW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS handshakes on 127.0.0.1 with a client that trusts the test authority only: the
 * protocol versions, and a renewed certificate picked up by new connections without a restart.
 */
class TlsHandshakeTest {

  private final TestPki pki = new TestPki();
  private SSLServerSocket server;
  private Thread acceptor;

  @TempDir Path dir;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
      acceptor.join(5000);
    }
  }

  @Test
  void servesTls13AndTls12Only() throws Exception {
    KeyPair keys = TestPki.ec();
    X509Certificate certificate = pki.server(keys);
    ServerTls tls = ServerTls.of(new ReloadingKeyManager(new TlsMaterial(keys.getPrivate(), List.of(certificate))));
    assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, tls.parameters().getProtocols());
    serve(tls);
    assertEquals(certificate, handshake("TLSv1.3", "TLSv1.3"));
    assertEquals(certificate, handshake("TLSv1.2", "TLSv1.2"));
  }

  @Test
  void servesAnRsaCertificateOverBothVersions() throws Exception {
    KeyPair keys = TestPki.rsa();
    X509Certificate certificate = pki.server(keys);
    serve(ServerTls.of(new ReloadingKeyManager(new TlsMaterial(keys.getPrivate(), List.of(certificate, pki.ca)))));
    assertEquals(certificate, handshake("TLSv1.3", "TLSv1.3"));
    assertEquals(certificate, handshake("TLSv1.2", "TLSv1.2"));
  }

  @Test
  void aRenewedCertificateReachesNewConnectionsAndABadOneIsIgnored() throws Exception {
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    KeyPair first = TestPki.ec();
    X509Certificate firstCertificate = pki.server(first);
    TestPki.pem(cert, firstCertificate, pki.ca);
    TestPki.pem(key, TestPki.pkcs8(first.getPrivate()));
    ReloadingKeyManager keys = new ReloadingKeyManager(PemMaterial.load(cert, key, NOW));
    serve(ServerTls.of(keys));
    try (CertificateWatcher watcher = CertificateWatcher.watch(
        List.of(cert, key), () -> PemMaterial.load(cert, key, Instant.now()), keys, "Test server")) {
      assertEquals(firstCertificate, handshake("TLS", null));
      SSLSocket open = connect("TLS", null);

      KeyPair second = TestPki.rsa();
      X509Certificate secondCertificate = pki.server(second);
      TestPki.pem(cert, secondCertificate, pki.ca);
      watcher.poll();
      assertEquals(firstCertificate, handshake("TLS", null), "half a renewal (a new certificate, the old key) waits");
      TestPki.pem(key, second.getPrivate());
      watcher.poll();
      assertEquals(firstCertificate, handshake("TLS", null), "a change is read once it has settled");
      watcher.poll();
      assertEquals(secondCertificate, handshake("TLS", null), "the renewal reaches a new connection");
      assertEquals(firstCertificate, open.getSession().getPeerCertificates()[0], "an open one keeps its own");
      open.close();

      TestPki.pem(key, TestPki.pkcs8(TestPki.ec().getPrivate()));
      watcher.poll();
      watcher.poll();
      assertEquals(secondCertificate, keys.material().certificate(), "a key that does not match is ignored");
      assertEquals(secondCertificate, handshake("TLS", null));
      Files.delete(cert);
      watcher.poll();
      watcher.poll();
      assertEquals(secondCertificate, handshake("TLS", null), "a missing certificate changes nothing");
    }
  }

  @Test
  void theWatcherPollsByItself() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    KeyPair first = TestPki.ec();
    TestPki.pem(cert, pki.server(first));
    TestPki.pem(key, TestPki.sec1(first));
    ReloadingKeyManager keys = new ReloadingKeyManager(PemMaterial.load(cert, key, NOW));
    serve(ServerTls.of(keys));
    try (CertificateWatcher watcher = CertificateWatcher.watch(
        List.of(cert, key), () -> PemMaterial.load(cert, key, Instant.now()), keys, "Test server").start()) {
      KeyPair second = TestPki.ec();
      X509Certificate renewed = pki.server(second);
      TestPki.pem(dir.resolve("both.tmp"), renewed, TestPki.pkcs8(second.getPrivate()));
      Files.move(dir.resolve("both.tmp"), cert, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      Files.copy(cert, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!keys.material().certificate().equals(renewed) && System.nanoTime() < deadline) {
        Thread.sleep(50); // polling the key manager for the positive signal: the renewal applied
      }
      assertEquals(renewed, handshake("TLS", null));
    }
  }

  @Test
  void theJdksHttpsServerServesItAndItsRenewal() throws Exception {
    KeyPair first = TestPki.ec();
    X509Certificate firstCertificate = pki.server(first);
    ReloadingKeyManager keys = new ReloadingKeyManager(new TlsMaterial(first.getPrivate(), List.of(firstCertificate)));
    ServerTls tls = ServerTls.of(keys);
    HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(tls.context()) {
      @Override
      public void configure(HttpsParameters params) {
        params.setSSLParameters(tls.parameters());
      }
    });
    https.createContext("/", exchange -> {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    https.start();
    try {
      URI uri = URI.create("https://127.0.0.1:" + https.getAddress().getPort() + "/");
      assertEquals(firstCertificate, httpsGet(uri));
      KeyPair second = TestPki.rsa();
      X509Certificate renewed = pki.server(second);
      keys.use(new TlsMaterial(second.getPrivate(), List.of(renewed, pki.ca)));
      assertEquals(renewed, httpsGet(uri), "a new connection gets the renewed certificate");
    } finally {
      https.stop(0);
    }
  }

  /** A GET on a new connection; returns the certificate the server presented. */
  private X509Certificate httpsGet(URI uri) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(pki.client("TLS")).build();
    HttpResponse<Void> response =
        client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
    assertEquals(204, response.statusCode());
    return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateIsRefused() throws Exception {
    SelfSignedCertificate.obtain(dir, List.of("localhost"), Instant.now());
    TlsMaterial selfSigned = SelfSignedCertificate.obtain(dir, List.of("localhost"), Instant.now());
    serve(ServerTls.of(new ReloadingKeyManager(selfSigned)));
    assertThrows(SSLHandshakeException.class, () -> handshake("TLS", null));
  }

  private void serve(ServerTls tls) throws IOException {
    server = (SSLServerSocket) tls.context().getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server.setSSLParameters(tls.parameters());
    acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          SSLSocket client = (SSLSocket) server.accept();
          Thread connection = new Thread(() -> {
            try (client) {
              client.startHandshake();
              client.getInputStream().read(); // until the client closes
            } catch (IOException e) {
              // the client gave up the handshake or closed: nothing to serve
            }
          });
          connection.setDaemon(true);
          connection.start();
        } catch (IOException e) {
          return; // closed
        }
      }
    }, "test-tls-acceptor");
    acceptor.start();
  }

  private X509Certificate handshake(String context, String protocol) throws Exception {
    try (SSLSocket socket = connect(context, protocol)) {
      Certificate[] chain = socket.getSession().getPeerCertificates();
      if (protocol != null) {
        assertEquals(protocol, socket.getSession().getProtocol());
      }
      return (X509Certificate) chain[0];
    }
  }

  private SSLSocket connect(String context, String protocol) throws Exception {
    SSLContext client = pki.client(context);
    SSLSocket socket = (SSLSocket) client.getSocketFactory()
        .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
    if (protocol != null) {
      socket.setEnabledProtocols(new String[] {protocol});
    }
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    return socket;
  }
}
