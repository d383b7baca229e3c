package imagestream.stream;

import imagestream.image.Detection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** A session on no transport: it records what the core sends it, and always takes more. */
final class RecordingSession extends Session {

  final List<byte[]> replies = new CopyOnWriteArrayList<>();
  final List<String> refusals = new CopyOnWriteArrayList<>();
  final List<Long> dropped = new CopyOnWriteArrayList<>();
  private final CountDownLatch replied;
  volatile boolean open = true;

  /** A session that counts {@code replied} down for each reply. */
  RecordingSession(CountDownLatch replied) {
    this.replied = replied;
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
