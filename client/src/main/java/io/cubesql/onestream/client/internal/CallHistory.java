package io.cubesql.onestream.client.internal;

import io.cubesql.onestream.client.CallRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The last {@link #CAPACITY} call records of one client, in a ring, and how many were recorded in
 * all, so that a reader can tell how many fell out. Thread-safe: calls end on many threads, and
 * each holds the lock only to store one reference.
 */
public final class CallHistory {
  /** How many records are kept; older ones are dropped. */
  public static final int CAPACITY = 200;

  private final CallRecord[] ring = new CallRecord[CAPACITY]; // guarded by this
  private long count; // guarded by this

  /** Keeps {@code record}, dropping the oldest when full. */
  public synchronized void add(CallRecord record) {
    ring[(int) (count % CAPACITY)] = record;
    count++;
  }

  /** The records kept, oldest first: a copy that later calls do not change. */
  public synchronized List<CallRecord> snapshot() {
    int n = (int) Math.min(count, CAPACITY);
    List<CallRecord> out = new ArrayList<>(n);
    for (long i = count - n; i < count; i++) {
      out.add(ring[(int) (i % CAPACITY)]);
    }
    return Collections.unmodifiableList(out);
  }

  /** How many records were added since the history was made, those dropped included. */
  public synchronized long count() {
    return count;
  }
}
