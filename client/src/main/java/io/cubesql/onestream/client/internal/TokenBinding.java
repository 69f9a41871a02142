package io.cubesql.onestream.client.internal;

import io.cubesql.onestream.client.TlsTrust;
import java.time.Clock;
import okhttp3.OkHttpClient;

/**
 * A token provider that can borrow the connection's OkHttp client and clock, so that token requests
 * share the transports' connection pool and expiry follows {@code ClientConfig.clock()}. The
 * session manager binds; the first binding wins, and a clock set on the provider itself is kept.
 */
public interface TokenBinding {
  void bind(OkHttpClient http, Clock clock);

  /**
   * Refuses a connection whose TLS trust is not the one the provider shares its token under: the
   * shared token is refreshed through the client of whichever connection bound first, so a
   * connection that verifies must never share with one that trusts otherwise.
   *
   * @throws IllegalArgumentException naming both trusts
   */
  default void checkTrust(TlsTrust connection) {}
}
