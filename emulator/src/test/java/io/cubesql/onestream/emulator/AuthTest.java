package io.cubesql.onestream.emulator;

import static io.cubesql.onestream.emulator.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubesql.onestream.emulator.internal.identity.TokenEndpointKind;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer tokens (PAT, OAuth2, IdentityServer), their expiry and revocation, and SI idle expiry. */
class AuthTest {
  static final String PAT = "abcdefghijklmnopqrstuvwxyz012345-ABCDEFGHIJKLMNOPQRSTUVWXYZ6789012";
  static final String SECRET = "s3cret-value-never-logged";

  static MutableClock clock;
  static OneStreamEmulator emulator;
  static TestClient client;

  @BeforeAll
  static void start() {
    clock = new MutableClock();
    emulator =
        OneStreamEmulator.builder()
            .applicationHost(s -> new FakeHost())
            .clock(clock)
            .adminPat(PAT)
            .oauthClient("driver", SECRET)
            .oauthClient("other", "x:y&z")
            .tokenTtl(Duration.ofSeconds(90))
            .siIdle(Duration.ofMinutes(5))
            .start();
    client = new TestClient(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static HttpResponse<String> probe(String token) {
    return client.call("Authentication/LogonAndReturnCookie", "7.2.0", token, "{}");
  }

  @Test
  void givenPatIsAccepted() {
    assertThat(emulator.adminPat()).isEqualTo(PAT);
    assertThat(probe(PAT).statusCode()).isEqualTo(200);
  }

  @Test
  void malformedGivenPatIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> OneStreamEmulator.builder().adminPat("short-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("66")
        .hasMessageNotContaining("short-secret");
  }

  @Test
  void missingOrWrongTokenIs401() {
    HttpResponse<String> none = probe(null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(json(none).get("Message").asText())
        .isEqualTo("Authorization has been denied for this request.");
    HttpResponse<String> basic =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        emulator.apiUrl()
                            + "/api/Authentication/LogonAndReturnCookie?api-version=7.2.0"))
                .header("Authorization", "Basic Zm9vOmJhcg==")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertThat(basic.statusCode()).isEqualTo(401);
    String unknownPat = PAT.replace('a', 'b');
    HttpResponse<String> unknown = probe(unknownPat);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.body()).doesNotContain(unknownPat);
    assertThat(probe("garbage").statusCode()).isEqualTo(401);
  }

