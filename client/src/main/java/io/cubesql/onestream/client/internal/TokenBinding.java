package io.cubesql.onestream.client.internal;

import java.time.Clock;
import okhttp3.OkHttpClient;

/**
 * A token provider that can borrow the connection's OkHttp client and clock, so that token requests
 * share the transports' connection pool and expiry follows {@code ClientConfig.clock()}. The
 * session manager binds; the first binding wins, and a clock set on the provider itself is kept.
 */
public interface TokenBinding {
  void bind(OkHttpClient http, Clock clock);
}
