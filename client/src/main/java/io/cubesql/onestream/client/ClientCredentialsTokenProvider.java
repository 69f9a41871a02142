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
 * Fetches OAuth 2.0 access tokens with the client credentials grant from Microsoft Entra ID, Okta
 * or PingFederate (onestream-api.md §2 [DOC]): {@code POST} of {@code
 * grant_type=client_credentials&scope=...}, client id and secret as HTTP Basic, answer {@code
 * access_token} and {@code expires_in} [DOC, CLIENT].
 *
 * <p>A token is refreshed ahead of expiry, when less than {@code min(60 s, 10% of its lifetime)}
 * remains (see {@link Builder#refreshMargin}). Concurrent callers that need a token cause one token
 * request; {@link #refused} drops exactly the refused token, and concurrent refusals of the same
 * token cause one new request.
 *
 * <p><b>Sharing.</b> By default, providers built with the same token URL, client id, client secret
 * and scope in one JVM share one token through a JVM-wide cache: N connections (Spark opens one per
 * partition) cost one token request per token lifetime, not N. Each provider belongs to one
 * connection; closing it gives its reference back without disturbing the others, and closing the
 * last forgets the token. {@link Builder#shared(boolean) shared(false)} keeps a private token.
 */
public final class ClientCredentialsTokenProvider implements TokenProvider, TokenBinding {
  /** The default largest refresh margin. */
  public static final Duration DEFAULT_MAX_MARGIN = Duration.ofSeconds(60);

  /** The default refresh margin as a fraction of the token lifetime. */
  public static final double DEFAULT_MARGIN_FRACTION = 0.1;

  private final TokenEndpoint endpoint;
  private final String scope;
  private final TokenLease lease;

  private ClientCredentialsTokenProvider(Builder b) {
    if (b.clientId == null || b.clientId.isBlank()) {
      throw new IllegalArgumentException("clientId must be set for the client credentials grant");
    }
    Objects.requireNonNull(b.clientSecret, "clientSecret");
    SharedToken.checkMargin(b.maxMargin, b.fraction);
    this.endpoint = new TokenEndpoint(b.tokenUrl, b.clientId);
    this.scope = b.scope;
    Secret secret = b.clientSecret;
    SharedToken.Grant grant =
        http -> {
          FormBody.Builder form = new FormBody.Builder().add("grant_type", "client_credentials");
          if (scope != null && !scope.isBlank()) {
            form.add("scope", scope);
          }
          return endpoint.post(http, form.build(), secret);
        };
    TokenCache.Key key =
        b.shared ? TokenCache.key(endpoint.shownUrl(), b.clientId, secret, scope) : null;
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

  /** Gives back this provider's reference to the shared token; the last one forgets it. */
  @Override
  public void close() {
    lease.close();
  }

  @Override
  public String toString() {
    return "ClientCredentialsTokenProvider[" + endpoint + ", scope " + scope + "]";
  }

  /** Builds a {@link ClientCredentialsTokenProvider}; URL, client id and secret are required. */
  public static final class Builder {
    private String tokenUrl;
    private String clientId;
    private Secret clientSecret;
    private String scope;
    private Duration maxMargin = DEFAULT_MAX_MARGIN;
    private double fraction = DEFAULT_MARGIN_FRACTION;
    private Clock clock;
    private OkHttpClient http;
    private boolean shared = true;

    private Builder() {}

    /**
     * The token endpoint, such as {@code https://login.microsoftonline.com/{tenant}/oauth2/v2.0
     * /token}, {@code https://{org}.okta.com/oauth2/default/v1/token} or {@code
     * https://{host}/as/token.oauth2}.
     */
    public Builder tokenUrl(String tokenUrl) {
      this.tokenUrl = tokenUrl;
      return this;
    }

    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    public Builder clientSecret(Secret clientSecret) {
      this.clientSecret = clientSecret;
      return this;
    }

    /** The scope, such as {@code api://<app-id>/.default} for Entra ID; null sends none. */
    public Builder scope(String scope) {
      this.scope = scope;
      return this;
    }

    /**
     * Refreshes when less than {@code min(max, fraction × lifetime)} remains; default 60 s and 0.1.
     */
    public Builder refreshMargin(Duration max, double fraction) {
      this.maxMargin = Objects.requireNonNull(max);
      this.fraction = fraction;
      return this;
    }

    /** The clock of expiry; by default the connection's ({@code ClientConfig.clock()}). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The OkHttp client for token requests; by default the connection's transport client. */
    public Builder http(OkHttpClient http) {
      this.http = http;
      return this;
    }

    /** Whether to share the token with other providers of identical credentials; default true. */
    public Builder shared(boolean shared) {
      this.shared = shared;
      return this;
    }

    public ClientCredentialsTokenProvider build() {
      return new ClientCredentialsTokenProvider(this);
    }
  }
}