  @Test
  void expiredPatIs401() {
    String pat = emulator.issuePat("analyst", Duration.ofMinutes(10));
    assertThat(probe(pat).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(11));
    HttpResponse<String> r = probe(pat);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("Message").asText()).isEqualTo("The Personal Access Token has expired.");
    assertThat(r.body()).doesNotContain(pat);
  }

  @Test
  void revokedPatIs401() {
    String pat = emulator.issuePat("analyst", null);
    assertThat(probe(pat).statusCode()).isEqualTo(200);
    assertThat(emulator.revokePat(pat)).isTrue();
    HttpResponse<String> r = probe(pat);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("Message").asText())
        .isEqualTo("The Personal Access Token has been revoked.");
  }

  @Test
  void sessionInfoExpiresWhenIdle() {
    String si = client.session(PAT, "GolfStream");
    clock.advance(Duration.ofMinutes(4));
    assertThat(client.app("Analytics/GetCubeList", PAT, si, "").statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(4)); // 8 minutes old, but used 4 minutes ago
    assertThat(client.app("Analytics/GetCubeList", PAT, si, "").statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(5));
    HttpResponse<String> r = client.app("Analytics/GetCubeList", PAT, si, "");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("Message").asText()).isEqualTo("Session is invalid or has expired.");
  }

  @Test
  void clientCredentialsAtEveryProviderPath() {
    String[] paths = {
      "/0f2c7e36-tenant/oauth2/v2.0/token",
      "/oauth2/default/v1/token",
      "/oauth2/aus1a2b3c4/v1/token",
      "/as/token.oauth2"
    };
    long before = emulator.identity().tokenRequests();
    for (String path : paths) {
      HttpResponse<String> r =
          client.token(
              path,
              "driver",
              SECRET,
              "grant_type=client_credentials&scope=api%3A%2F%2Fx%2F.default");
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      JsonNode t = json(r);
      assertThat(t.get("token_type").asText()).isEqualTo("Bearer");
      assertThat(t.get("expires_in").asLong()).isEqualTo(90);
      assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(probe(t.get("access_token").asText()).statusCode()).isEqualTo(200);
    }
    assertThat(emulator.identity().tokenRequests()).isEqualTo(before + 4);
    assertThat(emulator.identity().tokenRequests(TokenEndpointKind.OKTA)).isGreaterThanOrEqualTo(2);
  }

  @Test
  void clientSecretInFormAndUrlEncodedBasic() {
    HttpResponse<String> form =
        client.token(
            "/as/token.oauth2",
            null,
            null,
            "grant_type=client_credentials&client_id=driver&client_secret=" + SECRET);
    assertThat(form.statusCode()).isEqualTo(200);
    // RFC 6749 §2.3.1: Basic credentials are form-url-encoded first.
    HttpResponse<String> basic =
        client.token("/as/token.oauth2", "other", "x%3Ay%26z", "grant_type=client_credentials");
    assertThat(basic.statusCode()).isEqualTo(200);
  }

  @Test
  void tokenEndpointErrors() {
    HttpResponse<String> wrongSecret =
        client.token("/oauth2/default/v1/token", "driver", "nope", "grant_type=client_credentials");
    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    assertThat(json(wrongSecret).get("error").asText()).isEqualTo("invalid_client");
    HttpResponse<String> unknownClient =
        client.token("/oauth2/default/v1/token", "who", SECRET, "grant_type=client_credentials");
    assertThat(unknownClient.statusCode()).isEqualTo(401);
    HttpResponse<String> grant =
        client.token("/oauth2/default/v1/token", "driver", SECRET, "grant_type=password");
    assertThat(grant.statusCode()).isEqualTo(400);
    assertThat(json(grant).get("error").asText()).isEqualTo("unsupported_grant_type");
    HttpResponse<String> noGrant =
        client.token("/oauth2/default/v1/token", "driver", SECRET, "scope=x");
    assertThat(noGrant.statusCode()).isEqualTo(400);
    assertThat(json(noGrant).get("error").asText()).isEqualTo("invalid_request");
    assertThat(wrongSecret.body() + grant.body()).doesNotContain(SECRET);
  }

  @Test
  void accessTokenExpiresAfterTtl() {
    HttpResponse<String> r =
        client.token("/as/token.oauth2", "driver", SECRET, "grant_type=client_credentials");
    String token = json(r).get("access_token").asText();
    clock.advance(Duration.ofSeconds(89));
    assertThat(probe(token).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(1));
    HttpResponse<String> expired = probe(token);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(json(expired).get("Message").asText()).isEqualTo("The access token has expired.");
  }

  @Test
  void identityServerRotatesRefreshTokens() {
    String refresh = emulator.issueRefreshToken("analyst");
    long before = emulator.identity().tokenRequests(TokenEndpointKind.IDENTITY_SERVER);
    HttpResponse<String> r =
        client.token(
            "/OneStreamIS/connect/token",
            null,
            null,
            "grant_type=refresh_token&client_id=powerbi&refresh_token=" + refresh);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode t = json(r);
    String next = t.get("refresh_token").asText();
    assertThat(next).isNotEqualTo(refresh);
    assertThat(t.get("expires_in").asLong()).isEqualTo(90);
    assertThat(probe(t.get("access_token").asText()).statusCode()).isEqualTo(200);

    HttpResponse<String> reused =
        client.token(
            "/onestreamis/connect/token",
            null,
            null,
            "grant_type=refresh_token&client_id=powerbi&refresh_token=" + refresh);
    assertThat(reused.statusCode()).isEqualTo(400);
    assertThat(json(reused).get("error").asText()).isEqualTo("invalid_grant");

    HttpResponse<String> noClient =
        client.token(
            "/OneStreamIS/connect/token",
            null,
            null,
            "grant_type=refresh_token&refresh_token=" + next);
    assertThat(noClient.statusCode()).isEqualTo(400);
    assertThat(json(noClient).get("error").asText()).isEqualTo("invalid_request");
    HttpResponse<String> again =
        client.token(
            "/OneStreamIS/connect/token",
            null,
            null,
            "grant_type=refresh_token&client_id=powerbi&refresh_token=" + next);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(emulator.identity().tokenRequests(TokenEndpointKind.IDENTITY_SERVER))
        .isEqualTo(before + 4);
  }
}
