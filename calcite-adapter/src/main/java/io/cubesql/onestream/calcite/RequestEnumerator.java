package io.cubesql.onestream.calcite;

import io.cubesql.onestream.client.CallHandle;
import io.cubesql.onestream.client.OneStreamException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import okhttp3.Call;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Streams the rows of a scan's requests, in request order, as they arrive. Requests are sent only
 * when needed: the first on the first {@link #moveNext()}, and with several, a window of up to
 * {@code parallelism} sent ahead on the adapter's threads. Closing it (a LIMIT reached, the result
 * set closed) aborts the HTTP calls under way and sends nothing more. The adapter's watcher aborts
 * it when the statement is cancelled or its time-out passes.
 *
 * <p>Progress goes to the statement (see {@link OneStreamAdapter#listen}): each request's first
 * further page or poll, then at most one report a second.
 */
final class RequestEnumerator implements Enumerator<Object[]> {
  private final OneStreamAdapter adapter;
  private final List<ApiRequest> requests;
  private final AtomicBoolean cancelFlag;
  private final long deadlineNanos;
  private final ConcurrentLinkedDeque<Slot> window = new ConcurrentLinkedDeque<>();
  private int nextToStart;
  private volatile Slot current;
  private Object[] row;
  private volatile boolean closed;
  private volatile String abortState;

  /** When progress was last reported, {@link System#nanoTime()}; 0 before the first report. */
  private long reported; // guarded by this

  /** Progress reports longer than this are cut: a request's description can be long. */
  private static final int LABEL_LENGTH = 160;

  /**
   * @param cancelFlag Calcite's cancel flag of the statement, or null
   * @param deadlineNanos the {@link System#nanoTime()} after which the statement times out, or 0
   */
  RequestEnumerator(
      OneStreamAdapter adapter,
      List<ApiRequest> requests,
      AtomicBoolean cancelFlag,
      long deadlineNanos) {
    this.adapter = adapter;
    this.requests = requests;
    this.cancelFlag = cancelFlag;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * An enumerator over {@code requests} for the statement whose context is {@code root}: its cancel
   * flag, and its time-out counted from now.
   */
  static RequestEnumerator of(
      OneStreamAdapter adapter, List<ApiRequest> requests, DataContext root) {
    AtomicBoolean cancel = DataContext.Variable.CANCEL_FLAG.get(root);
    Object timeout = root.get(DataContext.Variable.TIMEOUT.camelName);
    long deadline = 0;
    if (timeout instanceof Number n && n.longValue() > 0) {
      deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(n.longValue());
      if (deadline == 0) {
        deadline = 1;
      }
    }
    return new RequestEnumerator(adapter, requests, cancel, deadline);
  }

  @Override
  public Object[] current() {
    return row;
  }

  @Override
  public boolean moveNext() {
    if (closed) {
      return false;
    }
    if (nextToStart == 0 && current == null && window.isEmpty()) {
      adapter.watch(this);
    }
    checkAbort();
    try {
      while (true) {
        if (current == null) {
          fill();
          current = window.poll();
          if (current == null) {
            row = null;
            return false;
          }
          fill();
        }
        Object[] r = current.stream().next();
        if (r != null) {
          row = r;
          return true;
        }
        current.close();
        current = null;
      }
    } catch (OneStreamException e) {
      boolean closedElsewhere = closed;
      close();
      throw failure(e, closedElsewhere);
    } catch (RuntimeException e) {
      boolean closedElsewhere = closed;
      close();
      if (abortState != null || closedElsewhere) {
        throw failure(e, closedElsewhere);
      }
      throw e;
    }
  }

  @Override
  public void reset() {
    throw new UnsupportedOperationException("A OneStream scan cannot be restarted");
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    adapter.unwatch(this);
    if (current != null) {
      current.close();
      current = null;
    }
    for (Slot s : window) {
      s.close();
    }
    window.clear();
  }

  /**
   * Called by the watcher thread: whether the statement was cancelled or timed out; if so, aborts
   * the calls under way so that the reading thread wakes up and fails.
   */
  boolean checkFromWatcher(long nowNanos) {
    String state = null;
    if (cancelFlag != null && cancelFlag.get()) {
      state = States.CANCELLED;
    } else if (deadlineNanos != 0 && nowNanos - deadlineNanos > 0) {
      state = States.TIMEOUT;
    }
    if (state == null) {
      return false;
    }
    abortState = state;
    Slot c = current;
    if (c != null) {
      c.close();
    }
    for (Slot s : window.toArray(new Slot[0])) {
      s.close();
    }
    return true;
  }

  private void checkAbort() {
    if (abortState == null) {
      checkFromWatcher(System.nanoTime());
    }
    if (abortState != null) {
      close();
      throw failure(null, false);
    }
  }

  private RuntimeException failure(Exception cause, boolean closedElsewhere) {
    String state = abortState;
    if (state == null && closedElsewhere) {
      // Another thread closed the result set (or its connection) while this one read it.
      return new OneStreamAdapterException(
          States.CANCELLED, "The result set was closed while its rows were being read", cause);
    }
    if (state != null) {
      return new OneStreamAdapterException(
          state,
          state.equals(States.TIMEOUT)
              ? "The query time-out passed; the statement's API calls were stopped"
              : "The statement was cancelled; its API calls were stopped",
          cause);
    }
    return new IllegalStateException(cause.getMessage(), cause);
  }

  /** Starts requests until the window is full; with one request, nothing runs ahead. */
  private void fill() {
    int limit = requests.size() == 1 ? 1 : adapter.options().parallelism();
    while (window.size() + (current == null ? 0 : 1) < limit && nextToStart < requests.size()) {
      Slot s = new Slot(requests.get(nextToStart++), this::observe);
      window.add(s);
      if (requests.size() > 1) {
        adapter.executor().execute(s::open);
      }
    }
  }

  /**
   * Hears each HTTP exchange of {@code slot}'s request as it starts: a {@code GetDataRequest} for a
   * page past the last one fetches that page; one for the same page again is a poll of work still
   * running (onestream-api.md §6).
   */
  private void observe(Slot slot, Call call) {
    if (!call.request().url().encodedPath().endsWith("/GetDataRequest")) {
      return;
    }
    String p = call.request().url().queryParameter("page");
    int page;
    try {
      page = p == null ? 1 : Integer.parseInt(p);
    } catch (NumberFormatException e) {
      return;
    }
    String label = slot.request.describe();
    if (label.length() > LABEL_LENGTH) {
      label = label.substring(0, LABEL_LENGTH - 1) + "…";
    }
    String message;
    boolean first;
    synchronized (slot) {
      first = !slot.reported;
      if (page > slot.page) {
        slot.page = page;
        message = label + ": reading page " + page;
      } else {
        slot.polls++;
        message = label + ": the server is still working (poll " + slot.polls + ")";
      }
    }
    long now = System.nanoTime();
    synchronized (this) {
      if (!first && reported != 0 && now - reported < TimeUnit.SECONDS.toNanos(1)) {
        return;
      }
      reported = now == 0 ? 1 : now;
    }
    synchronized (slot) {
      slot.reported = true;
    }
    adapter.progress(cancelFlag, message);
  }

  /** One request: its call handle, and its rows once the first answer has arrived. */
  private static final class Slot {
    private final ApiRequest request;
    private final CallHandle handle;
    private int page = 1; // guarded by this: the highest page fetched so far
    private int polls; // guarded by this
    private boolean reported; // guarded by this: whether this request reported progress yet
    private final CompletableFuture<ApiRequest.RowStream> future = new CompletableFuture<>();
    private ApiRequest.RowStream stream;
    private volatile boolean closed;
    private boolean started;

    Slot(ApiRequest request, BiConsumer<Slot, Call> observer) {
      this.request = request;
      this.handle = new CallHandle(c -> observer.accept(this, c));
    }

    void open() {
      synchronized (this) {
        if (started) {
          return;
        }
        started = true;
      }
      try {
        ApiRequest.RowStream s = request.open(handle);
        boolean late;
        synchronized (this) {
          late = closed;
          stream = s;
        }
        if (late) {
          s.close();
        }
        future.complete(s);
      } catch (Throwable t) {
        future.completeExceptionally(t);
      }
    }

    /** The rows; opens the request in this thread if no other thread has started it. */
    ApiRequest.RowStream stream() throws OneStreamException {
      open();
      try {
        return future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("Interrupted while waiting for " + request.describe(), e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof OneStreamException o) {
          throw o;
        }
        if (c instanceof RuntimeException r) {
          throw r;
        }
        if (c instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(c.getMessage(), c);
      }
    }

    void close() {
      ApiRequest.RowStream s;
      synchronized (this) {
        closed = true;
        s = stream;
      }
      handle.cancel();
      if (s != null) {
        s.close();
      }
    }
  }
}
