package io.cubesql.onestream.client.internal;

import io.cubesql.onestream.client.AccessToken;
import io.cubesql.onestream.client.ApiVersion;
import io.cubesql.onestream.client.CallHandle;
import io.cubesql.onestream.client.ClientConfig;
import io.cubesql.onestream.client.ErrorKind;
import io.cubesql.onestream.client.OneStreamException;
import io.cubesql.onestream.client.Route;
import io.cubesql.onestream.client.TlsTrust;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one API call over HTTP: {@code POST {server}{apiBasePath}/api/{Service}/{Action}
 * ?api-version=V} with a JSON body and a bearer token (onestream-api.md §1). It answers the open
 * response of a 200, or throws a {@link OneStreamException} built from the error answer.
 *
 * <p>Reads ({@link Route#isRead()}) are sent again, up to {@link ClientConfig#maxAttempts()} times
 * in all, when the server or a gateway answers 429 or 503 (after its {@code Retry-After}, else
 * after a back-off with jitter) and when the connection fails before any answer arrived. Actions
 * (DataManagement) are sent once: a consolidation must not run twice. OkHttp is told never to
 * resend a body on its own (see {@link OneShotBody}). A 500 is an execution error and is never
 * retried. A {@code Retry-After} longer than {@link ClientConfig#retryMaxDelay()} ends the call at
 * once with THROTTLED rather than block the caller. Time-outs apply to each attempt; a time-out is
 * not retried, since the server may still be working on the request.
 *
 * <p>Each attempt is recorded in the transport's {@link #history()} by a {@link CallRecorder} of
 * its own, the tag of the attempt's copy of the request.
 */
public class Transport {
  private static final Logger LOG = LoggerFactory.getLogger(Transport.class);

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /** The largest error body read to find {@code Message} and {@code Detail}. */
  private static final long MAX_ERROR_BODY = 64 * 1024;

  /** How often a wait between attempts looks for a cancellation. */
  private static final long CANCEL_POLL_MILLIS = 20;

  private final ClientConfig config;
  private final OkHttpClient http;
  private final HttpUrl apiUrl;
  private final RetryPolicy retry;
  private final CallHistory history = new CallHistory();

  public Transport(ClientConfig config) {
    this(config, RetryPolicy.of(config));
  }

  /** A transport with its own retry policy (tests fix the jitter). */
  public Transport(ClientConfig config, RetryPolicy retry) {
    this.config = config;
    this.retry = retry;
    this.apiUrl = HttpUrl.get(config.serverUrl() + config.apiBasePath() + "/api");
    if (config.tlsTrust().kind() == TlsTrust.Kind.INSECURE_TRUST_ALL) {
      LOG.warn(
          "TLS verification is off for {} and its token endpoint (insecureTrustAllCertificates):"
              + " any certificate is trusted, for any host name, so anyone on the network path can"
              + " read and change this connection's traffic, its tokens included. For development"
              + " only: a trust store (trustStore) trusts a self-signed certificate safely.",
          config.serverUrl());
    }
    // Derived from the JVM's client for the scheme, sharing its connections and threads; an http
    // server gets a cleartext-only client, which never loads the JDK's trust store.
    this.http =
        HttpClients.builderFor(apiUrl, config.tlsTrust())
            .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .callTimeout(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .addInterceptor(new RedactingLogger())
            .eventListenerFactory(CallRecorder.factory())
            .build();
  }

  public ClientConfig config() {
    return config;
  }

  /**
   * The derived OkHttp client, for token endpoints that share its pool; cleartext only when the
   * server is http (a token endpoint at https derives a TLS copy, see {@link TokenEndpoint}).
   */
  public OkHttpClient http() {
    return http;
  }

  /** The calls this transport sent, each attempt apart, and how many there were. */
  public CallHistory history() {
    return history;
  }

  /**
   * Sends one call, retrying a read as the class comment says, and returns the open 200 response;
   * the caller closes it.
   *
   * @param onCall receives each OkHttp call before it is executed, so that it can be cancelled; a
   *     {@link CallHandle} also stops the retries
   */
  public Response send(
      Route route,
      ApiVersion version,
      byte[] body,
      AccessToken token,
      Map<String, String> query,
      Consumer<Call> onCall)
      throws OneStreamException {
    Request request = request(route, version, body, token, query);
    String path = route.path();
    String shownQuery = CallRecorder.shownQuery(request.url());
    int max = route.isRead() ? retry.maxAttempts() : 1;
    for (int attempt = 1; ; attempt++) {
      CallRecorder recorder = new CallRecorder(history, config.clock(), path, shownQuery);
      Call call = http.newCall(recorder.tag(request));
      onCall.accept(call);
      Response response;
      try {
        response = call.execute();
      } catch (IOException e) {
        OneStreamException error = classify(call, path, path, e, true, config);
        if (!route.isRead() || !beforeAnswer(error, e) || attempt >= max) {
          throw attempt == 1 ? error : afterAttempts(error, attempt);
        }
        Duration wait = retry.backoff(attempt);
        LOG.debug(
            "{} attempt {} failed ({}); retrying in {} ms", path, attempt, error.kind(), ms(wait));
        pause(wait, call, onCall, path);
        continue;
      }
      int status = response.code();
      if (status == 200) {
        return response;
      }
      if (!route.isRead() || (status != 429 && status != 503)) {
        throw errorFrom(response, path).scrubbed(token.value().reveal());
      }
      Duration asked = retry.retryAfter(response.header("Retry-After"));
      OneStreamException error = errorFrom(response, path).scrubbed(token.value().reveal());
      if (attempt >= max) {
        throw OneStreamException.restating(
            ErrorKind.THROTTLED,
            String.format("%s is still throttled (%s) after %s", path, said(error), times(attempt)),
            error);
      }
      if (asked != null && asked.compareTo(retry.maxDelay()) > 0) {
        throw OneStreamException.restating(
            ErrorKind.THROTTLED,
            String.format(
                "%s is throttled (%s) after %s: the server asks to wait %d s,"
                    + " longer than retryMaxDelay (%d s)",
                path, said(error), times(attempt), asked.toSeconds(), retry.maxDelay().toSeconds()),
            error);
      }
      Duration wait = asked != null ? asked : retry.backoff(attempt);
      LOG.debug("{} attempt {} answered {}; retrying in {} ms", path, attempt, status, ms(wait));
      pause(wait, call, onCall, path);
    }
  }

  private Request request(
      Route route, ApiVersion version, byte[] body, AccessToken token, Map<String, String> query) {
    HttpUrl.Builder url =
        apiUrl
            .newBuilder()
            .addPathSegments(route.path())
            .addQueryParameter("api-version", version.text());
    query.forEach(url::addQueryParameter);
    RequestBody content = RequestBody.create(body, JSON);
    return new Request.Builder()
        .url(url.build())
        .header("Authorization", "Bearer " + token.value().reveal())
        .header("Accept", "application/json")
        .post(new OneShotBody(content))
        .build();
  }

  /**
   * Whether a failed exchange can be repeated: the connection failed or was reset before any
   * answer. Not a time-out (the server may still be working) and not a cancellation.
   */
  private static boolean beforeAnswer(OneStreamException error, IOException e) {
    return error.kind() == ErrorKind.CONNECTION
        && !(e instanceof UnknownHostException)
        && !(e instanceof SSLException);
  }

  private static OneStreamException afterAttempts(OneStreamException error, int attempts) {
    return OneStreamException.of(
        error.kind(),
        error.route(),
        error.getMessage() + " (after " + times(attempts) + ")",
        error.getCause());
  }

  /** Waits between attempts, ending early with CANCELLED when the call or the handle is. */
  private static void pause(Duration wait, Call last, Consumer<Call> onCall, String route)
      throws OneStreamException {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      while (true) {
        // A cancel between attempts reaches the finished call (or the handle): stop here.
        if (last.isCanceled() || onCall instanceof CallHandle h && h.isCancelled()) {
          throw OneStreamException.of(ErrorKind.CANCELLED, route, route + " was cancelled");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, CANCEL_POLL_MILLIS));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw OneStreamException.of(
          ErrorKind.CANCELLED, route, route + " was interrupted while waiting to retry", e);
    }
  }

  /** The status and what the server said, for a message. */
  private static String said(OneStreamException error) {
    String text = error.serverMessage() != null ? error.serverMessage() : error.detail();
    return "HTTP " + error.httpStatus() + (text == null || text.isBlank() ? "" : ": " + text);
  }

  private static String times(int attempts) {
    return attempts == 1 ? "1 attempt" : attempts + " attempts";
  }

  private static long ms(Duration d) {
    return d.toMillis();
  }

  /** Executes a call, mapping I/O failures to the kinds a caller acts on. */
  public static Response execute(Call call, String route) throws OneStreamException {
    try {
      return call.execute();
    } catch (IOException e) {
      throw classify(call, route, route, e, true, null);
    }
  }

  /**
   * Classifies an I/O failure of {@code call} while reading an answer's body (or sending it).
   * Messages name the route, never a secret.
   */
  public static OneStreamException failure(Call call, String route, IOException e) {
    return classify(call, route, route, e, false, null);
  }

  /**
   * As {@link #failure(Call, String, IOException)}, with messages naming {@code subject} (such as
   * {@code Analytics/GetDataCellsFromCube, page 2 (Analytics/GetDataRequest)}) instead of the
   * route.
   */
  public static OneStreamException failure(Call call, String route, String subject, IOException e) {
    return classify(call, route, subject, e, false, null);
  }

  /**
   * Maps an I/O failure to a kind: the caller's cancel is CANCELLED; a connect failure or time-out
   * is CONNECTION; a read or whole-call time-out is TIMEOUT; a connection lost before the answer
   * began is CONNECTION; one lost in the middle of the answer, or an answer that breaks HTTP or
   * JSON, is PROTOCOL (a truncated body is never a shorter result).
   *
   * @param route the route, which the error records
   * @param subject what messages name: the route, or what it reads (such as a later page)
   * @param beforeAnswer whether no response had arrived yet (the failure came from execute)
   * @param config for the time-outs named in messages; null when unknown
   */
  private static OneStreamException classify(
      Call call,
      String route,
      String subject,
      IOException e,
      boolean beforeAnswer,
      ClientConfig config) {
    if (e instanceof OneStreamException ose) {
      return ose;
    }
    // OkHttp's call time-out cancels the call and then throws InterruptedIOException("timeout"):
    // look at the exception before the cancelled flag, or a time-out would pass for a cancel.
    boolean callTimeout =
        e instanceof InterruptedIOException
            && !(e instanceof SocketTimeoutException)
            && "timeout".equals(e.getMessage());
    if (e instanceof SocketTimeoutException) {
      String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (text.contains("connect")) {
        return OneStreamException.of(
            ErrorKind.CONNECTION,
            route,
            "Cannot reach the server for "
                + subject
                + ": no connection within the connect timeout"
                + limit(config == null ? null : config.connectTimeout()),
            e);
      }
      return OneStreamException.of(
          ErrorKind.TIMEOUT,
          route,
          subject
              + " timed out: no data within the read timeout"
              + limit(config == null ? null : config.readTimeout()),
          e);
    }
    if (callTimeout) {
      return OneStreamException.of(
          ErrorKind.TIMEOUT,
          route,
          subject
              + " timed out: the exchange took longer than the call timeout"
              + limit(config == null ? null : config.callTimeout()),
          e);
    }
    if (call != null && call.isCanceled()) {
      return OneStreamException.of(ErrorKind.CANCELLED, route, subject + " was cancelled", e);
    }
    if (e instanceof InterruptedIOException) {
      return OneStreamException.of(
          ErrorKind.CANCELLED, route, subject + " was interrupted: " + e.getMessage(), e);
    }
    if (e instanceof SSLException ssl) {
      return OneStreamException.of(
          ErrorKind.CONNECTION,
          route,
          "Cannot connect to the server for "
              + subject
              + ": "
              + TlsFailures.describe(
                  ssl,
                  call == null ? null : call.request().url(),
                  config == null ? null : config.tlsTrust()),
          e);
    }
    if (e instanceof ConnectException
        || e instanceof UnknownHostException
        || e instanceof NoRouteToHostException) {
      return OneStreamException.of(
          ErrorKind.CONNECTION, route, "Cannot reach the server for " + subject + ": " + e, e);
    }
    if (beforeAnswer && !(e instanceof ProtocolException)) {
      return OneStreamException.of(
          ErrorKind.CONNECTION,
          route,
          "The connection was lost before " + subject + " answered: " + e,
          e);
    }
    if (e instanceof EOFException) {
      // OkHttp's own text dumps the half-read line in hex ("\n not found: limit=0 content=…"):
      // say what happened instead.
      return OneStreamException.of(
          ErrorKind.PROTOCOL,
          route,
          subject + " answer ended early: the connection closed before the end of the answer",
          e);
    }
    return OneStreamException.of(
        ErrorKind.PROTOCOL, route, subject + " failed while reading the answer: " + e, e);
  }

  /**
   * The kind {@link #classify} gives a failed call, for its record.
   *
   * @param beforeAnswer whether no response had arrived yet
   */
  static ErrorKind kind(Call call, IOException e, boolean beforeAnswer) {
    return classify(call, null, null, e, beforeAnswer, null).kind();
  }

  private static String limit(Duration d) {
    return d == null ? "" : " (" + d.toMillis() + " ms)";
  }

  /**
   * Reads an error answer's {@code Message} and {@code Detail} (its first 64 KiB) and closes it.
   */
  public static OneStreamException errorFrom(Response response, String route) {
    byte[] bytes = new byte[0];
    try (ResponseBody b = response.body()) {
      if (b != null) {
        BufferedSource source = b.source();
        source.request(MAX_ERROR_BODY);
        bytes =
            source.getBuffer().readByteArray(Math.min(source.getBuffer().size(), MAX_ERROR_BODY));
      }
    } catch (IOException e) {
      // The status alone still says what failed.
    }
    Map<String, String> fields = Json.topLevelStrings(bytes);
    // A server or proxy may echo part of the request: the text passes the log redaction too.
    return OneStreamException.fromResponse(
        route,
        response.code(),
        response.message(),
        RedactingLogger.redact(fields.get("message")),
        RedactingLogger.redact(fields.get("detail")));
  }

  /**
   * A request body OkHttp must not send twice: its own retry on a failed connection would repeat an
   * action that may already be running on the server.
   */
  static final class OneShotBody extends RequestBody {
    private final RequestBody delegate;

    OneShotBody(RequestBody delegate) {
      this.delegate = delegate;
    }

    @Override
    public MediaType contentType() {
      return delegate.contentType();
    }

    @Override
    public long contentLength() throws IOException {
      return delegate.contentLength();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      delegate.writeTo(sink);
    }

    @Override
    public boolean isOneShot() {
      return true;
    }
  }
}
