package io.cubesql.onestream.client;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import okhttp3.Call;

/**
 * A handle on one logical API call, retries included, that another thread may cancel. Pass it where
 * a {@code Consumer<Call>} is asked for: it receives each HTTP exchange as it starts. {@link
 * #cancel()} aborts the exchange under way (which releases its connection), makes any later
 * exchange fail before it is sent, and ends a wait between retries; the call then fails with {@link
 * ErrorKind#CANCELLED}. Thread-safe; a handle serves one call and cannot be reset.
 */
public final class CallHandle implements Consumer<Call> {
  private final Object lock = new Object();
  private final CountDownLatch cancelledLatch = new CountDownLatch(1);
  private final Consumer<Call> onEach;
  private Call current;
  private boolean cancelled;

  public CallHandle() {
    this(c -> {});
  }

  /**
   * A handle that also tells {@code onEach} of each exchange as it starts (a page fetch, a poll),
   * on the thread that starts it; for progress reports. {@code onEach} must not block.
   */
  public CallHandle(Consumer<Call> onEach) {
    this.onEach = onEach;
  }

  /** Records {@code call} as the exchange under way; cancels it at once if already cancelled. */
  @Override
  public void accept(Call call) {
    onEach.accept(call);
    synchronized (lock) {
      current = call;
      if (!cancelled) {
        return;
      }
    }
    call.cancel();
  }

  /** Cancels the call: idempotent, and safe to call from any thread at any time. */
  public void cancel() {
    Call c;
    synchronized (lock) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      c = current;
    }
    cancelledLatch.countDown();
    if (c != null) {
      c.cancel();
    }
  }

  /** Counted down by {@link #cancel()}: a wait between polls awaits it, so that it ends at once. */
  CountDownLatch cancelled() {
    return cancelledLatch;
  }

  /** Whether {@link #cancel()} was called. */
  public boolean isCancelled() {
    synchronized (lock) {
      return cancelled;
    }
  }

  @Override
  public String toString() {
    return "CallHandle[" + (isCancelled() ? "cancelled" : "active") + "]";
  }
}
