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
 * Redeems a OneStream IdentityServer refresh token for access tokens ({@code
 * /OneStreamIS/connect/token}, onestream-api.md §2 [CLIENT: Power BI connector]): {@code
 * grant_type=refresh_token&refresh_token=...&client_id=...}. When the answer carries a new refresh
 * token (rotation [ASSUMED]), the old one no longer works, so the new one replaces it, in memory
 * only.
 *
 * <p>Refresh ahead of expiry, single flight and refusals behave as in {@link
 * ClientCredentialsTokenProvider}. Sharing matters even more here: two connections redeeming the
 * same refresh token separately would break each other, since the first redemption invalidates it.
 * Providers built with the same URL, client id, initial refresh token and scope therefore share one
 * token (and its rotated refresh token) JVM-wide; the last {@link #close()} forgets both.
 */
public final class RefreshTokenProvider implements TokenProvider, TokenBinding {
  private final TokenEndpoint endpoint;
  private final TokenLease lease;

  /** The refresh token to redeem next; replaced after each rotation. Used by one thread at once. */
  private static final class Rotating {
    volatile Secret refreshToken;

    Rotating(Secret refreshToken) {
      this.refreshToken = refreshToken;
    }
  }

  private RefreshTokenProvider(Builder b) {
    if (b.clientId == null || b.clientId.isBlank()) {
      throw new IllegalArgumentException("clientId must be set for the refresh token grant");
    }
    Objects.requireNonNull(b.refreshToken, "refreshToken");
    SharedToken.checkMargin(b.maxMargin, b.fraction);
    this.endpoint = new TokenEndpoint(b.tokenUrl, b.clientId);
    String clientId = b.clientId;
    String scope = b.scope;
    Secret clientSecret = b.clientSecret;
    Rotating rotating = new Rotating(b.refreshToken);
    SharedToken.Grant grant =
        http -> {
          FormBody.Builder form =
              new FormBody.Builder()
                  .add("grant_type", "refresh_token")
                  .add("refresh_token", rotating.refreshToken.reveal())
                  .add("client_id", clientId);
          if (scope != null && !scope.isBlank()) {
            form.add("scope", scope);
          }
          TokenEndpoint.Answer answer = endpoint.post(http, form.build(), clientSecret);
          if (answer.refreshToken() != null) {
            rotating.refreshToken = answer.refreshToken();
          }
          return answer;
        };
    TokenCache.Key key =
        b.shared ? TokenCache.key(endpoint.shownUrl(), clientId, b.refreshToken, scope) : null;
    this.lease =
        TokenLease.of(
            key,
            () -> new SharedToken(grant, endpoint.shownUrl(), b.maxMargin, b.fraction, b.clock),
            endpoint.shownUrl());
    if (b.http != null) {
      lease.bind(b.http, null);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public AccessToken token() throws OneStreamException {
    return lease.token();
  }

  @Override
  public boolean refused(AccessToken token) {
    return lease.refused(token);
  }

  /** Borrows a connection's OkHttp client and clock; called by {@link SessionManager}. */
  @Override
  public void bind(OkHttpClient http, Clock clock) {
    lease.bind(http, clock);
  }

  /** Gives back this provider's reference; the last one forgets the tokens. */
  @Override
  public void close() {
    lease.close();
  }

  @Override
  public String toString() {
    return "RefreshTokenProvider[" + endpoint + "]";
  }

  /** Builds a {@link RefreshTokenProvider}; URL, client id and refresh token are required. */
  public static final class Builder {
    private String tokenUrl;
    private String clientId;
    private Secret refreshToken;
    private Secret clientSecret;
    private String scope;
    private Duration maxMargin = ClientCredentialsTokenProvider.DEFAULT_MAX_MARGIN;
    private double fraction = ClientCredentialsTokenProvider.DEFAULT_MARGIN_FRACTION;
    private Clock clock;
    private OkHttpClient http;
    private boolean shared = true;

    private Builder() {}

    /** The IdentityServer token endpoint, {@code https://{server}/OneStreamIS/connect/token}. */
    public Builder tokenUrl(String tokenUrl) {
      this.tokenUrl = tokenUrl;
      return this;
    }

    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /** The refresh token first redeemed. */
    public Builder refreshToken(Secret refreshToken) {
      this.refreshToken = refreshToken;
      return this;
    }

    /** A client secret for confidential clients (sent as HTTP Basic); null for public ones. */
    public Builder clientSecret(Secret clientSecret) {
      this.clientSecret = clientSecret;
      return this;
    }

    public Builder scope(String scope) {
      this.scope = scope;
      return this;
    }

    /** As {@link ClientCredentialsTokenProvider.Builder#refreshMargin}. */
    public Builder refreshMargin(Duration max, double fraction) {
      this.maxMargin = Objects.requireNonNull(max);
      this.fraction = fraction;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder http(OkHttpClient http) {
      this.http = http;
      return this;
    }

    public Builder shared(boolean shared) {
      this.shared = shared;
      return this;
    }

    public RefreshTokenProvider build() {
      return new RefreshTokenProvider(this);
    }
  }
}
