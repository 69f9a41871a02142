package io.cubesql.onestream.client;

import io.cubesql.onestream.client.internal.TokenBinding;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link OneStreamClient} reaches one server and application. Built once, immutable.
 * Impossible values fail with a message naming the setting.
 */
public final class ClientConfig {
  /** The Power BI connector's polling back-off: 5, 5, 10, 10, 30, 30, 30 s [CLIENT]. */
  public static final List<Duration> POWER_BI_POLL_DELAYS =
      List.of(5, 5, 10, 10, 30, 30, 30).stream().map(Duration::ofSeconds).toList();

  private final String serverUrl;
  private final String apiBasePath;
  private final String webServerUrl;
  private final String application;
  private final ApiVersion apiVersion;
  private final TokenProvider tokenProvider;
  private final TlsTrust tlsTrust;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration callTimeout;
  private final int maxAttempts;
  private final Duration retryBaseDelay;
  private final Duration retryMaxDelay;
  private final List<Duration> pollDelays;
  private final Duration pollTimeout;
  private final Clock clock;

  private ClientConfig(Builder b) {
    if (b.serverUrl == null || !b.serverUrl.matches("(?i)https?://.+")) {
      throw new IllegalArgumentException(
          "serverUrl must be an http or https URL, not " + b.serverUrl);
    }
    this.serverUrl = stripSlash(b.serverUrl);
    String base = b.apiBasePath == null ? "/OneStreamApi" : stripSlash(b.apiBasePath);
    if (!base.isEmpty() && !base.startsWith("/")) {
      base = "/" + base;
    }
    this.apiBasePath = base;
    this.webServerUrl =
        b.webServerUrl == null ? serverUrl + "/OneStreamWeb" : stripSlash(b.webServerUrl);
    this.application = b.application;
    this.apiVersion = b.apiVersion;
    this.tokenProvider = Objects.requireNonNull(b.tokenProvider, "tokenProvider");
    this.tlsTrust = b.tlsTrust;
    if (tokenProvider instanceof TokenBinding binding) {
      binding.checkTrust(tlsTrust);
    }
    this.connectTimeout = positive("connectTimeout", b.connectTimeout);
    this.readTimeout = positive("readTimeout", b.readTimeout);
    this.callTimeout = positive("callTimeout", b.callTimeout);
    if (b.maxAttempts < 1 || b.maxAttempts > 20) {
      throw new IllegalArgumentException("maxAttempts must be 1 to 20, not " + b.maxAttempts);
    }
    this.maxAttempts = b.maxAttempts;
    this.retryBaseDelay = positive("retryBaseDelay", b.retryBaseDelay);
    this.retryMaxDelay = positive("retryMaxDelay", b.retryMaxDelay);
    if (b.pollDelays.isEmpty()) {
      throw new IllegalArgumentException("pollDelays must not be empty");
    }
    this.pollDelays = List.copyOf(b.pollDelays);
    this.pollTimeout = positive("pollTimeout", b.pollTimeout);
    this.clock = b.clock;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static Duration positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + d);
    }
    return d;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The server root, such as {@code https://host}. */
  public String serverUrl() {
    return serverUrl;
  }

  /** Where the API is mounted, {@code /OneStreamApi} by default; empty for the host root. */
  public String apiBasePath() {
    return apiBasePath;
  }

  /** {@code BaseWebServerUrl}: the web-server app, not the API host [DOC]. */
  public String webServerUrl() {
    return webServerUrl;
  }

  /** The application to open; null for a client that only authenticates. */
  public String application() {
    return application;
  }

  public ApiVersion apiVersion() {
    return apiVersion;
  }

  public TokenProvider tokenProvider() {
    return tokenProvider;
  }

  /**
   * The certificates trusted on https, for the server and a token endpoint lent this client's
   * connections; the JDK's by default.
   */
  public TlsTrust tlsTrust() {
    return tlsTrust;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  /** The longest one HTTP exchange may take, from connect to the last byte of the answer. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** How many times a read may be sent in all, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration retryBaseDelay() {
    return retryBaseDelay;
  }

  public Duration retryMaxDelay() {
    return retryMaxDelay;
  }

  /** The waits between polls of a running request; the last repeats. */
  public List<Duration> pollDelays() {
    return pollDelays;
  }

  /** How long a running request may be polled before the call fails naming it. */
  public Duration pollTimeout() {
    return pollTimeout;
  }

  public Clock clock() {
    return clock;
  }

  /** Builds a {@link ClientConfig}; {@code serverUrl} and {@code tokenProvider} are required. */
  public static final class Builder {
    private String serverUrl;
    private String apiBasePath;
    private String webServerUrl;
    private String application;
    private ApiVersion apiVersion = ApiVersion.V7_2_0;
    private TokenProvider tokenProvider;
    private TlsTrust tlsTrust = TlsTrust.jdk();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(120);
    private Duration callTimeout = Duration.ofMinutes(10);
    private int maxAttempts = 4;
    private Duration retryBaseDelay = Duration.ofMillis(500);
    private Duration retryMaxDelay = Duration.ofSeconds(30);
    private List<Duration> pollDelays = POWER_BI_POLL_DELAYS;
    private Duration pollTimeout = Duration.ofMinutes(2);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder serverUrl(String serverUrl) {
      this.serverUrl = serverUrl;
      return this;
    }

    public Builder apiBasePath(String apiBasePath) {
      this.apiBasePath = apiBasePath;
      return this;
    }

    public Builder webServerUrl(String webServerUrl) {
      this.webServerUrl = webServerUrl;
      return this;
    }

    public Builder application(String application) {
      this.application = application;
      return this;
    }

    public Builder apiVersion(ApiVersion apiVersion) {
      this.apiVersion = Objects.requireNonNull(apiVersion);
      return this;
    }

    public Builder tokenProvider(TokenProvider tokenProvider) {
      this.tokenProvider = tokenProvider;
      return this;
    }

    /** The certificates to trust on https; {@link TlsTrust#jdk()} by default. */
    public Builder tlsTrust(TlsTrust tlsTrust) {
      this.tlsTrust = Objects.requireNonNull(tlsTrust);
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = d;
      return this;
    }

    public Builder readTimeout(Duration d) {
      this.readTimeout = d;
      return this;
    }

    public Builder callTimeout(Duration d) {
      this.callTimeout = d;
      return this;
    }

    public Builder maxAttempts(int n) {
      this.maxAttempts = n;
      return this;
    }

    public Builder retryBaseDelay(Duration d) {
      this.retryBaseDelay = d;
      return this;
    }

    public Builder retryMaxDelay(Duration d) {
      this.retryMaxDelay = d;
      return this;
    }

    public Builder pollDelays(List<Duration> delays) {
      this.pollDelays = Objects.requireNonNull(delays);
      return this;
    }

    public Builder pollTimeout(Duration d) {
      this.pollTimeout = d;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    public ClientConfig build() {
      return new ClientConfig(this);
    }
  }
}
