package imagestream.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagestream.Await;
import imagestream.bench.LoadOptions;
import imagestream.bench.LoadRun;
import imagestream.ws.TestClient;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Two frame servers behind a real nginx, as {@code scripts/cluster.sh} runs them: the load
 * client's 8 connections through nginx are spread over both, and when one server goes (killed,
 * or stopped gracefully) its connections are back on the other within 2 s, every frame in flight
 * is accounted for, and every later reply is a good one; a handshake one server refuses goes to
 * the other.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(180)
class ClusterIT {

  private static final int CONNECTIONS = 8;
  private static final long BACK_WITHIN_NANOS = TimeUnit.SECONDS.toNanos(2);

  @Test
  void spreadOverBothAndBackOnTheOtherWithinTwoSecondsOfAKill9() throws Exception {
    // SIGKILL: no goodbye, no close frame.
    oneOfTwoGoes(ProcessHandle::destroyForcibly, 137, (load, held) -> {
      long closes = load.closes();
      List<Long> reconnects = load.reconnectNanos();
      System.out.printf("ClusterIT: kill -9 of one of 2 frame servers: %d of %d connections closed,"
              + " each open again after %s ms; %d errors (the broken connections), %d frames lost in"
              + " flight%n", closes, CONNECTIONS, millis(reconnects), load.errors(), load.lost());
      assertTrue(load.errors() <= closes, "one error at most per broken connection: " + load.firstError());
    });
  }

  @Test
  void aGracefulStopOfOneCostsNoErrorAtAll() throws Exception {
    // SIGTERM, as a service manager stops a server for an upgrade.
    oneOfTwoGoes(ProcessHandle::destroy, 0, (load, held) -> {
      System.out.printf("ClusterIT: graceful stop of one of 2 frame servers: %d of %d connections"
              + " closed with 1001, each open again after %s ms; %d errors, %d frames lost in"
              + " flight (sent as the server closed)%n", load.closes(), CONNECTIONS,
          millis(load.reconnectNanos()), load.errors(), load.lost());
      assertEquals(0, load.errors(), "no error at all; the first: " + load.firstError());
    });
  }

