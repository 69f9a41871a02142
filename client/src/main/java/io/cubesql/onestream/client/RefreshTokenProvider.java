package io.cubesql.onestream.client;

import io.cubesql.onestream.client.internal.TokenCache;
import io.cubesql.onestream.client.internal.TokenEndpoint;
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
 * token (and its rotated refresh token) JVM-wide. The last {@link #close()} forgets the access
 * token but keeps the latest rotated refresh token in memory, keyed by a salted hash of the initial
 * one: a later provider built with the same initial refresh token, which was used up, starts from
 * the latest one instead.
 */
public final class RefreshTokenProvider extends OAuthTokenProvider {
  /**
   * The refresh token grant; it holds the refresh token to redeem next, replaced after each
   * rotation. When shared, the JVM-wide {@link TokenCache} holds it instead, so that it outlives
   * this provider. Used by one thread at once.
   */
  private static final class Rotating implements GrantForm {
    private final String clientId;
    private volatile Secret refreshToken;
    private volatile TokenCache.Key key;

    Rotating(String clientId, Secret refreshToken) {
      this.clientId = clientId;
      this.refreshToken = refreshToken;
    }

    @Override
    public void sharedAs(TokenCache.Key key) {
      this.key = key;
    }

    @Override
    public void fields(FormBody.Builder form) {
      TokenCache.Key k = key;
      Secret next = k == null ? refreshToken : TokenCache.refreshToken(k, refreshToken);
      form.add("grant_type", "refresh_token")
          .add("refresh_token", next.reveal())
          .add("client_id", clientId);
    }

    @Override
    public void answered(TokenEndpoint.Answer answer) {
      if (answer.refreshToken() != null) {
        refreshToken = answer.refreshToken();
        TokenCache.Key k = key;
        if (k != null) {
          TokenCache.rotated(k, answer.refreshToken());
        }
      }
    }
  }

  private RefreshTokenProvider(Builder b) {
    super(
        b.settings,
        "refresh token",
        "refreshToken",
        b.refreshToken,
        new Rotating(b.settings.clientId, b.refreshToken));
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return "RefreshTokenProvider[" + endpoint + "]";
  }

  /** Builds a {@link RefreshTokenProvider}; URL, client id and refresh token are required. */
  public static final class Builder {
    private final Settings settings = new Settings();
    private Secret refreshToken;

    private Builder() {}

    /** The IdentityServer token endpoint, {@code https://{server}/OneStreamIS/connect/token}. */
    public Builder tokenUrl(String tokenUrl) {
      settings.tokenUrl = tokenUrl;
      return this;
    }

    public Builder clientId(String clientId) {
      settings.clientId = clientId;
      return this;
    }

    /** The refresh token first redeemed. */
    public Builder refreshToken(Secret refreshToken) {
      this.refreshToken = refreshToken;
      return this;
    }

    /** A client secret for confidential clients (sent as HTTP Basic); null for public ones. */
    public Builder clientSecret(Secret clientSecret) {
      settings.clientSecret = clientSecret;
      return this;
    }

    public Builder scope(String scope) {
      settings.scope = scope;
      return this;
    }

    /** As {@link ClientCredentialsTokenProvider.Builder#refreshMargin}. */
    public Builder refreshMargin(Duration max, double fraction) {
      settings.maxMargin = Objects.requireNonNull(max);
      settings.fraction = fraction;
      return this;
    }

    public Builder clock(Clock clock) {
      settings.clock = clock;
      return this;
    }

    public Builder http(OkHttpClient http) {
      settings.http = http;
      return this;
    }

    public Builder shared(boolean shared) {
      settings.shared = shared;
      return this;
    }

    /** As {@link ClientCredentialsTokenProvider.Builder#tlsTrust}. */
    public Builder tlsTrust(TlsTrust trust) {
      settings.trust = Objects.requireNonNull(trust);
      return this;
    }

    public RefreshTokenProvider build() {
      return new RefreshTokenProvider(this);
    }
  }
}
