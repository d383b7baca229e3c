package imagestream.cluster;

import static imagestream.config.Setting.HOST;
import static imagestream.config.Setting.HTTP_PORT;
import static imagestream.config.Setting.PUBLIC_URL;
import static imagestream.config.Setting.WS_PORT;

import imagestream.config.Settings;
import imagestream.config.SettingsException;
import imagestream.config.SettingsLoader;
import imagestream.config.tls.MachineAddresses;
import imagestream.config.tls.PemMaterial;
import imagestream.config.tls.SelfSignedCertificate;
import imagestream.config.tls.TlsException;
import imagestream.config.tls.TlsMaterial;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Plans one machine's cluster for {@code scripts/cluster.sh}: checks the settings and ports,
 * obtains the certificate nginx presents (the self-signed one the servers would make, or the
 * user's files), writes nginx's configuration ({@link NginxConfig}) and {@code plan.env}, the
 * addresses the script starts each server on.
 *
 * <p>The servers listen on {@link #BACKEND_HOST} only, so nothing reaches them but through
 * nginx, which listens on {@code HOST}.
 */
public final class ClusterPlan {

  /** Where the page server and the frame servers listen, behind nginx. */
  public static final String BACKEND_HOST = "127.0.0.1";

  /** The path nginx forwards to the frame servers ({@code WS_PATH}); the included config says so. */
  public static final String WS_PATH = "/ws";

  private ClusterPlan() {}

  /** Plans as the command line says; exits non-zero with one line if it cannot. */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err, Instant.now());
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Plans and writes; 0 if done, 1 if the settings or files do not allow it, 2 for bad options. */
  static int run(String[] args, PrintStream out, PrintStream err, Instant now) {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(ClusterOptions.USAGE);
      return 0;
    }
    ClusterOptions options;
    try {
      options = ClusterOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    try {
      Settings settings = SettingsLoader.load(options.envFile());
      List<Integer> framePorts = framePorts(settings, options);
      String publicUrl = publicUrl(settings, options);
      TlsFiles tls = tlsFiles(settings, options, now);
      Path snippets = Path.of("deploy", "nginx").toAbsolutePath();
      NginxConfig config = new NginxConfig(options.folder().toAbsolutePath(), snippets,
          settings.text(HOST), options.port(), tls.certificate(), tls.key(),
          List.of(NginxConfig.authority(BACKEND_HOST, settings.integer(HTTP_PORT))),
          framePorts.stream().map(p -> NginxConfig.authority(BACKEND_HOST, p)).toList());
      Files.createDirectories(options.folder());
      Files.writeString(options.folder().resolve("nginx.conf"), config.render(), StandardCharsets.UTF_8);
      Files.writeString(options.folder().resolve("plan.env"), String.join("\n",
          "BACKEND_HOST='" + BACKEND_HOST + "'",
          "FRAME_PORTS='" + framePorts.stream().map(String::valueOf).collect(Collectors.joining(" ")) + "'",
          "HTTP_PORT='" + settings.integer(HTTP_PORT) + "'",
          "PUBLIC_URL='" + publicUrl + "'",
          "WS_PATH='" + WS_PATH + "'",
          ""), StandardCharsets.UTF_8);
      if (tls.material() != null) {
        out.println("nginx presents the certificate " + tls.certificate() + " (SHA-256 fingerprint "
            + tls.material().fingerprint() + ")");
      }
      return 0;
    } catch (SettingsException | TlsException | IllegalArgumentException | UncheckedIOException e) {
      err.println(e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("Cannot write the cluster's configuration in " + options.folder() + ": " + e);
      return 1;
    }
  }

  /** WS_PORT .. WS_PORT+N-1, checked against HTTP_PORT and the public port. */
  static List<Integer> framePorts(Settings settings, ClusterOptions options) {
    int first = settings.integer(WS_PORT);
    if (first == 0 || settings.integer(HTTP_PORT) == 0) {
      throw new IllegalArgumentException("The cluster needs fixed ports: WS_PORT=" + first
          + " and HTTP_PORT=" + settings.integer(HTTP_PORT) + " (0 means any free port, which nginx cannot be told)");
    }
    int last = first + options.frameServers() - 1;
    if (last > 65535) {
      throw new IllegalArgumentException("WS_PORT=" + first + " leaves no room for "
          + options.frameServers() + " frame servers on the ports after it");
    }
    List<Integer> ports = new ArrayList<>();
    for (int port = first; port <= last; port++) {
      if (port == settings.integer(HTTP_PORT) || port == options.port()) {
        throw new IllegalArgumentException("The frame servers' ports WS_PORT=" + first + " to " + last
            + " include " + (port == settings.integer(HTTP_PORT) ? "HTTP_PORT" : "PUBLIC_PORT") + "=" + port);
      }
      ports.add(port);
    }
    if (settings.integer(HTTP_PORT) == options.port()) {
      throw new IllegalArgumentException("HTTP_PORT and PUBLIC_PORT are both " + options.port());
    }
    return ports;
  }

  /** PUBLIC_URL if set, else nginx's own address on HOST. */
  static String publicUrl(Settings settings, ClusterOptions options) {
    if (!settings.text(PUBLIC_URL).isEmpty()) {
      return settings.text(PUBLIC_URL);
    }
    String host = settings.text(HOST);
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      throw new IllegalArgumentException("HOST=" + host + " listens on every address: set PUBLIC_URL"
          + " to the address people open, e.g. https://cam.example.org:" + options.port());
    }
    String scheme = options.tls().equals("off") ? "http" : "https";
    return scheme + "://" + NginxConfig.authority(host, options.port());
  }

  /** The certificate files nginx is given, and what they hold; none without TLS. */
  private record TlsFiles(Path certificate, Path key, TlsMaterial material) {}

  private static TlsFiles tlsFiles(Settings settings, ClusterOptions options, Instant now)
      throws IOException {
    switch (options.tls()) {
      case "off" -> {
        return new TlsFiles(null, null, null);
      }
      case "files" -> {
        try {
          TlsMaterial material = PemMaterial.load(options.certificate(), options.key(), now);
          return new TlsFiles(options.certificate().toAbsolutePath(), options.key().toAbsolutePath(), material);
        } catch (TlsException e) {
          // The checks name the servers' settings; here the script's variables hold the files.
          throw new IllegalArgumentException(e.getMessage()
              .replaceFirst("^" + PemMaterial.CERT_KEY + "=", "PUBLIC_CERT=")
              .replaceFirst("^" + PemMaterial.KEY_KEY + "=", "PUBLIC_KEY="), e);
        }
      }
      default -> {
        Path folder = SelfSignedCertificate.defaultFolder();
        TlsMaterial material = SelfSignedCertificate.obtain(
            folder, MachineAddresses.certificateNames(settings.text(HOST)), now);
        return new TlsFiles(folder.resolve(SelfSignedCertificate.CERT_FILE),
            folder.resolve(SelfSignedCertificate.KEY_FILE), material);
      }
    }
  }
}
