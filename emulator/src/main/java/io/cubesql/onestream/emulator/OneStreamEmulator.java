package io.cubesql.onestream.emulator;

import io.cubesql.onestream.emulator.internal.api.ApplicationHost;
import io.cubesql.onestream.emulator.internal.app.AppSettings;
import io.cubesql.onestream.emulator.internal.app.GolfStreamHost;
import io.cubesql.onestream.emulator.internal.fault.FaultController;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import io.cubesql.onestream.emulator.internal.http.EmulatorHandler;
import io.cubesql.onestream.emulator.internal.http.EmulatorServer;
import io.cubesql.onestream.emulator.internal.identity.IdentityStore;
import io.cubesql.onestream.emulator.internal.identity.Pats;
import io.cubesql.onestream.emulator.internal.identity.User;
import io.cubesql.onestream.emulator.internal.log.RequestLog;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An emulator of the OneStream REST API serving the GolfStream demo applications over HTTP(S):
 * Personal Access Tokens, OAuth2 token endpoints (Entra ID, Okta, PingFederate, OneStream
 * IdentityServer), Logon and OpenApplication SessionInfos, the DataProvider, DataManagement and
 * Analytics routes, injected faults, and a log of the requests it received.
 *
 * <pre>{@code
 * try (OneStreamEmulator emulator = OneStreamEmulator.builder().start()) {
 *   String url = emulator.apiUrl() + "/api/Authentication/Logon?api-version=7.2.0";
 *   // POST {"BaseWebServerUrl": emulator.webServerUrl()} with "Authorization: Bearer " + PAT
 * }
 * }</pre>
 *
 * <p>The routes under {@code /emulator/admin/} ({@code faults}, {@code requests}, {@code stats})
 * need no authentication: the emulator binds to the loopback address unless told otherwise, and
 * must not be exposed to a network you do not trust.
 */
public final class OneStreamEmulator implements AutoCloseable {
  private final EmulatorServer server;
  private final ApplicationHost host;
  private final IdentityStore identity;
  private final FaultController faults;
  private final RequestLog requestLog;
  private final String adminPat;
  private final String baseUrl;
  private final int port;

