package imagestream.stream;

import imagestream.image.Detection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A session on no transport: it records what the core sends it, and always takes more; it may
 * hold each reply until released, so that a test knows a frame is in progress.
 */
public final class RecordingSession extends Session {

  public final List<byte[]> replies = new CopyOnWriteArrayList<>();
  public final List<String> refusals = new CopyOnWriteArrayList<>();
  public final List<Long> dropped = new CopyOnWriteArrayList<>();
  private final CountDownLatch replied;
  private final CountDownLatch release;
  volatile boolean open = true;
  /** Whether a worker is in a reply (and, until {@code release}, held there). */
  public volatile boolean holding;

  /** A session that counts {@code replied} down for each reply. */
  public RecordingSession(CountDownLatch replied) {
    this(replied, new CountDownLatch(0));
  }

  /** A session whose replies wait until {@code release} is counted down (5 s at most). */
  public RecordingSession(CountDownLatch replied, CountDownLatch release) {
    this.replied = replied;
    this.release = release;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public boolean canTakeMore() {
    return true;
  }

  @Override
  protected boolean reply(byte[] jpeg, List<Detection> found) {
    holding = true;
    try {
      release.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    replies.add(jpeg);
    replied.countDown();
    return true;
  }

  @Override
  protected void refuse(String code, String message) {
    refusals.add(code);
  }

  @Override
  protected void tellDropped(long total) {
    dropped.add(total);
  }

  @Override
  public String toString() {
    return "test session";
  }
}
