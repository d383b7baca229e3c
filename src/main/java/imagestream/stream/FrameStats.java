package imagestream.stream;

import imagestream.image.StageTimes;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every counter of a frame server, in one place: frames in and out, what was dropped or refused
 * and why, connections and bytes. The core and the transport count here as things happen;
 * everything that reports them (the {@code stats} message, the shutdown line, metrics) reads one
 * {@link #snapshot()}.
 *
 * <p>Counting costs an uncontended add per event; none of it allocates on a frame's path.
 */
public final class FrameStats {

  /** Why a client was refused before its connection opened. */
  public enum Refusal {
    /** Its page's origin is not in {@code ALLOWED_ORIGINS} (or it sent none). */
    ORIGIN,
    /** {@code MAX_CONNECTIONS} clients were connected. */
    MAX_CONNECTIONS,
    /** Its address held {@code MAX_CONNECTIONS_PER_ADDRESS} connections. */
    PER_ADDRESS,
    /** Too many connections were waiting for their handshake. */
    WAITING,
    /** The server was shutting down. */
    SHUTTING_DOWN
  }

  private final LongAdder received = new LongAdder();
  private final LongAdder processed = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder repliesDropped = new LongAdder();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final LongAdder opened = new LongAdder();
  private final AtomicInteger open = new AtomicInteger();
  private final Map<String, LongAdder> refusedFrames = new ConcurrentHashMap<>();
  private final Map<Refusal, LongAdder> refusedClients = new ConcurrentHashMap<>();
  private final LongAdder settingsApplied = new LongAdder();
  private volatile TimingListener timing = (times, frameNanos) -> {};

  /** Takes the times of every answered frame, e.g. into histograms. */
  @FunctionalInterface
  public interface TimingListener {
    /**
     * Called on a worker thread for every frame whose reply was queued; must be quick.
     *
     * @param times how long each stage took (0: skipped), valid during the call only
     * @param frameNanos from the frame's receipt to its reply being queued
     */
    void timed(StageTimes times, long frameNanos);
  }

  /** A frame arrived, {@code bytes} long. */
  void frameReceived(int bytes) {
    received.increment();
    bytesIn.add(bytes);
  }

  /** A newer frame of the same client replaced a waiting one before it was processed. */
  void frameDropped() {
    dropped.increment();
  }

  /** A frame was processed; its reply is about to be sent. */
  void frameProcessed() {
    processed.increment();
  }

  /** A reply, {@code bytes} long, was sent. */
  void replySent(int bytes) {
    bytesOut.add(bytes);
  }

  /** A frame was answered: {@code times} its stages, {@code frameNanos} from receipt to reply. */
  void frameTimed(StageTimes times, long frameNanos) {
    timing.timed(times, frameNanos);
  }

  /** Sends every answered frame's times to {@code listener} (one at a time: it replaces the last). */
  public void onTiming(TimingListener listener) {
    timing = listener;
  }

  /** A live edit of the settings was put in force. */
  void settingsApplied() {
    settingsApplied.increment();
  }

  /** Live edits of the settings put in force since the server started. */
  public long settingsAppliedInAll() {
    return settingsApplied.sum();
  }

  /** A frame was refused with the protocol error {@code code} (e.g. {@code not_jpeg}). */
  void frameRefused(String code) {
    refusedFrames.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  /** A reply or message was not sent because its client had not read the earlier ones. */
  public void replyDropped() {
    repliesDropped.increment();
  }

  /** A client was refused before its connection opened. */
  public void clientRefused(Refusal why) {
    refusedClients.computeIfAbsent(why, r -> new LongAdder()).increment();
  }

  /**
   * Counts a new connection unless {@code max} are open already.
   *
   * @return whether it is admitted; if so, count its end with {@link #connectionClosed}
   */
  public boolean connectionOpened(int max) {
    int n;
    do {
      n = open.get();
      if (n >= max) {
        return false;
      }
    } while (!open.compareAndSet(n, n + 1));
    opened.increment();
    return true;
  }

  /** An admitted connection ended. */
  public void connectionClosed() {
    open.decrementAndGet();
  }

  /** The counters now, read once. */
  public Snapshot snapshot() {
    return new Snapshot(
        received.sum(), processed.sum(), dropped.sum(), repliesDropped.sum(), sums(refusedFrames),
        sums(refusedClients), open.get(), opened.sum(), bytesIn.sum(), bytesOut.sum());
  }

  private static <K> Map<K, Long> sums(Map<K, LongAdder> counters) {
    Map<K, Long> m = new TreeMap<>();
    counters.forEach((key, adder) -> m.put(key, adder.sum()));
    return Collections.unmodifiableMap(m);
  }

  /**
   * The counters at one moment, since the server started.
   *
   * @param framesReceived frames that arrived
   * @param framesProcessed frames processed and answered
   * @param framesDropped frames a newer frame of the same client replaced before they were processed
   * @param repliesDropped replies and messages not sent because their client was not reading
   * @param framesRefused frames refused, by protocol error code
   * @param clientsRefused clients refused before their connection opened, by reason
   * @param connectionsOpen connections open now
   * @param connectionsOpened connections admitted in all
   * @param bytesIn bytes of frames received
   * @param bytesOut bytes of replies sent
   */
  public record Snapshot(
      long framesReceived, long framesProcessed, long framesDropped, long repliesDropped,
      Map<String, Long> framesRefused, Map<Refusal, Long> clientsRefused, int connectionsOpen,
      long connectionsOpened, long bytesIn, long bytesOut) {

    /** Frames refused, whatever the reason. */
    public long framesRefusedInAll() {
      return framesRefused.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Clients refused, whatever the reason. */
    public long clientsRefusedInAll() {
      return clientsRefused.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
