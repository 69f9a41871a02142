package io.cubesql.onestream.client.internal;

import io.cubesql.onestream.client.AccessToken;
import io.cubesql.onestream.client.ErrorKind;
import io.cubesql.onestream.client.OneStreamException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;

/**
 * One provider's hold on a {@link SharedToken}: shared through the {@link TokenCache}, or private
 * when sharing is off. Closing it gives the reference back once; afterwards it refuses to work.
 */
public final class TokenLease {
  private final TokenCache.Key key;
  private final SharedToken token;
  private final String endpoint;
  private final AtomicBoolean closed = new AtomicBoolean();

  private TokenLease(TokenCache.Key key, SharedToken token, String endpoint) {
    this.key = key;
    this.token = token;
    this.endpoint = endpoint;
  }

  /** A lease on the shared token of {@code key}; {@code key} null makes a private one. */
  public static TokenLease of(TokenCache.Key key, Supplier<SharedToken> create, String endpoint) {
    if (key == null) {
      SharedToken t = create.get();
      t.retain();
      return new TokenLease(null, t, endpoint);
    }
    return new TokenLease(key, TokenCache.acquire(key, create), endpoint);
  }

  public AccessToken token() throws OneStreamException {
    if (closed.get()) {
      throw OneStreamException.of(
          ErrorKind.AUTHENTICATION, endpoint, "The token provider for " + endpoint + " is closed");
    }
    return token.token();
  }

  public boolean refused(AccessToken refused) {
    return !closed.get() && token.refused(refused);
  }

  public void bind(OkHttpClient http, Clock clock) {
    token.bind(http, clock);
  }

  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (key == null) {
      token.forget();
    } else {
      TokenCache.release(key, token);
    }
  }
}
