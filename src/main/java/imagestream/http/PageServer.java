package imagestream.http;

import static imagestream.config.Setting.HOST;
import static imagestream.config.Setting.HTTP_PORT;

import com.sun.net.httpserver.HttpServer;
import imagestream.DaemonThreads;
import imagestream.StartException;
import imagestream.config.Settings;
import imagestream.config.tls.MachineAddresses;
import imagestream.config.tls.ServerTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The page server: the JDK's {@code HttpServer} serving {@code client.html} and a health check,
 * behind a {@link PageGate} that takes the connections.
 *
 * <p>Slow or greedy clients are bounded: the gate limits connections per address and in all, and
 * the time and bytes of a request head, before the server sees the request; the server has a
 * fixed pool of threads with a bounded queue (the JDK closes connections the pool refuses), and a
 * time limit on reading each request and on sending each response.
 */
public final class PageServer {

  /** Threads answering requests; a slow client holds one until its request times out. */
  static final int THREADS = 8;

  /** Connections waiting for a thread; beyond this, new ones are closed at once. */
  static final int QUEUE = 64;

  /** Seconds a client may take to send its request, and again to read the response. */
  static final int REQUEST_TIMEOUT_SECONDS = 5;

  /** Connections to the server at most: the gate's, one per request it hands on. */
  static final int MAX_CONNECTIONS = PageGate.MAX_CONNECTIONS;

  /** Bytes of request line and headers at most; the gate drops a connection that sends more. */
  static final int MAX_REQUEST_HEAD_BYTES = PageGate.MAX_HEAD_BYTES;

  static {
    // The JDK's HttpServer reads these once, when it is first used; a -D option still wins.
    setDefault("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_TIMEOUT_SECONDS));
    setDefault("sun.net.httpserver.maxRspTime", Integer.toString(REQUEST_TIMEOUT_SECONDS));
    setDefault("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
    setDefault("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_REQUEST_HEAD_BYTES));
  }

  private final HttpServer server;
  private final PageHandler handler;
  private final PageGate gate;
  private final ExecutorService executor;
  private final String host;
  private final String scheme;
  private final List<Runnable> onStop = new CopyOnWriteArrayList<>();

  private PageServer(
      HttpServer server, PageHandler handler, PageGate gate, ExecutorService executor, String host,
      String scheme) {
    this.server = server;
    this.handler = handler;
    this.gate = gate;
    this.executor = executor;
    this.host = host;
    this.scheme = scheme;
  }

  /**
   * Starts serving on {@code settings.host()} and {@code settings.httpPort()} (0: any free
   * port, see {@link #port()}). Tests call this too.
   *
   * @param settings read on every request, so the page always shows the current values
   * @throws StartException if it cannot listen, e.g. because the port is taken
   */
  public static PageServer start(Settings initial, Supplier<Settings> settings, PageTemplate template) {
    return start(initial, settings, template, null);
  }

  /**
   * {@link #start(Settings, Supplier, PageTemplate)} over HTTPS with {@code tls} (null: plain
   * HTTP): the gate takes the TLS, the server behind it stays plain on loopback.
   */
  public static PageServer start(
      Settings initial, Supplier<Settings> settings, PageTemplate template, ServerTls tls) {
    HttpServer server;
    try {
      // Only the gate connects to it, on a port of the loopback interface.
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new StartException("Cannot start the page server: " + e);
    }
    ExecutorService executor = boundedPool();
    server.setExecutor(executor);
    PageHandler handler = new PageHandler(template, settings);
    server.createContext("/", handler);
    server.start();
    PageGate gate;
    try {
      gate = PageGate.open(
          new InetSocketAddress(initial.text(HOST), initial.integer(HTTP_PORT)), server.getAddress(),
          initial.limits().maxConnectionsPerAddress(), initial.limits().trustedProxies(), tls);
    } catch (IOException e) {
      server.stop(0);
      executor.shutdownNow();
      throw new StartException(
          "Cannot listen on " + initial.text(HOST) + ":" + initial.text(HTTP_PORT) + " (HTTP_PORT): " + e);
    }
    return new PageServer(
        server, handler, gate, executor, initial.text(HOST), tls == null ? "http" : "https");
  }

  /** A fixed pool with a bounded queue; the JDK closes a connection the pool refuses. */
  private static ExecutorService boundedPool() {
    return new ThreadPoolExecutor(
        THREADS, THREADS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
        DaemonThreads.numbered("page-server"),
        new ThreadPoolExecutor.AbortPolicy());
  }

  private static void setDefault(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /** The port it listens on. */
  public int port() {
    return gate.port();
  }

  /** The page's address, as a user types it: {@code http(s)://HOST:port/client.html}. */
  public String url() {
    return scheme + "://" + (MachineAddresses.isWildcard(host) ? "localhost" : host) + ":" + port()
        + PageHandler.PAGE;
  }

  /** Runs {@code action} (e.g. stopping the watcher of {@code .env}) when the server stops. */
  void onStop(Runnable action) {
    onStop.add(action);
  }

  /** Stops taking requests, lets those in progress finish for up to a second, then stops. */
  public void stop() {
    handler.stopping();
    gate.stopAccepting();
    onStop.forEach(Runnable::run);
    // The JDK's stop(1) waits the whole second even when idle; draining our pool first lets
    // an idle server stop at once. Requests arriving meanwhile are refused (connection closed).
    executor.shutdown();
    try {
      executor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    gate.close();
    server.stop(0);
    executor.shutdownNow();
  }
}
