package io.cubesql.onestream.client;

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
  private Call current;
  private boolean cancelled;

  /** Records {@code call} as the exchange under way; cancels it at once if already cancelled. */
  @Override
  public void accept(Call call) {
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
    if (c != null) {
      c.cancel();
    }
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
