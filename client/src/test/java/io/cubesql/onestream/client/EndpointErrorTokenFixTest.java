package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A token endpoint that echoes credentials in its error answers, or answers broken JSON: no
 * exception message and no cause shows them.
 */
class EndpointErrorTokenFixTest {
  private static final String SECRET = "Echoed-Client-S3cret";
  private static final String REFRESH = "Echoed-Refresh-T0ken";
  private static final String GARBAGE = "BodyTextG4rbage";

  private static HttpServer server;

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    answer(
        "/secret",
        401,
        "{\"error\":\"invalid_client "
            + SECRET
            + "\","
            + "\"error_description\":\"The secret "
            + SECRET
            + " is wrong\"}");
    answer(
        "/refresh",
        400,
        "{\"error\":\"invalid_grant\","
            + "\"error_description\":\"The refresh token "
            + REFRESH
            + " is used up; "
            + "client_secret="
            + "other-value"
            + "\"}");
    answer("/garbage", 200, "{\"access_token\":\"x\",\"expires_in\":" + GARBAGE + "}");
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static void answer(String path, int status, String body) {
    server.createContext(
        path,
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static ClientCredentialsTokenProvider clientCredentials(String path) {
    return ClientCredentialsTokenProvider.builder()
        .tokenUrl(url(path))
        .clientId("echo")
        .clientSecret(Secret.of(SECRET))
        .shared(false)
        .build();
  }

  /** The throwable and all its causes, with their messages and string forms. */
  private static String everything(Throwable t) {
    StringBuilder out = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      out.append(c).append('\n').append(c.getMessage()).append('\n');
      for (Throwable s : c.getSuppressed()) {
        out.append(everything(s));
      }
    }
    return out.toString();
  }

  @Test
  void anEchoedClientSecretIsNotShown() {
    try (ClientCredentialsTokenProvider p = clientCredentials("/secret")) {
      Throwable t = catchThrowable(p::token);
      assertThat(t).isInstanceOf(OneStreamException.class);
      assertThat(t.getMessage()).contains("refused client 'echo'").contains("***");
      assertThat(everything(t)).doesNotContain(SECRET);
    }
  }

  @Test
  void anEchoedRefreshTokenIsNotShown() {
    try (RefreshTokenProvider p =
        RefreshTokenProvider.builder()
            .tokenUrl(url("/refresh"))
            .clientId("echo")
            .refreshToken(Secret.of(REFRESH))
            .clientSecret(Secret.of(SECRET))
            .shared(false)
            .build()) {
      Throwable t = catchThrowable(p::token);
      assertThat(t).isInstanceOf(OneStreamException.class);
      assertThat(t.getMessage()).contains("invalid_grant");
      assertThat(everything(t)).doesNotContain(REFRESH).doesNotContain("other-value");
    }
  }

  @Test
  void aBrokenAnswerIsNotQuoted() {
    try (ClientCredentialsTokenProvider p = clientCredentials("/garbage")) {
      Throwable t = catchThrowable(p::token);
      assertThat(t).isInstanceOf(OneStreamException.class);
      assertThat(t.getMessage()).contains("not JSON");
      assertThat(everything(t)).doesNotContain(GARBAGE);
    }
  }
}
