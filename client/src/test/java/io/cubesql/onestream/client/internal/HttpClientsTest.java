package io.cubesql.onestream.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.client.ClientConfig;
import io.cubesql.onestream.client.ErrorKind;
import io.cubesql.onestream.client.OneStreamException;
import io.cubesql.onestream.client.PatTokenProvider;
import io.cubesql.onestream.client.Secret;
import io.cubesql.onestream.client.TlsTrust;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.ConnectionSpec;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * A transport to an http server builds no TLS part (loading the JDK's trust store is a seventh of a
 * fresh JVM's first query); one to an https server is configured as OkHttp's default client is; a
 * token endpoint at https still speaks TLS through the cleartext client an http transport lends it.
 * A trust of the caller's own gives a TLS client with that trust, for the server and token
 * endpoint.
 */
class HttpClientsTest {
  private static Transport transport(String serverUrl) {
    return new Transport(
        ClientConfig.builder()
            .serverUrl(serverUrl)
            .application("GolfStream")
            .tokenProvider(new PatTokenProvider(Secret.of("not-a-real-pat")))
            .build());
  }

  @Test
  void anHttpServerGetsACleartextClientWithNoTlsParts() {
    OkHttpClient http = transport("http://127.0.0.1:8080").http();

    assertThat(http.connectionSpecs()).containsExactly(ConnectionSpec.CLEARTEXT);
    // OkHttp sets the trust manager and socket factory only when a connection spec is TLS.
    assertThat(http.x509TrustManager()).isNull();
    assertThatThrownBy(http::sslSocketFactory).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anHttpsServerGetsOkHttpsDefaultTls() {
    OkHttpClient https = transport("https://onestream.example.com").http();
    OkHttpClient defaults = new OkHttpClient();

    assertThat(https.connectionSpecs()).isEqualTo(defaults.connectionSpecs());
    assertThat(https.connectionSpecs()).contains(ConnectionSpec.MODERN_TLS);
    assertThat(https.x509TrustManager()).isNotNull();
    assertThat(https.x509TrustManager().getAcceptedIssuers())
        .hasSameSizeAs(defaults.x509TrustManager().getAcceptedIssuers());
    assertThat(https.hostnameVerifier()).isSameAs(defaults.hostnameVerifier());
    assertThat(https.certificatePinner()).isEqualTo(defaults.certificatePinner());
  }

  @Test
  void aTrustOfTheCallersOwnGivesATlsClientWithThatTrustWhateverTheScheme() {
    TlsTrust all = TlsTrust.insecureTrustAllCertificates();
    for (String server : List.of("https://onestream.example.com", "http://127.0.0.1:8080")) {
      OkHttpClient http =
          new Transport(
                  ClientConfig.builder()
                      .serverUrl(server)
                      .application("GolfStream")
                      .tokenProvider(new PatTokenProvider(Secret.of("not-a-real-pat")))
                      .tlsTrust(all)
                      .build())
              .http();

      assertThat(http.connectionSpecs()).as(server).isEqualTo(HttpClients.TLS_SPECS);
      assertThat(http.x509TrustManager()).as(server).isSameAs(all.trustManager());
      // Trusting all is the one case where a certificate need not name the host.
      assertThat(http.hostnameVerifier().verify("any.host.example", null)).isTrue();
      // An https token endpoint is called with the same trust, not the JDK's.
      assertThat(HttpClients.reaching(http, HttpUrl.get("https://idp.test/token"))).isSameAs(http);
    }
  }

  @Test
  void aClientIsLentAsItIsWhenItCanReachTheUrl() {
    OkHttpClient cleartext = transport("http://127.0.0.1:8080").http();
    OkHttpClient tls = transport("https://onestream.example.com").http();

    assertThat(HttpClients.reaching(cleartext, HttpUrl.get("http://idp.test/token")))
        .isSameAs(cleartext);
    assertThat(HttpClients.reaching(tls, HttpUrl.get("https://idp.test/token"))).isSameAs(tls);
    OkHttpClient copy = HttpClients.reaching(cleartext, HttpUrl.get("https://idp.test/token"));
    assertThat(copy.connectionSpecs()).isEqualTo(tls.connectionSpecs());
    assertThat(copy.x509TrustManager()).isSameAs(tls.x509TrustManager());
    assertThat(copy.hostnameVerifier()).isSameAs(tls.hostnameVerifier());
    // The copy keeps the transport's own interceptors and pool.
    assertThat(copy.interceptors()).isEqualTo(cleartext.interceptors());
    assertThat(copy.connectionPool()).isSameAs(cleartext.connectionPool());
  }

  @Test
  void anHttpsTokenEndpointSpeaksTlsThroughAnHttpTransportsClient() throws Exception {
    OkHttpClient cleartext = transport("http://127.0.0.1:8080").http();
    List<Integer> firstBytes = new CopyOnWriteArrayList<>();
    try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread accepter =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try (Socket s = server.accept();
                      InputStream in = s.getInputStream()) {
                    // The first record whole (type, version, length, body), then a clean close:
                    // the client's handshake ends on an EOF, not on a reset.
                    byte[] header = in.readNBytes(5);
                    firstBytes.add(header.length == 0 ? -1 : header[0] & 0xff);
                    if (header.length == 5) {
                      in.readNBytes(((header[3] & 0xff) << 8) | (header[4] & 0xff));
                    }
                  } catch (IOException e) {
                    return; // the server socket was closed
                  }
                }
              });
      accepter.setDaemon(true);
      accepter.start();
      TokenEndpoint endpoint =
          new TokenEndpoint("https://127.0.0.1:" + server.getLocalPort() + "/token", "c");

      OneStreamException e =
          catchThrowableOfType(
              () ->
                  endpoint.post(
                      cleartext,
                      new FormBody.Builder().add("grant_type", "client_credentials").build(),
                      null),
              OneStreamException.class);

      assertThat(e.kind()).isEqualTo(ErrorKind.CONNECTION);
      // 0x16: a TLS handshake record (a ClientHello), not the 'P' of a cleartext POST.
      assertThat(firstBytes).isNotEmpty().allMatch(b -> b == 0x16);
    }
  }
}
