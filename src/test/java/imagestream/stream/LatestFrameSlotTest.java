package imagestream.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LatestFrameSlot: latest frame wins, one drain at a time, and no frame is ever stranded. */
class LatestFrameSlotTest {

  private final LatestFrameSlot<byte[]> slot = new LatestFrameSlot<>();

  @Test
  void firstOfferMustBeScheduled() {
    assertEquals(new LatestFrameSlot.Offer(false, true), slot.offer(new byte[] {1}));
  }

  @Test
  void secondOfferReplacesTheFirstAndNeedsNoSchedule() {
    byte[] first = {1};
    byte[] second = {2};
    slot.offer(first);
    assertEquals(new LatestFrameSlot.Offer(true, false), slot.offer(second));
    assertSame(second, slot.take());
  }

  @Test
  void takeOnEmptyEndsTheDrainAndTheNextOfferSchedulesAgain() {
    slot.offer(new byte[] {1});
    assertArrayEquals(new byte[] {1}, slot.take());
    assertNull(slot.take());
    assertEquals(new LatestFrameSlot.Offer(false, true), slot.offer(new byte[] {2}));
  }

  @Test
  void offerDuringADrainNeedsNoSchedule() {
    slot.offer(new byte[] {1});
    slot.take(); // being processed: the drain is still running
    assertEquals(new LatestFrameSlot.Offer(false, false), slot.offer(new byte[] {2}));
    assertArrayEquals(new byte[] {2}, slot.take());
    assertNull(slot.take());
  }

  @Test
  void hasWaitingTellsWhetherAFrameWaits() {
    assertFalse(slot.hasWaiting());
    slot.offer(new byte[] {1});
    assertTrue(slot.hasWaiting());
    slot.take();
    assertFalse(slot.hasWaiting(), "taken for processing: no longer waiting");
    slot.offer(new byte[] {2});
    assertTrue(slot.hasWaiting());
  }

  @Test
  void clearForgetsTheWaitingFrame() {
    slot.offer(new byte[] {1});
    slot.clear();
    assertNull(slot.take());
    assertTrue(slot.offer(new byte[] {2}).mustSchedule());
  }

  /**
   * The one race that can strand a frame: an offer while a drain finds the slot empty and ends.
   * Many short rounds, each an offer racing the final take of a drain, with varying delays to
   * sweep across the drain's hand-over; the offered frame must always be taken, by the ending
   * drain or by the one the offer asked for.
   */
  @Test
  @Timeout(60) // spinning threads are slow when other processes hold the cores
  void offerRacingTheEndOfADrainIsNeverStranded() throws Exception {
    int rounds = 50_000;
    @SuppressWarnings("unchecked") // an array of a generic type is made raw
    LatestFrameSlot<byte[]>[] slots = new LatestFrameSlot[rounds];
    for (int r = 0; r < rounds; r++) {
      slots[r] = new LatestFrameSlot<>();
      slots[r].offer(new byte[] {0});
      slots[r].take(); // the drain is running, the slot is empty
    }
    byte[] frame = {1};
    boolean[] scheduled = new boolean[rounds];
    AtomicInteger go = new AtomicInteger(-1);
    AtomicInteger offered = new AtomicInteger(-1);
    Thread producer =
        new Thread(
            () -> {
              for (int r = 0; r < rounds; r++) {
                while (go.get() < r) {
                  Thread.onSpinWait();
                }
                for (int spin = r % 64; spin > 0; spin--) {
                  Thread.onSpinWait();
                }
                scheduled[r] = slots[r].offer(frame).mustSchedule();
                offered.set(r);
              }
            });
    producer.setDaemon(true);
    producer.start();
    int stranded = 0;
    for (int r = 0; r < rounds; r++) {
      go.set(r);
      byte[] last = slots[r].take(); // the drain's final take, racing the offer
      while (offered.get() < r) {
        Thread.onSpinWait();
      }
      boolean takenByTheEndingDrain = last == frame && slots[r].take() == null;
      boolean takenByTheNewDrain = scheduled[r] && slots[r].take() == frame;
      if (!takenByTheEndingDrain && !takenByTheNewDrain) {
        stranded++;
      }
    }
    producer.join(5000);
    assertEquals(0, stranded, "frames stranded out of " + rounds);
  }

  /**
   * Two producers offer as fast as they can while drains run on a pool, as in FrameWorkers.
   * Every frame must be either replaced (and counted) or taken: none is left in the slot.
   */
  @Test
  @Timeout(20)
  void concurrentOffersNeverStrandAFrame() throws Exception {
    int perProducer = 50_000;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicLong replaced = new AtomicLong();
    AtomicLong taken = new AtomicLong();
    AtomicInteger draining = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger outOfOrder = new AtomicInteger();
    int[] lastSeen = {-1, -1}; // per producer, touched only inside a drain

    Runnable drain =
        () -> {
          byte[] frame;
          while ((frame = slot.take()) != null) {
            // Counted per frame taken: once take() has returned null this drain is over, and a
            // new one may start before this thread leaves the lambda.
            if (draining.incrementAndGet() != 1) {
              overlaps.incrementAndGet();
            }
            ByteBuffer b = ByteBuffer.wrap(frame);
            int producer = b.get();
            int seq = b.getInt();
            if (seq <= lastSeen[producer]) {
              outOfOrder.incrementAndGet();
            }
            lastSeen[producer] = seq;
            taken.incrementAndGet();
            draining.decrementAndGet();
          }
        };

    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      int id = p;
      producers.add(
          new Thread(
              () -> {
                for (int seq = 0; seq < perProducer; seq++) {
                  byte[] frame = ByteBuffer.allocate(5).put((byte) id).putInt(seq).array();
                  LatestFrameSlot.Offer offer = slot.offer(frame);
                  if (offer.replacedOlder()) {
                    replaced.incrementAndGet();
                  }
                  if (offer.mustSchedule()) {
                    pool.execute(drain);
                  }
                }
              }));
    }
    producers.forEach(Thread::start);
    for (Thread t : producers) {
      t.join();
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "drains did not finish");

    assertEquals(2L * perProducer, taken.get() + replaced.get(), "a frame was stranded or lost");
    assertEquals(0, overlaps.get(), "two drains ran at once");
    assertEquals(0, outOfOrder.get(), "a producer's frames were taken out of order");
    assertNull(slot.take(), "a frame was left in the slot");
    assertFalse(taken.get() == 0);
  }
}
