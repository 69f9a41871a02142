package io.cubesql.onestream.client.internal;

import io.cubesql.onestream.client.AccessToken;
import io.cubesql.onestream.client.ErrorKind;
import io.cubesql.onestream.client.OneStreamException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access token of one set of credentials, fetched once for every connection that uses them.
 *
 * <p>Single flight: when a token is needed, one caller sends the token request and the others wait
 * for its answer. A token is refreshed ahead of expiry, when less than {@code min(maxMargin,
 * fraction × lifetime)} remains; while that refresh runs, other callers keep using the old token,
 * which is still valid, and when that refresh fails the old token is used until it expires. A
 * failed early refresh is not tried again before a short back-off ({@code min(5 s, half the time
 * left)}), so that callers are not made to wait on a failing endpoint; callers waiting for it get
 * the old token. A refused token is dropped at once, so no caller is handed it again.
 */
public final class SharedToken {
  private static final Logger LOG = LoggerFactory.getLogger(SharedToken.class);

  /** The longest wait before a failed refresh ahead of expiry is tried again. */
  private static final Duration MAX_BACK_OFF = Duration.ofSeconds(5);

  /** Sends one token request; called by one thread at a time. */
  @FunctionalInterface
  public interface Grant {
    TokenEndpoint.Answer fetch(OkHttpClient http) throws OneStreamException;
  }

  /**
   * A token, when to refresh it, until when it may still be handed out while a refresh runs (half
   * the margin before expiry: a request needs time to reach the server), and when it expires. All
   * null when the lifetime is unknown: such a token is replaced only when refused.
   */
  private record Held(AccessToken token, Instant refreshAt, Instant lastSafe, Instant expiresAt) {
    boolean fresh(Instant now) {
      return refreshAt == null || now.isBefore(refreshAt);
    }

    boolean safe(Instant now) {
      return lastSafe == null || now.isBefore(lastSafe);
    }

    boolean usable(Instant now) {
      return expiresAt == null || now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
      return "Held[****, refresh at " + refreshAt + "]";
    }
  }

  private final Grant grant;
  private final String endpoint;
  private final Duration maxMargin;
  private final double fraction;
  private final Object lock = new Object();
  private volatile Clock clock;
  private volatile boolean clockFixed;
  private volatile OkHttpClient http;
  private volatile Held current;
  private CompletableFuture<Held> inFlight; // guarded by lock
  private boolean forgotten; // guarded by lock
  private Held failedFor; // the token whose early refresh failed last; guarded by lock
  private Instant retryAt; // when to try that refresh again; guarded by lock
  private int references; // guarded by TokenCache's compute on this key

  /**
   * @param endpoint the token URL, for messages
   * @param clock the clock of expiry; null until a connection binds one (system UTC by default)
   */
  public SharedToken(
      Grant grant, String endpoint, Duration maxMargin, double fraction, Clock clock) {
    checkMargin(maxMargin, fraction);
    this.grant = grant;
    this.endpoint = endpoint;
    this.maxMargin = maxMargin;
    this.fraction = fraction;
    this.clockFixed = clock != null;
    this.clock = clock == null ? Clock.systemUTC() : clock;
  }

  /** Fails naming the setting when a refresh margin is impossible. */
  public static void checkMargin(Duration maxMargin, double fraction) {
    if (maxMargin.isNegative() || !(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "refreshMargin must be at least 0 with a fraction from 0 to below 1, not "
              + maxMargin
              + " and "
              + fraction);
    }
  }

  /** Lends the connection's client and clock; the first binding wins, a given clock is kept. */
  public void bind(OkHttpClient http, Clock clock) {
    synchronized (lock) {
      if (this.http == null && http != null) {
        this.http = http;
      }
      if (!clockFixed && clock != null) {
        this.clock = clock;
        clockFixed = true;
      }
    }
  }

