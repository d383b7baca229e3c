package imagestream.http;

import imagestream.ConnectionsPerAddress;
import imagestream.DaemonThreads;
import imagestream.ThrottledLog;
import imagestream.config.TrustedProxies;
import imagestream.config.tls.ServerTls;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tlschannel.NeedsWriteException;
import tlschannel.WouldBlockException;

/**
 * The page server's front door. The JDK's {@code HttpServer} can neither refuse a connection by
 * its address (it accepts every one, up to one cap for all) nor read a request without holding a
 * thread of its pool, and it closes a silent connection only on a coarse timer: a few hundred
 * silent sockets, or a few clients sending their request a byte at a time, lock everyone out. So
 * this takes every connection in its place, on one thread:
 *
 * <ul>
 *   <li>at most {@code MAX_CONNECTIONS_PER_ADDRESS} per remote address and {@link #MAX_CONNECTIONS}
 *       in all; more are closed on arrival, with one throttled line saying why;
 *   <li>it reads the request head itself, without a thread per connection: at most
 *       {@link #MAX_HEAD_BYTES}, within {@link #HEAD_TIMEOUT_MILLIS}, or the connection is closed;
 *   <li>then it hands exactly that request (its head; the pages take no body) to the
 *       {@code HttpServer} on a loopback port, and relays the answer within {@link
 *       #ANSWER_TIMEOUT_MILLIS}, adding the safe headers ({@link PageHandler#SAFE_HEADERS}) to the
 *       answers the JDK writes by itself (404 for {@code //x}, 400 for a malformed request line).
 * </ul>
 *
 * With TLS on, the gate is the TLS end: it takes the handshake on the same thread, without
 * blocking (tls-channel's {@code ServerTlsChannel} over the socket), inside the head's time
 * limit and the per-address count, and relays plain HTTP to the loopback server as before.
 *
 * <p>One request per connection: browsers open another for the next, as the answer says
 * ({@code Connection: close}). A connection from a trusted proxy ({@code TRUSTED_PROXIES}) is
 * counted against the client its {@code X-Forwarded-For} names, once its head is in; beyond the
 * limit that client gets 429.
 */
