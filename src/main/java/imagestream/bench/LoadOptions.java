package imagestream.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link LoadClient} does, read from its command line.
 *
 * @param url the server, {@code ws://HOST:PORT}; 127.0.0.1 unless the user names another
 * @param connections connections that measure round trips
 * @param inFlight frames each measuring connection keeps in flight
 * @param frames folder of JPEG photos to send, or null to send frames made in code
 * @param width width of the frames sent (photos of another size are resized once, up front)
 * @param height height of the frames sent
 * @param warmupSeconds seconds of load before measuring
 * @param seconds seconds measured
 * @param floodConnections connections that send at a fixed rate whatever the replies
 * @param floodFps frames per second each flood connection sends
 * @param serverPids the servers' process ids, for their CPU time and RSS (summed); empty if not
 *     given
 * @param row a label: also print the figures as one Markdown table row with it
 * @param processing the chain every connection asks for, e.g. {@code grayscale}; null: the
 *     server's own
 * @param proxyPid a reverse proxy's process id (nginx's master: its workers count too), for its
 *     CPU time; 0 if not given
 * @param reconnect whether a measuring connection that closes is opened again (through a load
 *     balancer, to another server), with the time it took reported
 * @param metrics the servers' metrics endpoints, for their CPU time when {@code /proc} cannot see
 *     them (another machine); empty if not given
 */
public record LoadOptions(
    URI url,
    int connections,
    int inFlight,
    Path frames,
    int width,
    int height,
    double warmupSeconds,
    double seconds,
    int floodConnections,
    int floodFps,
    List<Long> serverPids,
    String row,
    String processing,
    long proxyPid,
    boolean reconnect,
    List<URI> metrics) {

  /** The options and their defaults, as {@code --help} prints them. */
  public static final String USAGE = """
      Usage: LoadClient [options]
        --url ws://HOST:PORT   server to load (default ws://127.0.0.1:6969); a path too, e.g.
                               ws://HOST:PORT/ws through a reverse proxy; wss:// trusts what
                               the JVM trusts (-Djavax.net.ssl.trustStore=FILE for your own)
        --connections N        connections measuring round trips (default 1)
        --in-flight K          frames each keeps in flight (default 1)
        --frames DIR           folder of your own JPEG photos (default: frames made in code)
        --size WxH             frame size sent (default 640x480; other photos are resized)
        --warmup S             seconds of load before measuring (default 3)
        --seconds S            seconds measured (default 10)
        --flood N              extra connections sending at a fixed rate (default 0)
        --flood-fps R          frames per second of each flood connection (default 250)
        --pid PID[,PID...]     the server's process id (several: the servers behind a proxy):
                               report their CPU per frame and RSS
        --proxy-pid PID        a reverse proxy's process id (nginx's master): its CPU per frame
        --metrics URL[,URL...] the servers' metrics (http://HOST:METRICS_PORT/metrics): their
                               CPU per frame, for servers on another machine
        --reconnect            open a connection that closes again, and report how long it took
        --row LABEL            also print the figures as a Markdown table row
        --processing CHAIN     the chain every connection asks for (default: the server's)
      LoadClient --row-header  prints the header of those rows""";

  /**
   * Reads the command line.
   *
   * @throws IllegalArgumentException with a one-line message naming the bad option
   */
  public static LoadOptions parse(String[] args) {
    URI url = URI.create("ws://127.0.0.1:6969");
    int connections = 1;
    int inFlight = 1;
    Path frames = null;
    int width = 640;
    int height = 480;
    double warmup = 3;
    double seconds = 10;
    int flood = 0;
    int floodFps = 250;
    List<Long> pids = List.of();
    long proxyPid = 0;
    boolean reconnect = false;
    List<URI> metrics = List.of();
    String row = null;
    String processing = null;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--reconnect")) {
        reconnect = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(
            option.startsWith("--") ? "Option " + option + " needs a value" : "Unknown argument " + option);
      }
      String value = args[++i];
      switch (option) {
        case "--url" -> url = url(value);
        case "--connections" -> connections = whole(option, value, 0, 10_000);
        case "--in-flight" -> inFlight = whole(option, value, 1, 1000);
        case "--frames" -> frames = Path.of(value);
        case "--size" -> {
          String[] wh = value.split("x");
          if (wh.length != 2) {
            throw new IllegalArgumentException("--size must look like 640x480, not " + value);
          }
          width = whole(option, wh[0], 1, 8192);
          height = whole(option, wh[1], 1, 8192);
        }
        case "--warmup" -> warmup = seconds(option, value);
        case "--seconds" -> seconds = seconds(option, value);
        case "--flood" -> flood = whole(option, value, 0, 10_000);
        case "--flood-fps" -> floodFps = whole(option, value, 1, 100_000);
        case "--pid" -> pids = Arrays.stream(value.split(","))
            .map(p -> (long) whole(option, p, 1, Integer.MAX_VALUE)).toList();
        case "--proxy-pid" -> proxyPid = whole(option, value, 1, Integer.MAX_VALUE);
        case "--metrics" -> metrics = Arrays.stream(value.split(",")).map(LoadOptions::metricsUrl).toList();
        case "--row" -> row = value;
        case "--processing" -> processing = value;
        default -> throw new IllegalArgumentException("Unknown option " + option + " (see --help)");
      }
    }
    if (connections + flood == 0) {
      throw new IllegalArgumentException("Nothing to do: --connections and --flood are both 0");
    }
    if (seconds <= 0) {
      throw new IllegalArgumentException("--seconds must be more than 0");
    }
    return new LoadOptions(url, connections, inFlight, frames, width, height, warmup, seconds,
        flood, floodFps, pids, row, processing, proxyPid, reconnect, metrics);
  }

  private static URI url(String value) {
    try {
      URI uri = new URI(value);
      boolean webSocket = "ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme());
      if (!webSocket || uri.getHost() == null || uri.getPort() < 0) {
        throw new IllegalArgumentException("--url must look like ws://127.0.0.1:6969, not " + value);
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("--url must look like ws://127.0.0.1:6969, not " + value);
    }
  }

  private static URI metricsUrl(String value) {
    try {
      URI uri = new URI(value.strip());
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        "--metrics must look like http://127.0.0.1:9100/metrics, not " + value);
  }

  private static int whole(String option, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        option + " must be a whole number from " + min + " to " + max + ", not " + value);
  }

  private static double seconds(String option, String value) {
    try {
      double s = Double.parseDouble(value.strip());
      if (s >= 0 && s <= 86_400) {
        return s;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(option + " must be a number of seconds, not " + value);
  }
}