  /** A token valid now, fetched first when there is none or it is due for refresh. */
  public AccessToken token() throws OneStreamException {
    Instant now = clock.instant();
    Held h = current;
    if (h != null && h.fresh(now)) {
      return h.token();
    }
    CompletableFuture<Held> flight;
    boolean mine = false;
    synchronized (lock) {
      if (forgotten) {
        throw closed();
      }
      h = current;
      if (h != null && h.fresh(now)) {
        return h.token();
      }
      if (h != null && h == failedFor && now.isBefore(retryAt) && h.usable(now)) {
        // An early refresh failed a moment ago: do not ask the endpoint again yet.
        return h.token();
      }
      if (inFlight == null) {
        inFlight = new CompletableFuture<>();
        mine = true;
      }
      flight = inFlight;
    }
    if (!mine) {
      // A refresh ahead of expiry is under way: the old token still works meanwhile, unless it is
      // so close to expiry that it could lapse before the request reaches the server.
      if (h != null && h.safe(now)) {
        return h.token();
      }
      try {
        return Flight.await(flight, "the token endpoint " + endpoint).token();
      } catch (OneStreamException e) {
        // The refresh failed; the old token is still good if it was not refused meanwhile.
        if (h != null && current == h && h.usable(clock.instant())) {
          return h.token();
        }
        throw e;
      }
    }
    try {
      return fetch(flight).token();
    } catch (OneStreamException e) {
      Instant failedAt = clock.instant();
      synchronized (lock) {
        if (h == null || current != h || !h.usable(failedAt)) { // refused meanwhile, or expired
          throw e;
        }
        // An early refresh failed; the current token is still valid until it expires. Try again
        // after a back-off, which never reaches past the expiry.
        Duration half =
            h.expiresAt() == null
                ? MAX_BACK_OFF
                : Duration.between(failedAt, h.expiresAt()).dividedBy(2);
        failedFor = h;
        retryAt = failedAt.plus(half.compareTo(MAX_BACK_OFF) < 0 ? half : MAX_BACK_OFF);
      }
      LOG.warn(
          "Refreshing the token ahead of expiry failed; the current one is still valid: {}",
          RedactingLogger.redact(e.getMessage()));
      return h.token();
    }
  }

  private Held fetch(CompletableFuture<Held> flight) throws OneStreamException {
    Held next;
    try {
      // The lifetime counts from before the request: the token may be older than its answer.
      Instant start = clock.instant();
      OkHttpClient client = http == null ? TokenEndpoint.fallbackHttp() : http;
      next = held(grant.fetch(client), start);
    } catch (OneStreamException | RuntimeException e) {
      synchronized (lock) {
        inFlight = null;
      }
      flight.completeExceptionally(e);
      throw e;
    }
    synchronized (lock) {
      inFlight = null;
      if (!forgotten) {
        current = next;
      }
    }
    flight.complete(next);
    return next;
  }

  private Held held(TokenEndpoint.Answer answer, Instant start) {
    Long seconds = answer.expiresInSeconds();
    if (seconds == null) {
      return new Held(new AccessToken(answer.accessToken(), null), null, null, null);
    }
    Duration lifetime = Duration.ofSeconds(seconds);
    Duration byFraction = Duration.ofMillis((long) (lifetime.toMillis() * fraction));
    Duration margin = byFraction.compareTo(maxMargin) < 0 ? byFraction : maxMargin;
    Instant expiresAt = start.plus(lifetime);
    return new Held(
        new AccessToken(answer.accessToken(), expiresAt),
        expiresAt.minus(margin),
        expiresAt.minus(margin.dividedBy(2)),
        expiresAt);
  }

  /**
   * Drops {@code token} if it is still the current one, so that the next {@link #token()} fetches
   * another; a token already replaced (another caller's refusal came first) changes nothing.
   * Returns whether a new token can be had.
   */
  public boolean refused(AccessToken token) {
    synchronized (lock) {
      Held h = current;
      if (h != null && (h.token() == token || h.token().value().equals(token.value()))) {
        current = null;
      }
      return !forgotten;
    }
  }

  /** Forgets the token for good; called when the last connection using it closes. */
  public void forget() {
    synchronized (lock) {
      forgotten = true;
      current = null;
    }
  }

  boolean isForgotten() {
    synchronized (lock) {
      return forgotten;
    }
  }

  void retain() {
    references++;
  }

  /** One reference fewer; forgets the token at zero. Returns the references left. */
  int release() {
    references--;
    if (references <= 0) {
      forget();
    }
    return references;
  }

  private OneStreamException closed() {
    return OneStreamException.of(
        ErrorKind.AUTHENTICATION, endpoint, "The token provider for " + endpoint + " is closed");
  }

  @Override
  public String toString() {
    return "SharedToken[" + endpoint + "]";
  }
}
