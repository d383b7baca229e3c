package imagestream.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.tls.SelfSignedCertificate;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * nginx itself ({@code nginx -t}) reads the shipped production example and what cluster.sh
 * writes with a self-signed certificate, in folders of the test's own (the system's nginx is
 * not touched).
 */
@EnabledOnOs(OS.LINUX)
class NginxConfigIT {

  private static final File NGINX = new File("/usr/sbin/nginx");

  private Path dir;

  @BeforeEach
  void folder() throws IOException {
    if (!NGINX.canExecute() && System.getenv("CI") == null) {
      Assumptions.abort("The nginx tests need nginx: sudo apt-get install -y nginx-light");
    }
    Files.createDirectories(Path.of("target"));
    dir = Files.createTempDirectory(Path.of("target"), "nginx-config-").toAbsolutePath();
  }

  /** deploy/nginx/image-stream.conf, with a certificate made here in place of certbot's. */
  @Test
  void theProductionExampleIsValid() throws Exception {
    SelfSignedCertificate.obtain(dir.resolve("tls"), List.of("cam.example.org"), Instant.now());
    Path snippets = Path.of("deploy", "nginx").toAbsolutePath();
    String site = Files.readString(snippets.resolve("image-stream.conf"))
        .replace("/etc/letsencrypt/live/cam.example.org/fullchain.pem", dir.resolve("tls/certificate.pem").toString())
        .replace("/etc/letsencrypt/live/cam.example.org/privkey.pem", dir.resolve("tls/key.pem").toString())
        .replace("include snippets/", "include " + snippets + "/");
    Files.writeString(dir.resolve("image-stream.conf"), site);
    // As Debian's /etc/nginx/nginx.conf includes conf.d/*.conf in its http block.
    Files.writeString(dir.resolve("nginx.conf"), "pid " + dir.resolve("nginx.pid") + ";\n"
        + "events {}\nhttp {\n    include " + dir.resolve("image-stream.conf") + ";\n}\n");
    assertValid(dir.resolve("nginx.conf"));
  }

  /** What ClusterPlan writes for cluster.sh with TLS=self-signed, the certificate in the cache folder. */
  @Test
  void theClustersConfigWithASelfSignedCertificateIsValid() throws Exception {
    Path project = Path.of("").toAbsolutePath();
    ProcessBuilder plan = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        project.resolve("target/image-stream.jar") + File.pathSeparator + project.resolve("target/lib/*"),
        ClusterPlan.class.getName(), "--folder", dir.resolve("run").toString(),
        "--frame-servers", "2", "--tls", "self-signed", "--env", dir.resolve("none.env").toString())
        .redirectErrorStream(true);
    plan.environment().putAll(java.util.Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString(),
        "HOST", "127.0.0.1", "WS_PORT", "7000", "HTTP_PORT", "7080"));
    Process process = plan.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), output);
    assertTrue(output.contains("SHA-256 fingerprint"), output);
    assertTrue(Files.isRegularFile(dir.resolve("cache/image-stream/tls/key.pem")), output);
    assertValid(dir.resolve("run/nginx.conf"));
  }

  private void assertValid(Path config) throws Exception {
    Process test = new ProcessBuilder(NGINX.getPath(), "-t", "-p", dir.toString(), "-c",
        config.toString(), "-e", dir.resolve("error.log").toString()).redirectErrorStream(true).start();
    String output = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, test.waitFor(), output);
    assertTrue(output.contains("syntax is ok") && output.contains("test is successful"), output);
    assertTrue(!output.contains("[warn]"), "no warning: " + output);
  }
}
