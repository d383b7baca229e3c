package imagestream.http;

import com.sun.net.httpserver.HttpServer;
import imagestream.StartException;
import imagestream.config.Settings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** The page server: the JDK's {@code HttpServer} serving {@code client.html} and a health check. */
public final class PageServer {

  /** Threads answering requests: a few, since a page is one small response. */
  static final int THREADS = 4;

  private final HttpServer server;
  private final ExecutorService executor;
  private final String host;
  private final List<Runnable> onStop = new CopyOnWriteArrayList<>();

  private PageServer(HttpServer server, ExecutorService executor, String host) {
    this.server = server;
    this.executor = executor;
    this.host = host;
  }

  /**
   * Starts serving on {@code settings.host()} and {@code settings.httpPort()} (0: any free
   * port, see {@link #port()}). Tests call this too.
   *
   * @param settings read on every request, so the page always shows the current values
   * @throws StartException if it cannot listen, e.g. because the port is taken
   */
  public static PageServer start(Settings initial, Supplier<Settings> settings, PageTemplate template) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(initial.host(), initial.httpPort()), 0);
    } catch (IOException e) {
      throw new StartException(
          "Cannot listen on " + initial.host() + ":" + initial.httpPort() + " (HTTP_PORT): " + e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(THREADS);
    server.setExecutor(executor);
    server.createContext("/", new PageHandler(template, settings));
    server.start();
    return new PageServer(server, executor, initial.host());
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The page's address, as a user types it: {@code http://HOST:port/client.html}. */
  public String url() {
    return "http://" + host + ":" + port() + PageHandler.PAGE;
  }

  /** Runs {@code action} (e.g. stopping the watcher of {@code .env}) when the server stops. */
  void onStop(Runnable action) {
    onStop.add(action);
  }

  /** Stops accepting, lets requests in progress finish for up to a second, then stops. */
  public void stop() {
    onStop.forEach(Runnable::run);
    server.stop(1);
    executor.shutdownNow();
  }
}
