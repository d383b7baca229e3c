package imagestream.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * A whole {@code nginx.conf} for one machine: nginx on the public port in front of the page
 * server and N frame servers, run with a folder of its own (its pid, logs and temporary files),
 * so it never touches the system's nginx. What happens to a request is not written here: the
 * config includes {@code deploy/nginx/image-stream-http.conf} and
 * {@code image-stream-server.conf}, the very files a production set-up includes.
 *
 * @param folder nginx's own folder: pid file, error log, temporary files
 * @param snippets the folder holding the two included files, {@code deploy/nginx}
 * @param listenHost where nginx listens (HOST)
 * @param listenPort the public port
 * @param certificate the certificate chain (PEM), or null for plain HTTP
 * @param key the certificate's private key (PEM), or null for plain HTTP
 * @param pageServers the page servers, each {@code host:port}
 * @param frameServers the frame servers, each {@code host:port}
 */
public record NginxConfig(
    Path folder,
    Path snippets,
    String listenHost,
    int listenPort,
    Path certificate,
    Path key,
    List<String> pageServers,
    List<String> frameServers) {

  /**
   * A server that refuses a connection this many times within {@link #FAIL_TIMEOUT_SECONDS} is
   * left out for that long (nginx's passive health check).
   */
  public static final int MAX_FAILS = 1;

  /** How long a server that failed is left out before nginx tries it again. */
  public static final int FAIL_TIMEOUT_SECONDS = 10;

  /** Defensive copies: the record stays immutable. */
  public NginxConfig {
    pageServers = List.copyOf(pageServers);
    frameServers = List.copyOf(frameServers);
    if ((certificate == null) != (key == null)) {
      throw new IllegalArgumentException("TLS needs both a certificate and its key");
    }
  }

  /** Whether the public port speaks TLS. */
  public boolean tls() {
    return certificate != null;
  }

  /** The configuration file's text. */
  public String render() {
    StringBuilder c = new StringBuilder();
    c.append("# Written by Image Stream for one run; it is rewritten on each start.\n")
        .append("daemon off;\n")
        .append("worker_processes 1;\n")
        .append("pid ").append(quoted(folder.resolve("nginx.pid"))).append(";\n")
        .append("error_log ").append(quoted(folder.resolve("error.log"))).append(" warn;\n")
        .append("events { worker_connections 1024; }\n")
        .append("http {\n")
        .append("    access_log off;\n");
    for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
      c.append("    ").append(temp).append("_temp_path ")
          .append(quoted(folder.resolve(temp + "_temp"))).append(";\n");
    }
    c.append("    include ").append(quoted(snippets.resolve("image-stream-http.conf"))).append(";\n");
    upstream(c, "image_stream_frames", frameServers, true);
    upstream(c, "image_stream_pages", pageServers, false);
    c.append("    server {\n")
        .append("        listen ").append(listen()).append(tls() ? " ssl" : "").append(";\n");
    if (tls()) {
      c.append("        ssl_certificate ").append(quoted(certificate)).append(";\n")
          .append("        ssl_certificate_key ").append(quoted(key)).append(";\n")
          .append("        ssl_protocols TLSv1.2 TLSv1.3;\n");
    }
    c.append("        include ").append(quoted(snippets.resolve("image-stream-server.conf")))
        .append(";\n")
        .append("    }\n")
        .append("}\n");
    return c.toString();
  }

  private static void upstream(StringBuilder c, String name, List<String> servers, boolean leastConn) {
    c.append("    upstream ").append(name).append(" {\n");
    if (leastConn) {
      c.append("        least_conn;\n");
    }
    for (String server : servers) {
      c.append("        server ").append(server).append(" max_fails=").append(MAX_FAILS)
          .append(" fail_timeout=").append(FAIL_TIMEOUT_SECONDS).append("s;\n");
    }
    c.append("    }\n");
  }

  /** {@code host:port} for nginx's listen, an IPv6 address in brackets. */
  private String listen() {
    return authority(listenHost, listenPort);
  }

  /** {@code host:port}, an IPv6 address in brackets, as nginx and URLs write it. */
  public static String authority(String host, int port) {
    boolean ipv6 = host.contains(":") && !host.startsWith("[");
    return (ipv6 ? "[" + host + "]" : host) + ":" + port;
  }

  /** A path as one nginx argument: in double quotes, so spaces are fine. */
  private static String quoted(Path path) {
    String text = path.toAbsolutePath().toString();
    if (text.contains("\"") || text.contains("\\") || text.contains("$")) {
      throw new IllegalArgumentException("nginx cannot be given the path " + text);
    }
    return "\"" + text + "\"";
  }
}
