package imagestream.e2e;

import imagestream.GracefulExit;
import imagestream.ReadyFile;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * A server whose stop never ends, as one waiting for a native call would: SIGTERM must still end
 * the process within the time GracefulExit allows. Run by {@link GracefulExitIT}.
 */
public final class StuckStopMain {

  private StuckStopMain() {}

  /** Installs the stuck stop, announces itself and waits to be stopped. */
  public static void main(String[] args) throws IOException, InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    GracefulExit.install("a stuck server", () -> {
      while (true) {
        try {
          never.await(); // ignores interrupts, as a thread inside a native call does
        } catch (InterruptedException e) {
          // keep waiting
        }
      }
    });
    ReadyFile.announce("stuck://");
    never.await();
  }
}
