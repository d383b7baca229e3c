package imagestream.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.config.tls.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ClusterPlan: what it writes for cluster.sh, and one line for what it cannot do. */
class ClusterPlanTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int plan(String env, String... options) throws IOException {
    Path file = Files.writeString(dir.resolve(".env"), env);
    List<String> args = new ArrayList<>(List.of("--folder", dir.resolve("run").toString(),
        "--env", file.toString()));
    args.addAll(List.of(options));
    return ClusterPlan.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Instant.now());
  }

  private String error() {
    return err.toString(StandardCharsets.UTF_8).strip();
  }

  @Test
  void writesNginxsConfigAndThePlanForTheScript() throws IOException {
    assertEquals(0, plan("HOST=localhost\nWS_PORT=7000\nHTTP_PORT=7080\n",
        "--frame-servers", "3", "--tls", "off"), error());
    String plan = Files.readString(dir.resolve("run/plan.env"));
    assertTrue(plan.contains("FRAME_PORTS='7000 7001 7002'"), plan);
    assertTrue(plan.contains("HTTP_PORT='7080'"), plan);
    assertTrue(plan.contains("PUBLIC_URL='http://localhost:8000'"), plan);
    assertTrue(plan.contains("BACKEND_HOST='127.0.0.1'"), plan);
    assertTrue(plan.contains("WS_PATH='/ws'"), plan);
    String config = Files.readString(dir.resolve("run/nginx.conf"));
    assertTrue(config.contains("listen localhost:8000;"), config);
    assertTrue(config.contains("least_conn;"), config);
    for (int port = 7000; port <= 7002; port++) {
      assertTrue(config.contains("server 127.0.0.1:" + port + " max_fails=1 fail_timeout=10s;"), config);
    }
    assertTrue(config.contains("server 127.0.0.1:7080 "), config);
    assertTrue(config.contains("deploy/nginx/image-stream-server.conf\";"), config);
  }

  @Test
  void withTheUsersFilesTheDefaultPortIs8443AndThePageIsHttps() throws IOException {
    SelfSignedCertificate.obtain(dir.resolve("tls"), List.of("cam.example.org"), Instant.now());
    assertEquals(0, plan("HOST=127.0.0.1\n", "--tls", "files",
        "--cert", dir.resolve("tls/certificate.pem").toString(),
        "--key", dir.resolve("tls/key.pem").toString()), error());
    assertTrue(Files.readString(dir.resolve("run/plan.env")).contains("PUBLIC_URL='https://127.0.0.1:8443'"));
    String config = Files.readString(dir.resolve("run/nginx.conf"));
    assertTrue(config.contains("listen 127.0.0.1:8443 ssl;"), config);
    assertTrue(config.contains("ssl_certificate \"" + dir.resolve("tls/certificate.pem") + "\";"), config);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("SHA-256 fingerprint"), out.toString());
  }

  @Test
  void aPublicUrlInTheSettingsIsKept() throws IOException {
    assertEquals(0, plan("HOST=0.0.0.0\nPUBLIC_URL=https://cam.example.org\n", "--tls", "off"), error());
    assertTrue(Files.readString(dir.resolve("run/plan.env")).contains("PUBLIC_URL='https://cam.example.org'"));
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsNamedByTheScriptsVariable() throws IOException {
    SelfSignedCertificate.obtain(dir.resolve("a"), List.of("a.example"), Instant.now());
    SelfSignedCertificate.obtain(dir.resolve("b"), List.of("b.example"), Instant.now());
    assertEquals(1, plan("", "--tls", "files", "--cert", dir.resolve("a/certificate.pem").toString(),
        "--key", dir.resolve("b/key.pem").toString()));
    assertTrue(error().startsWith("PUBLIC_KEY=\"" + dir.resolve("b/key.pem") + "\": "), error());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      WS_PORT=0                  | --tls off                 | The cluster needs fixed ports: WS_PORT=0
      WS_PORT=65535              | --frame-servers 2         | WS_PORT=65535 leaves no room for 2 frame servers
      WS_PORT=8080\\nHTTP_PORT=8081 | --frame-servers 2      | include HTTP_PORT=8081
      HTTP_PORT=8443             | --tls self-signed         | HTTP_PORT and PUBLIC_PORT are both 8443
      HOST=0.0.0.0               | --tls off                 | HOST=0.0.0.0 listens on every address: set PUBLIC_URL
      WS_PORT=abc                | --tls off                 | Invalid setting WS_PORT="abc"
      """)
  void whatItCannotDoIsOneLine(String env, String option, String message) throws IOException {
    String[] split = option.split(" ");
    assertEquals(1, plan(env.replace("\\n", "\n") + "\n", split[0], split[1]));
    assertTrue(error().contains(message), error());
    assertEquals(1, error().lines().count(), error());
    assertTrue(Files.notExists(dir.resolve("run/nginx.conf")), "nothing written");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      --frame-servers | 0    | FRAME_SERVERS=0: expected a whole number from 1 to 64
      --tls           | on   | PUBLIC_TLS=on: expected one of self-signed, files, off
      --tls           | files | PUBLIC_TLS=files needs PUBLIC_CERT and PUBLIC_KEY
      --cert          | x.pem | PUBLIC_CERT and PUBLIC_KEY are used with PUBLIC_TLS=files only
      """)
  void aBadOptionIsOneLineAndStatus2(String option, String value, String message) throws IOException {
    assertEquals(2, plan("", option, value));
    assertTrue(error().startsWith(message), error());
  }
}