  private OneStreamEmulator(Builder b) throws Exception {
    AppSettings settings =
        new AppSettings(
            b.scale,
            b.seed,
            b.databaseDirectory,
            b.pageSize,
            b.asyncPolls,
            b.callState,
            b.emptyResultAsNull,
            Duration.ofMinutes(10),
            b.clock);
    this.host = b.hostFactory.apply(settings);
    try {
      this.identity =
          new IdentityStore(
              b.clock, b.tokenTtl, b.siIdle, IdentityStore.demoUsers(host.applicationNames()));
      this.adminPat =
          b.adminPat == null ? identity.issuePat(IdentityStore.ADMIN, null) : b.adminPat;
      if (b.adminPat != null) {
        identity.registerPat(b.adminPat, IdentityStore.ADMIN, null);
      }
      b.clients.forEach((id, secret) -> identity.registerClient(id, secret, IdentityStore.ADMIN));
      this.faults = new FaultController(b.faultSeed);
      faults.latency(b.latency);
      b.faultRules.forEach(faults::add);
      this.requestLog = new RequestLog();
      this.server =
          new EmulatorServer(
              b.host,
              b.port,
              b.keystore,
              b.keystorePassword,
              new EmulatorHandler(host, identity, faults, requestLog, this::openConnections));
      server.start();
      this.port = server.port();
      this.baseUrl = (server.https() ? "https" : "http") + "://" + urlHost(b.host) + ":" + port;
    } catch (Exception | Error e) {
      host.close();
      throw e;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The scheme, host and port, such as {@code http://127.0.0.1:8080}. */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * The port the server listens on (the one chosen when the builder asked for 0). A new emulator
   * built with {@code port(emulator.port())} after this one is closed serves at the same URL: a
   * server restart as a client sees it, with sessions and request ids forgotten (give it the same
   * {@link Builder#adminPat} to keep the token valid).
   */
  public int port() {
    return port;
  }

  /** The API base, {@code baseUrl() + "/OneStreamApi"}; routes live under {@code /api/...}. */
  public String apiUrl() {
    return baseUrl + "/OneStreamApi";
  }

  /** What clients send as {@code BaseWebServerUrl}: {@code baseUrl() + "/OneStreamWeb"} [DOC]. */
  public String webServerUrl() {
    return baseUrl + "/OneStreamWeb";
  }

  /** The Personal Access Token of the Administrator user {@code admin}. */
  public String adminPat() {
    return adminPat;
  }

  /** Issues a new PAT for {@code user}; {@code ttl} null means it never expires. */
  public String issuePat(String user, Duration ttl) {
    return identity.issuePat(user, ttl);
  }

  /** Revokes a PAT: later calls with it answer 401. Returns whether the PAT was known. */
  public boolean revokePat(String pat) {
    return identity.revokePat(pat);
  }

  /** Issues an IdentityServer refresh token for {@code user}. */
  public String issueRefreshToken(String user) {
    return identity.issueRefreshToken(user);
  }

  /** The users: {@code admin} (Administrator), {@code analyst} and {@code viewer}. */
  public List<User> users() {
    return identity.users();
  }

  /** The fault controller, to change injected faults while the emulator runs. */
  public FaultController faults() {
    return faults;
  }

  /** The requests received so far (API and token endpoints), secrets removed. */
  public RequestLog requestLog() {
    return requestLog;
  }

  /**
   * The client connections open now, idle keep-alive ones included: zero once every client has
   * closed its connections (or the server its idle ones).
   */
  public int openConnections() {
    return server == null ? 0 : server.openConnections();
  }

  /** The identity store, for counters such as token endpoint hits. */
  public IdentityStore identity() {
    return identity;
  }

  /** The applications the emulator serves. */
  public ApplicationHost applicationHost() {
    return host;
  }

  /** Stops the server, then the applications. */
  @Override
  public void close() {
    try {
      server.close();
    } finally {
      host.close();
    }
  }

  private static String urlHost(String host) {
    try {
      InetAddress a = InetAddress.getByName(host);
      if (a.isAnyLocalAddress()) {
        return "127.0.0.1";
      }
    } catch (UnknownHostException e) {
      return host;
    }
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  @Override
  public String toString() {
    return "OneStreamEmulator{" + baseUrl + "}";
  }

  /** Configures and starts a {@link OneStreamEmulator}; every setting has a default. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private int scale = 1;
    private long seed = AppSettings.DEFAULT_SEED;
    private Path databaseDirectory;
    private int pageSize = AppSettings.DEFAULT_PAGE_SIZE;
    private int asyncPolls;
    private boolean callState;
    private boolean emptyResultAsNull;
    private Function<AppSettings, ApplicationHost> hostFactory = GolfStreamHost::new;
    private String adminPat;
    private final Map<String, String> clients = new LinkedHashMap<>();
    private Duration tokenTtl = Duration.ofMinutes(60);
    private Duration siIdle = Duration.ofMinutes(20);
    private Duration latency = Duration.ZERO;
    private Path keystore;
    private String keystorePassword;
    private Clock clock = Clock.systemUTC();
    private long faultSeed = 1L;
    private final List<FaultRule> faultRules = new ArrayList<>();

    private Builder() {}

    /** The address to bind, default {@code 127.0.0.1} (loopback: admin routes are open). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port, default 0 (a free port, see {@link #baseUrl()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
      }
      this.port = port;
      return this;
    }

    public Builder scale(int scale) {
      this.scale = scale;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Where H2 keeps the application databases as files; default in memory. */
    public Builder databaseDirectory(Path dir) {
      this.databaseDirectory = dir;
      return this;
    }

    public Builder pageSize(int pageSize) {
      this.pageSize = pageSize;
      return this;
    }

    public Builder asyncPolls(int asyncPolls) {
      this.asyncPolls = asyncPolls;
      return this;
    }

    public Builder callState(boolean callState) {
      this.callState = callState;
      return this;
    }

    public Builder emptyResultAsNull(boolean emptyResultAsNull) {
      this.emptyResultAsNull = emptyResultAsNull;
      return this;
    }

    /** Replaces the GolfStream applications, for example with a fake in tests. */
    public Builder applicationHost(Function<AppSettings, ApplicationHost> factory) {
      this.hostFactory = factory;
      return this;
    }

    /** Accepts this PAT for {@code admin}; it must be 66 letters and digits with one dash. */
    public Builder adminPat(String pat) {
      this.adminPat = Pats.requireWellFormed(pat);
      return this;
    }

    /** Registers an OAuth2 client (client credentials grant) acting as {@code admin}. */
    public Builder oauthClient(String clientId, String secret) {
      if (clientId == null || clientId.isBlank() || secret == null || secret.isEmpty()) {
        throw new IllegalArgumentException("An OAuth2 client needs a client id and a secret.");
      }
      clients.put(clientId, secret);
      return this;
    }

    /** OAuth2 access-token lifetime, default 60 minutes [DOC ≈60 min], at least one second. */
    public Builder tokenTtl(Duration ttl) {
      if (ttl.getSeconds() < 1) {
        throw new IllegalArgumentException("tokenTtl must be at least one second: " + ttl);
      }
      this.tokenTtl = ttl;
      return this;
    }

    /** SessionInfo idle expiry, default 20 minutes [ASSUMED, onestream-api.md §3]. */
    public Builder siIdle(Duration idle) {
      if (idle.isNegative() || idle.isZero()) {
        throw new IllegalArgumentException("siIdle must be positive: " + idle);
      }
      this.siIdle = idle;
      return this;
    }

    /** Latency added to every API call. */
    public Builder latency(Duration latency) {
      if (latency.isNegative()) {
        throw new IllegalArgumentException("latency must not be negative: " + latency);
      }
      this.latency = latency;
      return this;
    }

    /** Serves HTTPS with this keystore (PKCS12 or JKS). */
    public Builder keystore(Path keystore, String password) {
      this.keystore = keystore;
      this.keystorePassword = password;
      return this;
    }

    /** The clock for token and SessionInfo expiry (and the applications); default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The seed of the fault sequence, default 1. */
    public Builder faultSeed(long seed) {
      this.faultSeed = seed;
      return this;
    }

    /** Adds a fault rule, active from the start. */
    public Builder fault(FaultRule rule) {
      this.faultRules.add(rule);
      return this;
    }

    /** Starts the server; the emulator is ready when this returns. */
    public OneStreamEmulator start() {
      try {
        return new OneStreamEmulator(this);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("The emulator could not start: " + e.getMessage(), e);
      }
    }
  }
}
