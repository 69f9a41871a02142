package io.cubesql.onestream.client.internal;

import io.cubesql.onestream.client.CallRecord;
import io.cubesql.onestream.client.ErrorKind;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Records one HTTP attempt into a {@link CallHistory}. It is both the OkHttp event listener of the
 * attempt's call and the tag of its request, through which a {@code DataSetReader} finds it to add
 * the rows it parsed. {@link Transport} makes one per attempt and tags a copy of the request with
 * it, so that attempts sharing a request never share a record.
 *
 * <p>The record is published once every party is done with the exchange: the call (OkHttp's {@code
 * callEnd} once the body was received to its end or closed, or {@code callFailed}) and, when a
 * reader claimed the answer, the reader. Both are needed: OkHttp ends the call as soon as the last
 * byte of a body with a Content-Length arrives, which can be before the parser has read a row of
 * it. An answer nobody closes is never published; the recorder is then garbage with its call.
 *
 * <p>Requests without a recorder get no listener. Token requests are such: a token shared by
 * several connections is fetched over the connection pool of whichever bound it first, so that its
 * requests belong to no one connection's history.
 */
public final class CallRecorder extends EventListener {
  private final CallHistory history;
  private final Clock clock;
  private final String route;
  private final String query;
  private final AtomicBoolean bound = new AtomicBoolean();

  // All guarded by this: OkHttp's events and the reader may come from different threads.
  private Instant started;
  private long startNanos;
  private Integer status;
  private long bytes;
  private boolean callEnded;
  private long durationMs;
  private ErrorKind callError;
  private boolean claimed;
  private boolean readerDone;
  private Long rows;
  private ErrorKind readerError;
  private boolean published;

  /**
   * @param route the route's path, as the record names it
   * @param query the query string besides {@code api-version}, or null
   */
  CallRecorder(CallHistory history, Clock clock, String route, String query) {
    this.history = history;
    this.clock = clock;
    this.route = route;
    this.query = query;
  }

  /** The listener of each call of a transport: its request's recorder, else none. */
  static EventListener.Factory factory() {
    return call -> {
      CallRecorder r = call.request().tag(CallRecorder.class);
      // A recorder serves one call: a request sent twice would otherwise merge two records.
      return r != null && r.bound.compareAndSet(false, true) ? r : EventListener.NONE;
    };
  }

  /** A copy of {@code request} tagged with this recorder. */
  Request tag(Request request) {
    return request.newBuilder().tag(CallRecorder.class, this).build();
  }

  /** The query string of {@code url} without {@code api-version}; null when nothing is left. */
  static String shownQuery(HttpUrl url) {
    String q = url.newBuilder().removeAllQueryParameters("api-version").build().encodedQuery();
    return q == null || q.isEmpty() ? null : q;
  }

  /**
   * The recorder of {@code call}, now waiting for the caller's {@link #readerDone} before it
   * publishes; null when the call has none or its record is already published (an empty body ends
   * the call before anyone reads it), and then the caller has nothing to report.
   */
  public static CallRecorder claim(Call call) {
    CallRecorder r = call == null ? null : call.request().tag(CallRecorder.class);
    if (r == null) {
      return null;
    }
    synchronized (r) {
      if (r.published) {
        return null;
      }
      r.claimed = true;
      return r;
    }
  }

  /**
   * The reader is done with the answer: it read {@code rows} data rows from it (null when the
   * answer held no row data), and classified it as {@code error} (null when it read it whole). Only
   * the first report counts.
   */
  public void readerDone(Long rows, ErrorKind error) {
    CallRecord record;
    synchronized (this) {
      if (!claimed || readerDone) {
        return;
      }
      readerDone = true;
      this.rows = rows;
      readerError = error;
      record = publishable();
    }
    publish(record);
  }

  @Override
  public synchronized void callStart(Call call) {
    started = clock.instant();
    startNanos = System.nanoTime();
  }

  @Override
  public synchronized void responseHeadersEnd(Call call, Response response) {
    status = response.code();
  }

  @Override
  public synchronized void responseBodyEnd(Call call, long byteCount) {
    bytes += byteCount;
  }

  @Override
  public void callEnd(Call call) {
    ended(call, null);
  }

  @Override
  public void callFailed(Call call, IOException e) {
    ended(call, e);
  }

  private void ended(Call call, IOException e) {
    CallRecord record;
    synchronized (this) {
      if (callEnded) {
        return;
      }
      callEnded = true;
      if (started == null) {
        started = clock.instant();
        startNanos = System.nanoTime();
      }
      durationMs = (System.nanoTime() - startNanos) / 1_000_000;
      callError = kind(call, e);
      record = publishable();
    }
    publish(record);
  }

  /**
   * The kind as the transport classifies the call: by its status when it answered an error
   * (whatever then happened to the error body), else by the failure, else cancelled when the call
   * was cancelled while its body was still open.
   */
  private ErrorKind kind(Call call, IOException e) {
    if (status != null && status != 200) {
      return ErrorKind.forStatus(route, status);
    }
    if (e != null) {
      return Transport.kind(call, e, status == null);
    }
    return call.isCanceled() ? ErrorKind.CANCELLED : null;
  }

  /** The record, when every party is done and it was not published yet; else null. */
  private CallRecord publishable() {
    if (published || !callEnded || (claimed && !readerDone)) {
      return null;
    }
    published = true;
    ErrorKind error = readerError != null ? readerError : callError;
    return new CallRecord(
        started,
        route,
        query,
        status,
        durationMs,
        bytes,
        rows,
        error == null ? null : error.name());
  }

  private void publish(CallRecord record) {
    if (record != null) {
      history.add(record);
    }
  }

  @Override
  public String toString() {
    return "CallRecorder[" + route + (query == null ? "" : "?" + query) + "]";
  }
}