  /**
   * A frame server that refuses a handshake (here because it is full; a stopping one refuses the
   * same way, with Java-WebSocket's 404) is passed over: nginx tries the next one, and the
   * client never sees the refusal. The refusal names the client nginx forwarded, 127.0.0.2, not
   * nginx: the servers trust it (TRUSTED_PROXIES).
   */
  @Test
  void aHandshakeOneServerRefusesGoesToTheOther() throws Exception {
    try (Cluster cluster = Cluster.start(2, Map.of("PUBLIC_TLS", "off", "MAX_CONNECTIONS", "3"))) {
      List<TestClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) { // the first server full, by connections of its own
          clients.add(connect(cluster.frameServers().get(0).url(), "127.0.0.1"));
        }
        for (int i = 0; i < 2; i++) { // least_conn sends at least one of these to the full one
          clients.add(connect(cluster.webSocket(), "127.0.0.2"));
        }
        assertEquals(2, cluster.frameServers().get(1).connections(), "both on the second server");
        cluster.awaitLine("MAX_CONNECTIONS (3) clients are connected");
        String refusal = cluster.output().lines()
            .filter(l -> l.contains("MAX_CONNECTIONS (3) clients are connected")).findFirst().orElseThrow();
        System.out.println("ClusterIT: refused by the full server and passed on by nginx: " + refusal);
        assertTrue(refusal.contains("Refused a client from 127.0.0.2 (through /127.0.0.1:"), refusal);
      } finally {
        clients.forEach(TestClient::close);
      }
      assertStopsEverything(cluster);
    }
  }

  /** A client of {@code url} from the local address {@code from}, connected. */
  private static TestClient connect(URI url, String from) throws Exception {
    TestClient client = new TestClient(url);
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(from, 0));
    client.setSocket(socket);
    assertTrue(client.connectBlocking(5, TimeUnit.SECONDS), "connects to " + url + " from " + from);
    return client;
  }

  /** What a test checks once the connections of the server that went are back. */
  private interface Aftermath {
    void check(LoadRun load, long held) throws Exception;
  }

  /**
   * Runs the cluster with two frame servers and the load through nginx, checks the spread, makes
   * the second server go as {@code how} does, waits until every connection answers again, and
   * checks what every way of going shares: the script saw it end with {@code status}, exactly
   * its connections closed and each is open again within 2 s, at most the one frame each had in
   * flight was lost, and after {@code aftermath} the later replies are all good and SIGTERM to
   * the script stops everything.
   */
  private static void oneOfTwoGoes(Consumer<ProcessHandle> how, int status, Aftermath aftermath)
      throws Exception {
    try (Cluster cluster = Cluster.start(2, Map.of("PUBLIC_TLS", "off"));
        LoadRun load = LoadRun.open(options(cluster))) {
      load.measuring(true);
      assertSpreadOverBoth(cluster, load);

      Cluster.FrameServer going = cluster.frameServers().get(1);
      long held = going.connections();
      List<Long> before = load.repliesPerConnection();
      how.accept(going.process());
      awaitEveryConnectionBack(load, before);
      cluster.awaitLine("Frame server 2 (pid " + going.process().pid() + ") stopped with status " + status);

      aftermath.check(load, held);
      List<Long> reconnects = load.reconnectNanos();
      assertEquals(held, load.closes(), "the connections the server held closed, no other");
      assertEquals(load.closes(), reconnects.size(), "every closed connection is open again");
      assertTrue(reconnects.stream().allMatch(n -> n < BACK_WITHIN_NANOS), millis(reconnects));
      assertTrue(load.lost() <= load.closes(), "at most the one frame each had in flight");

      assertLaterRepliesAreAllGood(load, load.errors());
      assertStopsEverything(cluster);
    }
  }

  private static LoadOptions options(Cluster cluster) {
    return LoadOptions.parse(new String[] {"--url", cluster.webSocket().toString(),
        "--connections", Integer.toString(CONNECTIONS), "--size", "320x240", "--reconnect"});
  }

  /**
   * Each server holds at least a quarter of the connections and answers frames, by its own
   * counts (how many frames each answers follows how fast it runs on this busy machine).
   */
  private static void assertSpreadOverBoth(Cluster cluster, LoadRun load) throws Exception {
    List<Cluster.FrameServer> servers = cluster.frameServers();
    long[] before = {servers.get(0).processed(), servers.get(1).processed()};
    long replies = load.replies();
    awaitFor("400 replies", () -> load.replies() >= replies + 400);
    long[] frames = {servers.get(0).processed() - before[0], servers.get(1).processed() - before[1]};
    long[] connections = {servers.get(0).connections(), servers.get(1).connections()};
    System.out.printf("ClusterIT: %d connections through nginx: %d and %d on the two servers,"
            + " which answered %d and %d frames (%.0f%% / %.0f%%)%n", CONNECTIONS, connections[0],
        connections[1], frames[0], frames[1], 100.0 * frames[0] / (frames[0] + frames[1]),
        100.0 * frames[1] / (frames[0] + frames[1]));
    assertEquals(CONNECTIONS, connections[0] + connections[1], "every connection on one of them");
    for (int i = 0; i < 2; i++) {
      assertTrue(connections[i] >= CONNECTIONS / 4, "server " + (i + 1) + " holds " + connections[i]);
      assertTrue(frames[i] > 0, "server " + (i + 1) + " answered none");
    }
    assertEquals(0, load.errors(), "no error before a server goes; the first: " + load.firstError());
  }

  /** Waits until every connection has had 20 replies more than {@code before}, all of them open. */
  private static void awaitEveryConnectionBack(LoadRun load, List<Long> before) throws Exception {
    awaitFor("every connection answered again", () -> {
      List<Long> now = load.repliesPerConnection();
      for (int i = 0; i < now.size(); i++) {
        if (now.get(i) < before.get(i) + 20) {
          return false;
        }
      }
      return load.closes() > 0 && load.allOpen() && load.reconnectNanos().size() == load.closes();
    });
  }

  /** The next 500 replies come without a single error: good JPEGs, no refusal, no stall. */
  private static void assertLaterRepliesAreAllGood(LoadRun load, long errorsSoFar) throws Exception {
    long replies = load.replies();
    long closes = load.closes();
    awaitFor("500 more replies", () -> load.replies() >= replies + 500);
    assertEquals(errorsSoFar, load.errors(), "errors after the connections were back: " + load.firstError());
    assertEquals(closes, load.closes(), "no connection closed since");
  }

  /** SIGTERM to the script stops nginx and every server it started, and it exits 0. */
  private static void assertStopsEverything(Cluster cluster) throws Exception {
    List<ProcessHandle> processes = cluster.processes();
    assertEquals(0, cluster.stop(), "cluster.sh's exit status");
    for (ProcessHandle process : processes) {
      process.onExit().get(5, TimeUnit.SECONDS);
      assertFalse(process.isAlive(), "no process may outlive the script: " + process.pid());
    }
  }

  private static void awaitFor(String what, BooleanSupplier condition) throws InterruptedException {
    Await.until(what, Duration.ofSeconds(30), condition);
  }

  private static String millis(List<Long> nanos) {
    return nanos.stream().map(n -> Long.toString(n / 1_000_000)).toList().toString();
  }
}
