package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.TestCertificate;
import imagestream.config.tls.PemMaterial;
import imagestream.config.tls.SelfSignedCertificate;
import imagestream.config.tls.TlsMaterial;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code start_server.sh} with {@code TLS=self-signed}: one certificate made in the user's cache
 * folder (here a folder under {@code target/}), its key readable by its owner only, its
 * fingerprint printed; the page over https and the frame server's port both present it.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class TlsStartScriptIT {

  @Test
  void selfSignedServesHttpsAndWssWithOneCertificateAndPrintsItsFingerprint() throws Exception {
    int wsPort = StartScriptIT.freePort();
    int httpPort = StartScriptIT.freePort();
    Files.createDirectories(Path.of("target"));
    Path cache = Files.createTempDirectory(Path.of("target"), "cache-").toAbsolutePath();
    ProcessBuilder builder = new ProcessBuilder("./start_server.sh").redirectErrorStream(true);
    builder.environment().put("HOST", "127.0.0.1");
    builder.environment().put("WS_PORT", Integer.toString(wsPort));
    builder.environment().put("HTTP_PORT", Integer.toString(httpPort));
    builder.environment().put("TLS", "self-signed");
    builder.environment().put("XDG_CACHE_HOME", cache.toString());
    Process script = builder.start();
    try {
      String url = "https://127.0.0.1:" + httpPort + "/client.html";
      String output = StartScriptIT.readUntil(script, "Open " + url).get(60, TimeUnit.SECONDS);

      Path folder = cache.resolve("image-stream").resolve("tls");
      Path key = folder.resolve(SelfSignedCertificate.KEY_FILE);
      TlsMaterial made =
          PemMaterial.load(folder.resolve(SelfSignedCertificate.CERT_FILE), key, Instant.now());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
      assertTrue(output.contains(made.fingerprint()), "the fingerprint is printed:\n" + output);

      SSLContext trusting = TestCertificate.trusting(made.certificate());
      HttpResponse<String> health = HttpClient.newBuilder().sslContext(trusting).build().send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpPort + "/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      try (SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", wsPort)) {
        socket.startHandshake();
        assertEquals(made.certificate(), socket.getSession().getPeerCertificates()[0],
            "the frame server presents the same certificate");
      }
      new ProcessBuilder("kill", "-INT", Long.toString(script.pid())).start().waitFor();
      assertTrue(script.waitFor(10, TimeUnit.SECONDS), "the script should exit after SIGINT");
    } finally {
      script.descendants().forEach(ProcessHandle::destroyForcibly);
      script.destroyForcibly();
    }
  }
}
