package io.cubesql.onestream.client;

import io.cubesql.onestream.client.internal.SharedToken;
import io.cubesql.onestream.client.internal.TokenBinding;
import io.cubesql.onestream.client.internal.TokenCache;
import io.cubesql.onestream.client.internal.TokenEndpoint;
import io.cubesql.onestream.client.internal.TokenLease;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;

/**
 * What the OAuth 2.0 token providers share: the checks of their settings, the token request with
 * its scope, and the lease on a token shared JVM-wide (or private). A subclass supplies its grant:
 * the form fields it posts and what it keeps of an answer.
 */
abstract class OAuthTokenProvider implements TokenProvider, TokenBinding {
  /** The builder settings every grant takes; read once, when the provider is built. */
  static final class Settings {
    String tokenUrl;
    String clientId;
    Secret clientSecret;
    String scope;
    Duration maxMargin = ClientCredentialsTokenProvider.DEFAULT_MAX_MARGIN;
    double fraction = ClientCredentialsTokenProvider.DEFAULT_MARGIN_FRACTION;
    Clock clock;
    OkHttpClient http;
    boolean shared = true;
    TlsTrust trust = TlsTrust.jdk();
  }

  /** The part of a token request that differs between grants. */
  interface GrantForm {
    /** Adds {@code grant_type} and the grant's own fields; the scope is added after them. */
    void fields(FormBody.Builder form);

    /** Keeps what the grant needs of a successful answer, such as a rotated refresh token. */
    default void answered(TokenEndpoint.Answer answer) {}

    /** Tells the grant the key it is shared under; called once, before any request, if shared. */
    default void sharedAs(TokenCache.Key key) {}
  }

  final TokenEndpoint endpoint;
  final String scope;
  private final TokenLease lease;
  private final TlsTrust trust; // null when the token is not shared

  /**
   * @param grantName the grant as error messages name it, such as {@code client credentials}
   * @param credentialName the name of {@code credential} in error messages
   * @param credential the client secret or refresh token: required, and part of the sharing key
   */
  OAuthTokenProvider(
      Settings s, String grantName, String credentialName, Secret credential, GrantForm grant) {
    if (s.clientId == null || s.clientId.isBlank()) {
      throw new IllegalArgumentException("clientId must be set for the " + grantName + " grant");
    }
    Objects.requireNonNull(credential, credentialName);
    SharedToken.checkMargin(s.maxMargin, s.fraction);
    this.endpoint = new TokenEndpoint(s.tokenUrl, s.clientId);
    this.scope = s.scope;
    Secret clientSecret = s.clientSecret;
    SharedToken.Grant request =
        http -> {
          FormBody.Builder form = new FormBody.Builder();
          grant.fields(form);
          if (scope != null && !scope.isBlank()) {
            form.add("scope", scope);
          }
          TokenEndpoint.Answer answer = endpoint.post(http, form.build(), clientSecret);
          grant.answered(answer);
          return answer;
        };
    // Shared only among providers whose token endpoint is reached under the same trust; never
    // under insecureTrustAllCertificates (no identity).
    String trustIdentity = s.trust.identity();
    TokenCache.Key key =
        s.shared && trustIdentity != null
            ? TokenCache.key(endpoint.shownUrl(), s.clientId, credential, scope, trustIdentity)
            : null;
    if (key != null) {
      grant.sharedAs(key);
    }
    this.trust = key == null ? null : s.trust;
    Duration maxMargin = s.maxMargin;
    double fraction = s.fraction;
    Clock clock = s.clock;
    this.lease =
        TokenLease.of(
            key,
            () -> new SharedToken(request, endpoint.shownUrl(), maxMargin, fraction, clock),
            endpoint.shownUrl());
    if (s.http != null) {
      lease.bind(s.http, null);
    }
  }

  @Override
  public AccessToken token() throws OneStreamException {
    return lease.token();
  }

  @Override
  public boolean refused(AccessToken token) {
    return lease.refused(token);
  }

  @Override
  public void checkTrust(TlsTrust connection) {
    if (trust != null && !trust.identity().equals(connection.identity())) {
      throw new IllegalArgumentException(
          "The token provider shares its token among connections that trust "
              + trust
              + ", but this connection trusts "
              + connection
              + ": build the provider with the same tlsTrust, or with shared(false)");
    }
  }

  /** Borrows a connection's OkHttp client and clock; called by {@link SessionManager}. */
  @Override
  public void bind(OkHttpClient http, Clock clock) {
    lease.bind(http, clock);
  }

  /**
   * Gives back this provider's reference to the shared token; the last one forgets the access token
   * (a rotated refresh token is kept in memory for the next provider of the same credentials).
   */
  @Override
  public void close() {
    lease.close();
  }
}
