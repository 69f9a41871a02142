package io.cubesql.onestream.client;

import io.cubesql.onestream.client.internal.Json;
import io.cubesql.onestream.client.internal.RedactingLogger;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A test-only token provider: client credentials at the emulator's Okta-style token endpoint, a new
 * token after each refusal. It keeps every token it issued so that tests can look for them in logs
 * (it never prints them).
 */
final class EmulatorOAuthTokens implements TokenProvider {
  private final OkHttpClient http =
      new OkHttpClient.Builder().addInterceptor(new RedactingLogger()).build();
  private final String tokenUrl;
  private final String clientId;
  private final Secret clientSecret;
  private final List<String> issued = new CopyOnWriteArrayList<>();
  private AccessToken current;

  EmulatorOAuthTokens(String baseUrl, String clientId, Secret clientSecret) {
    this.tokenUrl = baseUrl + "/oauth2/default/v1/token";
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  /** Every access token issued so far. */
  List<String> issued() {
    return List.copyOf(issued);
  }

  @Override
  public synchronized AccessToken token() throws OneStreamException {
    if (current == null) {
      current = fetch();
    }
    return current;
  }

  private AccessToken fetch() throws OneStreamException {
    // The secret goes in the form (not Basic) so that the form redaction is exercised too.
    FormBody form =
        new FormBody.Builder()
            .add("grant_type", "client_credentials")
            .add("client_id", clientId)
            .add("client_secret", clientSecret.reveal())
            .build();
    Request request = new Request.Builder().url(tokenUrl).post(form).build();
    try (Response r = http.newCall(request).execute()) {
      Map<String, String> fields = Json.topLevelStrings(r.body().bytes());
      String token = fields.get("access_token");
      if (r.code() != 200 || token == null) {
        throw OneStreamException.of(
            ErrorKind.AUTHENTICATION, "token", "The token endpoint answered " + r.code());
      }
      issued.add(token);
      return new AccessToken(Secret.of(token), Instant.now().plusSeconds(300));
    } catch (OneStreamException e) {
      throw e;
    } catch (IOException e) {
      throw OneStreamException.of(ErrorKind.CONNECTION, "token", "Token request failed", e);
    }
  }

  @Override
  public synchronized boolean refused(AccessToken token) {
    if (current == token) {
      current = null;
    }
    return true;
  }

  @Override
  public String toString() {
    return "EmulatorOAuthTokens[" + clientId + "]";
  }
}
