package io.cubesql.onestream.client.internal;

import io.cubesql.onestream.client.TlsTrust;
import java.util.List;
import javax.net.ssl.HostnameVerifier;
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
 *
 * <p>A connection with a {@link TlsTrust} of its own (a trust store, or trusting all) gets a client
 * that speaks TLS with that trust only, whatever the server's scheme: its token endpoint may be
 * https. It shares the pool all the same: OkHttp pools a connection under its address, which
 * includes the socket factory and host name verifier, so that a connection made under one trust is
 * never reused under another.
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

  /** Accepts any host name: only with {@link TlsTrust#insecureTrustAllCertificates()}. */
  private static final HostnameVerifier ANY_HOST_NAME = (host, session) -> true;

  private HttpClients() {}

  /**
   * A builder for calls to {@code url}, sharing the JVM's pool and threads: with the JDK's trust,
   * cleartext only for an http URL and OkHttp's defaults for https; with a trust of the caller's,
   * TLS (and cleartext) with that trust.
   */
  static OkHttpClient.Builder builderFor(HttpUrl url, TlsTrust trust) {
    if (trust.kind() == TlsTrust.Kind.JDK) {
      return (url.isHttps() ? Tls.SHARED : CLEARTEXT).newBuilder();
    }
    // From the cleartext client, not the TLS one: the JDK's trust store is not loaded for nothing.
    OkHttpClient.Builder b =
        CLEARTEXT
            .newBuilder()
            .connectionSpecs(TLS_SPECS)
            .sslSocketFactory(trust.socketFactory(), trust.trustManager());
    if (!trust.verifiesHostnames()) {
      b.hostnameVerifier(ANY_HOST_NAME);
    }
    return b;
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
