package io.cubesql.onestream.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
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
public final class ClientCredentialsTokenProvider extends OAuthTokenProvider {
  /** The default largest refresh margin. */
  public static final Duration DEFAULT_MAX_MARGIN = Duration.ofSeconds(60);

  /** The default refresh margin as a fraction of the token lifetime. */
  public static final double DEFAULT_MARGIN_FRACTION = 0.1;

  private ClientCredentialsTokenProvider(Builder b) {
    super(
        b.settings,
        "client credentials",
        "clientSecret",
        b.settings.clientSecret,
        form -> form.add("grant_type", "client_credentials"));
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return "ClientCredentialsTokenProvider[" + endpoint + ", scope " + scope + "]";
  }

  /** Builds a {@link ClientCredentialsTokenProvider}; URL, client id and secret are required. */
  public static final class Builder {
    private final Settings settings = new Settings();

    private Builder() {}

    /**
     * The token endpoint, such as {@code https://login.microsoftonline.com/{tenant}/oauth2/v2.0
     * /token}, {@code https://{org}.okta.com/oauth2/default/v1/token} or {@code
     * https://{host}/as/token.oauth2}.
     */
    public Builder tokenUrl(String tokenUrl) {
      settings.tokenUrl = tokenUrl;
      return this;
    }

    public Builder clientId(String clientId) {
      settings.clientId = clientId;
      return this;
    }

    public Builder clientSecret(Secret clientSecret) {
      settings.clientSecret = clientSecret;
      return this;
    }

    /** The scope, such as {@code api://<app-id>/.default} for Entra ID; null sends none. */
    public Builder scope(String scope) {
      settings.scope = scope;
      return this;
    }

    /**
     * Refreshes when less than {@code min(max, fraction × lifetime)} remains; default 60 s and 0.1.
     */
    public Builder refreshMargin(Duration max, double fraction) {
      settings.maxMargin = Objects.requireNonNull(max);
      settings.fraction = fraction;
      return this;
    }

    /** The clock of expiry; by default the connection's ({@code ClientConfig.clock()}). */
    public Builder clock(Clock clock) {
      settings.clock = clock;
      return this;
    }

    /** The OkHttp client for token requests; by default the connection's transport client. */
    public Builder http(OkHttpClient http) {
      settings.http = http;
      return this;
    }

    /** Whether to share the token with other providers of identical credentials; default true. */
    public Builder shared(boolean shared) {
      settings.shared = shared;
      return this;
    }

    /**
     * The TLS trust of the connection whose client makes the token requests ({@code
     * ClientConfig.tlsTrust}); default the JDK's. Tokens are shared only among providers with the
     * same trust ({@link TlsTrust#identity()}: the same certificates), and not at all under {@code
     * insecureTrustAllCertificates}. A {@link ClientConfig} whose trust differs from a shared
     * provider's is refused when built.
     */
    public Builder tlsTrust(TlsTrust trust) {
      settings.trust = Objects.requireNonNull(trust);
      return this;
    }

    public ClientCredentialsTokenProvider build() {
      return new ClientCredentialsTokenProvider(this);
    }
  }
}
