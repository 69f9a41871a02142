package io.cubesql.onestream.client.internal;

import java.util.List;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The JVM's OkHttp clients, one connection pool and one dispatcher for all: a cleartext one for
 * http servers and, built on first use, a TLS one for https servers. Building a client that can
 * speak TLS loads the JDK's trust store (a {@code TrustManagerFactory}, its {@code KeyStore} and
 * every CA certificate), about a seventh of a fresh JVM's first query; an http server never needs
 * it. An https client is what {@code new OkHttpClient()} is: OkHttp's default connection specs and
 * the JDK's trust, so verification is unchanged.
 */
final class HttpClients {
  /**
   * Cleartext only: OkHttp then builds no TLS part at all (no trust manager, no socket factory).
   */
  static final List<ConnectionSpec> CLEARTEXT_SPECS = List.of(ConnectionSpec.CLEARTEXT);

  /** OkHttp 4's default connection specs ({@code OkHttpClient.DEFAULT_CONNECTION_SPECS}). */
  static final List<ConnectionSpec> TLS_SPECS =
      List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT);

  private static final OkHttpClient CLEARTEXT =
      new OkHttpClient.Builder().connectionSpecs(CLEARTEXT_SPECS).build();

  /** The TLS client, built by the first https use: holder idiom, so that http never loads it. */
  private static final class Tls {
    static final OkHttpClient SHARED = CLEARTEXT.newBuilder().connectionSpecs(TLS_SPECS).build();
  }

  private HttpClients() {}

  /**
   * A builder for calls to {@code url}, sharing the JVM's pool and threads: cleartext only for an
   * http URL, OkHttp's defaults for https.
   */
  static OkHttpClient.Builder builderFor(HttpUrl url) {
    return (url.isHttps() ? Tls.SHARED : CLEARTEXT).newBuilder();
  }

  /**
   * {@code http} if it can call {@code url}, else a copy of it that speaks TLS with the JDK's trust
   * as OkHttp's default does: a token endpoint may be https (Entra ID, Okta) when the OneStream
   * server it lends its client is http.
   */
  static OkHttpClient reaching(OkHttpClient http, HttpUrl url) {
    if (!url.isHttps() || http.connectionSpecs().stream().anyMatch(ConnectionSpec::isTls)) {
      return http;
    }
    OkHttpClient tls = Tls.SHARED;
    return http.newBuilder()
        .connectionSpecs(tls.connectionSpecs())
        .sslSocketFactory(tls.sslSocketFactory(), tls.x509TrustManager())
        .build();
  }
}
