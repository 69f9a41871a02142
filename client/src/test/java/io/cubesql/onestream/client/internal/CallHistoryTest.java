package io.cubesql.onestream.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubesql.onestream.client.CallRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The ring of recent call records: order, capacity, count, and adds from many threads. */
class CallHistoryTest {
  private static CallRecord record(long n) {
    return new CallRecord(Instant.EPOCH.plusSeconds(n), "Test/Route", null, 200, 0, 0, n, null);
  }

  @Test
  void keepsTheLastCapacityOldestFirstAndCountsEvery() {
    CallHistory history = new CallHistory();
    assertThat(history.snapshot()).isEmpty();
    for (long n = 0; n < 3; n++) {
      history.add(record(n));
    }
    assertThat(history.snapshot()).extracting(CallRecord::rows).containsExactly(0L, 1L, 2L);

    int total = 2 * CallHistory.CAPACITY + 3;
    for (long n = 3; n < total; n++) {
      history.add(record(n));
    }
    List<CallRecord> kept = history.snapshot();
    assertThat(history.count()).isEqualTo(total);
    assertThat(kept).hasSize(CallHistory.CAPACITY);
    for (int i = 0; i < kept.size(); i++) {
      assertThat(kept.get(i).rows()).isEqualTo(total - CallHistory.CAPACITY + i);
    }
    assertThatThrownBy(() -> kept.add(record(0))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void addsFromManyThreadsAreAllCounted() throws Exception {
    CallHistory history = new CallHistory();
    int threads = 8;
    int each = 1_000;
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger torn = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long base = (long) t * each;
      Thread w =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                for (int i = 0; i < each; i++) {
                  history.add(record(base + i));
                  if (i % 100 == 0 && history.snapshot().contains(null)) {
                    torn.incrementAndGet();
                  }
                }
              });
      w.start();
      workers.add(w);
    }
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }
    assertThat(torn).as("snapshots with a hole, taken while others add").hasValue(0);
    assertThat(history.count()).isEqualTo((long) threads * each);
    List<CallRecord> kept = history.snapshot();
    assertThat(kept).hasSize(CallHistory.CAPACITY).doesNotContainNull();
    Set<Long> distinct = new HashSet<>();
    kept.forEach(r -> distinct.add(r.rows()));
    assertThat(distinct).hasSize(CallHistory.CAPACITY);
  }

  @Test
  void anErrorIsAKindsNameNeverText() {
    assertThatThrownBy(
            () ->
                new CallRecord(
                    Instant.EPOCH, "Test/Route", null, 500, 0, 0, null, "Server said: secret"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new CallRecord(Instant.EPOCH, "Test/Route", null, 500, 0, 0, null, "SERVER").error())
        .isEqualTo("SERVER");
  }
}
