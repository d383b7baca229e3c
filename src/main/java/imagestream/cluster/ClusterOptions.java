package imagestream.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code scripts/cluster.sh} asks of {@link ClusterPlan}, read from its command line.
 *
 * @param folder the run's folder: the nginx config and the plan are written there
 * @param frameServers how many frame servers, 1 to {@link #MAX_FRAME_SERVERS}
 * @param publicPort nginx's public port; 0 for the default ({@link #DEFAULT_TLS_PORT} with TLS,
 *     {@link #DEFAULT_PLAIN_PORT} without)
 * @param tls {@code self-signed}, {@code files} or {@code off}
 * @param certificate the certificate chain file, for {@code files}
 * @param key its private key file, for {@code files}
 * @param envFile the settings file
 */
public record ClusterOptions(
    Path folder, int frameServers, int publicPort, String tls, Path certificate, Path key,
    Path envFile) {

  /** The most frame servers one machine runs. */
  public static final int MAX_FRAME_SERVERS = 64;

  /** The public port with TLS unless one is given. */
  public static final int DEFAULT_TLS_PORT = 8443;

  /** The public port without TLS unless one is given. */
  public static final int DEFAULT_PLAIN_PORT = 8000;

  /** The values {@code --tls} takes. */
  public static final List<String> TLS_MODES = List.of("self-signed", "files", "off");

  /** The options and their meaning, as cluster.sh passes them. */
  public static final String USAGE = """
      Usage: ClusterPlan --folder DIR [options]
        --frame-servers N       frame servers (default 2)
        --public-port P         nginx's port (default 8443 with TLS, 8000 without)
        --tls MODE              self-signed (default), files (with --cert and --key) or off
        --cert FILE --key FILE  the certificate chain and its key, as PEM
        --env FILE              the settings file (default ./.env)""";

  /**
   * Reads the command line; blank values (an unset variable in the script) take the defaults.
   *
   * @throws IllegalArgumentException with a one-line message naming the bad option
   */
  public static ClusterOptions parse(String[] args) {
    Path folder = null;
    int frameServers = 2;
    int publicPort = 0;
    String tls = "self-signed";
    Path certificate = null;
    Path key = null;
    Path envFile = Path.of(".env");
    for (int i = 0; i < args.length; i += 2) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Option " + option + " needs a value (see --help)");
      }
      String value = args[i + 1].strip();
      if (value.isEmpty()) {
        continue;
      }
      switch (option) {
        case "--folder" -> folder = Path.of(value);
        case "--frame-servers" -> frameServers = whole("FRAME_SERVERS", value, 1, MAX_FRAME_SERVERS);
        case "--public-port" -> publicPort = whole("PUBLIC_PORT", value, 1, 65535);
        case "--tls" -> {
          if (!TLS_MODES.contains(value)) {
            throw new IllegalArgumentException(
                "PUBLIC_TLS=" + value + ": expected one of " + String.join(", ", TLS_MODES));
          }
          tls = value;
        }
        case "--cert" -> certificate = Path.of(value);
        case "--key" -> key = Path.of(value);
        case "--env" -> envFile = Path.of(value);
        default -> throw new IllegalArgumentException("Unknown option " + option + " (see --help)");
      }
    }
    if (folder == null) {
      throw new IllegalArgumentException("--folder is required (see --help)");
    }
    if (tls.equals("files") && (certificate == null || key == null)) {
      throw new IllegalArgumentException(
          "PUBLIC_TLS=files needs PUBLIC_CERT and PUBLIC_KEY: the certificate chain and its key, as PEM");
    }
    if (!tls.equals("files") && (certificate != null || key != null)) {
      throw new IllegalArgumentException(
          "PUBLIC_CERT and PUBLIC_KEY are used with PUBLIC_TLS=files only, not PUBLIC_TLS=" + tls);
    }
    return new ClusterOptions(folder, frameServers, publicPort, tls, certificate, key, envFile);
  }

  /** The public port: as given, else the default for the TLS mode. */
  public int port() {
    return publicPort != 0 ? publicPort : tls.equals("off") ? DEFAULT_PLAIN_PORT : DEFAULT_TLS_PORT;
  }

  private static int whole(String name, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        name + "=" + value + ": expected a whole number from " + min + " to " + max);
  }
}