final class PageGate implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(PageGate.class);

  /** Connections at once, from all addresses, waiting for their head or being answered. */
  static final int MAX_CONNECTIONS = 256;

  /** Bytes of request line and headers at most; a longer head closes the connection unanswered. */
  static final int MAX_HEAD_BYTES = 64 * 1024;

  /** How long a client may take to send its request head. */
  static final long HEAD_TIMEOUT_MILLIS = 3000;

  /** How long the answer may take to reach the client once the head is in. */
  static final long ANSWER_TIMEOUT_MILLIS = 10_000;

  private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

  private final ServerSocketChannel listener;
  private final Selector selector;
  private final InetSocketAddress backend;
  private final ConnectionsPerAddress perAddress;
  private final TrustedProxies proxies;
  private final ServerTls tls; // null: plain HTTP
  private final Set<Link> links = new HashSet<>(); // only the gate's thread touches them
  private final ThrottledLog refusal = new ThrottledLog(log);
  private final Thread thread;
  private volatile boolean closing;

  private PageGate(ServerSocketChannel listener, Selector selector, InetSocketAddress backend,
      int maxPerAddress, TrustedProxies proxies, ServerTls tls) {
    this.listener = listener;
    this.tls = tls;
    this.selector = selector;
    this.backend = backend;
    this.perAddress = new ConnectionsPerAddress(maxPerAddress);
    this.proxies = proxies;
    this.thread = DaemonThreads.named("page-gate").newThread(this::run);
  }

  /**
   * Listens on {@code address} and hands each request to the HTTP server on {@code backend}.
   *
   * @param maxPerAddress connections one address may hold at once
   * @param proxies the proxies whose connections are counted against the client they name
   * @param tls the TLS that clients speak, or null for plain HTTP
   * @throws IOException if it cannot listen there
   */
  static PageGate open(InetSocketAddress address, InetSocketAddress backend, int maxPerAddress,
      TrustedProxies proxies, ServerTls tls) throws IOException {
    ServerSocketChannel listener = ServerSocketChannel.open();
    Selector selector = Selector.open();
    try {
      listener.bind(address, MAX_CONNECTIONS);
      listener.configureBlocking(false);
      listener.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException e) {
      listener.close();
      selector.close();
      throw e;
    }
    PageGate gate = new PageGate(listener, selector, backend, maxPerAddress, proxies, tls);
    gate.thread.start();
    return gate;
  }

  /** The port it listens on. */
  int port() {
    return listener.socket().getLocalPort();
  }

  /** Takes no more connections; those already in go on. */
  void stopAccepting() {
    try {
      listener.close();
    } catch (IOException e) {
      log.debug("Closing the page server's port: {}", e.toString());
    }
    selector.wakeup();
  }

  /** Closes every connection and stops, waiting a second at most for its thread. */
  @Override
  public void close() {
    closing = true;
    stopAccepting();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (!closing) {
        selector.select(250);
        for (SelectionKey key : selector.selectedKeys()) {
          handle(key);
        }
        selector.selectedKeys().clear();
        closeExpired();
      }
    } catch (IOException | RuntimeException e) {
      log.error("The page server's front door failed: {}", e.toString());
    } finally {
      new ArrayList<>(links).forEach(Link::close);
      try {
        selector.close();
      } catch (IOException e) {
        log.debug("Closing the selector: {}", e.toString());
      }
    }
  }

  private void handle(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    if (key.channel() == listener) {
      accept();
      return;
    }
    Link link = (Link) key.attachment();
    try {
      link.ready(key);
    } catch (IOException | RuntimeException e) {
      log.debug("Page server connection from {} ended: {}", link.from.getHostAddress(), e.toString());
      link.close(); // the client or the HTTP server went away (or its key was cancelled)
    }
  }

  private void accept() {
    SocketChannel client;
    try {
      client = listener.accept();
    } catch (IOException e) {
      return; // closed meanwhile, or the client already gone
    }
    if (client == null) {
      return;
    }
    InetAddress from = client.socket().getInetAddress();
    boolean forwarded = proxies.trusts(from); // counted once its head names the client
    String refused = null;
    if (links.size() >= MAX_CONNECTIONS) {
      refused = MAX_CONNECTIONS + " connections are open";
    } else if (!forwarded && !perAddress.admit(from)) {
      refused = "MAX_CONNECTIONS_PER_ADDRESS (" + perAddress.max() + ") connections from "
          + from.getHostAddress() + " are open";
    }
    if (refused != null) {
      refusal.warn("Page server refused a client from {}: {}", from.getHostAddress(), refused);
      closeQuietly(client);
      return;
    }
    Link link = new Link(client, tls == null ? client : tls.over(client), from, forwarded ? null : from);
    links.add(link);
    try {
      client.configureBlocking(false);
      client.register(selector, SelectionKey.OP_READ, link);
    } catch (IOException e) {
      link.close();
    }
  }

  private void closeExpired() {
    long now = System.nanoTime();
    for (Link link : new ArrayList<>(links)) {
      if (now - link.deadline > 0) {
        link.close();
      }
    }
  }

  private static void closeQuietly(ByteChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** Where the end of the head is in {@code bytes[0..length)}, past its empty line; -1 if not yet. */
  static int endOfHead(byte[] bytes, int length) {
    outer:
    for (int i = 0; i + END_OF_HEAD.length <= length; i++) {
      for (int k = 0; k < END_OF_HEAD.length; k++) {
        if (bytes[i + k] != END_OF_HEAD[k]) {
          continue outer;
        }
      }
      return i + END_OF_HEAD.length;
    }
    return -1;
  }

  /**
   * The values of the header {@code name} in a request head, joined by commas as HTTP allows;
   * null if it has none.
   */
  static String header(byte[] head, int length, String name) {
    String wanted = name.toLowerCase(Locale.ROOT) + ":";
    StringBuilder values = null;
    for (String line : new String(head, 0, length, StandardCharsets.ISO_8859_1).split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith(wanted)) {
        String value = line.substring(wanted.length()).strip();
        values = values == null ? new StringBuilder(value) : values.append(", ").append(value);
      }
    }
    return values == null ? null : values.toString();
  }

  /**
   * A response head with the safe headers it lacks added before its empty line; the head is
   * {@code head[0..end)}, ending with that empty line.
   */
  static byte[] withSafeHeaders(byte[] head, int end) {
    String text = new String(head, 0, end, StandardCharsets.ISO_8859_1);
    String lower = text.toLowerCase(Locale.ROOT);
    StringBuilder added = new StringBuilder();
    for (Map.Entry<String, String> header : PageHandler.SAFE_HEADERS.entrySet()) {
      if (!lower.contains("\r\n" + header.getKey().toLowerCase(Locale.ROOT) + ":")) {
        added.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
      }
    }
    String body = text.substring(0, text.length() - 2); // up to the empty line
    return (body + added + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  /** One client's connection, and the HTTP server's for its request once the head is in. */
  private final class Link {
    private final SocketChannel client;
    private final ByteChannel io; // the client's bytes: the socket itself, or TLS over it
    private final InetAddress from;
    private InetAddress countedAs; // the address its place is counted against; null until known
    private SocketChannel server;
    private ByteBuffer head = ByteBuffer.allocate(4096); // the request head, as it arrives
    private ByteBuffer answerHead = ByteBuffer.allocate(4096); // until the answer's head is in
    private ByteBuffer in; // the answer, as read from the server
    private ByteBuffer out; // bytes for the client, being written
    private boolean answerHeadDone;
    private boolean serverDone;
    private long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEAD_TIMEOUT_MILLIS);
    private boolean closed;

    Link(SocketChannel client, ByteChannel io, InetAddress from, InetAddress countedAs) {
      this.client = client;
      this.io = io;
      this.from = from;
      this.countedAs = countedAs;
    }

    void ready(SelectionKey key) throws IOException {
      if (key.channel() == client) {
        // TLS may need to write while the head is read (its handshake), or read while the
        // answer is written: what is done depends on where the link is, not on the event.
        if (out == null) {
          readHead();
        } else {
          writeToClient();
        }
      } else if (key.isConnectable()) {
        server.finishConnect();
        key.interestOps(SelectionKey.OP_WRITE);
      } else if (key.isWritable()) {
        server.write(head);
        if (!head.hasRemaining()) {
          server.shutdownOutput(); // this request only: the server reads no other
          key.interestOps(SelectionKey.OP_READ);
        }
      } else if (key.isReadable()) {
        readAnswer(key);
      }
    }

    /** Reads what the client sent; once its head is in, hands the request to the server. */
    private void readHead() throws IOException {
      if (!head.hasRemaining()) {
        if (head.capacity() >= MAX_HEAD_BYTES) {
          close(); // a head this long is no request of ours
          return;
        }
        head = ByteBuffer.allocate(Math.min(MAX_HEAD_BYTES, head.capacity() * 4)).put(head.flip());
      }
      int n;
      try {
        n = io.read(head);
      } catch (WouldBlockException e) {
        waitForClient(e);
        return;
      }
      if (n < 0) {
        close();
        return;
      }
      client.keyFor(selector).interestOps(SelectionKey.OP_READ); // TLS may have wanted a write
      int end = endOfHead(head.array(), head.position());
      if (end < 0) {
        return;
      }
      head = ByteBuffer.wrap(head.array(), 0, end); // the head alone, ready to send
      client.keyFor(selector).interestOps(0); // nothing more is read from the client
      if (countedAs == null && !admitForwarded(end)) {
        return;
      }
      deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ANSWER_TIMEOUT_MILLIS);
      server = SocketChannel.open();
      server.setOption(StandardSocketOptions.TCP_NODELAY, true);
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_CONNECT, this);
      if (server.connect(backend)) {
        server.keyFor(selector).interestOps(SelectionKey.OP_WRITE);
      }
    }

    /**
     * Counts a connection from a trusted proxy against the client its head names; beyond the
     * limit, answers 429 and returns false.
     */
    private boolean admitForwarded(int end) throws IOException {
      InetAddress named = proxies.clientAddress(from, header(head.array(), end, "X-Forwarded-For"),
          header(head.array(), end, "X-Real-IP"));
      if (perAddress.admit(named)) {
        countedAs = named;
        return true;
      }
      refusal.warn("Page server refused a client from {} (through {}): MAX_CONNECTIONS_PER_ADDRESS"
          + " ({}) connections from it are open", named.getHostAddress(), from.getHostAddress(),
          perAddress.max());
      byte[] body = "Too many connections from your address\n".getBytes(StandardCharsets.ISO_8859_1);
      byte[] plain = ("HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/plain\r\nContent-Length: "
          + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
      byte[] answer = withSafeHeaders(plain, plain.length);
      out = ByteBuffer.allocate(answer.length + body.length).put(answer).put(body).flip();
      serverDone = true;
      flush();
      return false;
    }

    /** Reads the server's answer and passes it on, its head with the safe headers. */
    private void readAnswer(SelectionKey key) throws IOException {
      in = in == null ? ByteBuffer.allocate(16 * 1024) : in.clear(); // written out by now
      int n = server.read(in);
      if (n == 0) {
        return;
      }
      if (n < 0) {
        serverDone = true;
        key.interestOps(0);
        if (!answerHeadDone && answerHead.position() > 0) {
          out = answerHead.flip(); // no head end: pass on what came
          answerHeadDone = true;
        }
        flush();
        return;
      }
      in.flip();
      if (answerHeadDone) {
        out = in;
      } else {
        if (answerHead.remaining() < in.remaining()) {
          answerHead = ByteBuffer.allocate(answerHead.capacity() + in.remaining() + 4096).put(answerHead.flip());
        }
        answerHead.put(in);
        int end = endOfHead(answerHead.array(), answerHead.position());
        if (end < 0) {
          if (answerHead.position() <= MAX_HEAD_BYTES) {
            return; // more of the head to come
          }
          end = 0; // no head of ours: pass it on as it is
        }
        byte[] rewritten = end > 0 ? withSafeHeaders(answerHead.array(), end) : new byte[0];
        out = ByteBuffer.allocate(rewritten.length + answerHead.position() - end)
            .put(rewritten).put(answerHead.array(), end, answerHead.position() - end).flip();
        answerHeadDone = true;
        answerHead = null;
      }
      key.interestOps(0); // read on once this is written
      flush();
    }

    private void flush() throws IOException {
      if (out != null && out.hasRemaining()) {
        client.keyFor(selector).interestOps(SelectionKey.OP_WRITE);
        writeToClient();
      } else if (serverDone) {
        close();
      }
    }

    private void writeToClient() throws IOException {
      try {
        io.write(out); // over TLS, returns once all it took is on the socket
      } catch (WouldBlockException e) {
        waitForClient(e);
        return;
      }
      if (out.hasRemaining()) {
        return; // the rest when the client reads
      }
      client.keyFor(selector).interestOps(0);
      if (serverDone) {
        close();
      } else {
        server.keyFor(selector).interestOps(SelectionKey.OP_READ);
      }
    }

    /** TLS needs the client's socket readable or writable before it can go on. */
    private void waitForClient(WouldBlockException e) {
      client.keyFor(selector).interestOps(
          e instanceof NeedsWriteException ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      links.remove(this);
      if (countedAs != null) {
        perAddress.release(countedAs);
      }
      closeQuietly(io); // over TLS, says close_notify if the socket takes it at once
      if (server != null) {
        closeQuietly(server);
      }
    }
  }
}
