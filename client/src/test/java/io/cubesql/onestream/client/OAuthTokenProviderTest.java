package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import io.cubesql.onestream.emulator.internal.identity.TokenEndpointKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.slf4j.LoggerFactory;

/**
 * The OAuth 2.0 token providers against the emulator's token endpoints: single flight, refresh
 * ahead of expiry, refusals, error messages, the three client-credentials paths, refresh-token
 * rotation, and the JVM-wide sharing of tokens between connections.
 */
class OAuthTokenProviderTest {
  private static final String CLIENT = "spark-etl";
  private static final String SECRET = "Sup3r+S3cret/Value";
  private static final String OTHER_CLIENT = "reporting";
  private static final String OTHER_SECRET = "An0ther-Secret";

  private static OneStreamEmulator emulator;
  private static Level rootLevel;

  @BeforeAll
  static void start() {
    rootLevel = quietLogs(Level.WARN);
    emulator =
        OneStreamEmulator.builder()
            .oauthClient(CLIENT, SECRET)
            .oauthClient(OTHER_CLIENT, OTHER_SECRET)
            .start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
    quietLogs(rootLevel);
  }

  /** Sets the root log level (Jetty logs every thread at DEBUG otherwise); returns the old one. */
  static Level quietLogs(Level level) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level old = root.getLevel();
    root.setLevel(level);
    return old;
  }

  private static String entraUrl() {
    return emulator.baseUrl() + "/contoso/oauth2/v2.0/token";
  }

  /** A provider whose scope is unique to the test, so that no other test shares its token. */
  private static ClientCredentialsTokenProvider.Builder entra(TestInfo test) {
    return ClientCredentialsTokenProvider.builder()
        .tokenUrl(entraUrl())
        .clientId(CLIENT)
        .clientSecret(Secret.of(SECRET))
        .scope("api://" + test.getDisplayName() + "/.default");
  }

  private static long requests(TokenEndpointKind kind) {
    return emulator.identity().tokenRequests(kind);
  }

  @Test
  void concurrentCallersCauseOneTokenRequest(TestInfo test) throws Exception {
    // Slow the token endpoint so that every thread asks while the one request is under way.
    emulator
        .faults()
        .add(FaultRule.of(FaultKind.LATENCY).latencyMs(300).tokenEndpoints(true).count(1));
    int threads = 16;
    long before = requests(TokenEndpointKind.ENTRA);
    try (ClientCredentialsTokenProvider provider = entra(test).build()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<AccessToken>> got = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<AccessToken> c =
            () -> {
              go.await();
              return provider.token();
            };
        got.add(pool.submit(c));
      }
      go.countDown();
      AccessToken first = got.get(0).get(10, TimeUnit.SECONDS);
      for (Future<AccessToken> f : got) {
        assertThat(f.get(10, TimeUnit.SECONDS).value()).isEqualTo(first.value());
      }
      pool.shutdown();
      long sent = requests(TokenEndpointKind.ENTRA) - before;
      System.out.println("single flight: " + threads + " threads, " + sent + " token request(s)");
      assertThat(sent).isEqualTo(1);
    }
  }

  @Test
  void refreshesAheadOfExpiry(TestInfo test) throws Exception {
    // The emulator's tokens live 3600 s: the margin is min(60 s, 360 s) = 60 s.
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    long before = requests(TokenEndpointKind.ENTRA);
    try (ClientCredentialsTokenProvider provider = entra(test).clock(clock).build()) {
      AccessToken first = provider.token();
      assertThat(first.expiresAt()).isEqualTo(clock.instant().plusSeconds(3600));
      clock.advance(Duration.ofSeconds(3539));
      assertThat(provider.token()).isSameAs(first);
      assertThat(requests(TokenEndpointKind.ENTRA) - before).isEqualTo(1);
      clock.advance(Duration.ofSeconds(2)); // 59 s left: inside the margin
      AccessToken second = provider.token();
      assertThat(second.value()).isNotEqualTo(first.value());
      assertThat(provider.token()).isSameAs(second);
      assertThat(requests(TokenEndpointKind.ENTRA) - before).isEqualTo(2);
    }
  }

  @Test
  void refusedTokenIsReplacedOnceEvenWhenRefusedConcurrently(TestInfo test) throws Exception {
    long before = requests(TokenEndpointKind.ENTRA);
    try (ClientCredentialsTokenProvider provider = entra(test).build()) {
      AccessToken first = provider.token();
      assertThat(provider.refused(first)).isTrue();
      AccessToken second = provider.token();
      assertThat(second.value()).isNotEqualTo(first.value());
      // A late refusal of the old token must not throw the new one away.
      assertThat(provider.refused(first)).isTrue();
      assertThat(provider.token()).isSameAs(second);
      assertThat(requests(TokenEndpointKind.ENTRA) - before).isEqualTo(2);

      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<AccessToken>> got = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        got.add(
            pool.submit(
                () -> {
                  go.await();
                  provider.refused(second);
                  return provider.token();
                }));
      }
      go.countDown();
      for (Future<AccessToken> f : got) {
        assertThat(f.get(10, TimeUnit.SECONDS).value()).isNotEqualTo(second.value());
      }
      pool.shutdown();
      assertThat(requests(TokenEndpointKind.ENTRA) - before).isEqualTo(3);
    }
  }

  @Test
  void tokenEndpointErrorNamesEndpointAndClientButNotTheSecret(TestInfo test) {
    String wrong = "Wr0ng-Secret-Value";
    try (ClientCredentialsTokenProvider provider =
        entra(test).clientSecret(Secret.of(wrong)).build()) {
      assertThat(provider.toString()).contains(CLIENT).doesNotContain(wrong);
      assertThatThrownBy(provider::token)
          .isInstanceOfSatisfying(
              OneStreamException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION))
          .hasMessageStartingWith(
              "The token endpoint " + entraUrl() + " refused client '" + CLIENT + "': ")
          .hasMessageContaining("invalid_client")
          .hasMessageNotContaining(wrong)
          .hasMessageNotContaining(SECRET);
    }
  }

  @Test
  void entraOktaAndPingPathsAllWork(TestInfo test) throws Exception {
    Map<TokenEndpointKind, String> paths =
        Map.of(
            TokenEndpointKind.ENTRA, "/contoso/oauth2/v2.0/token",
            TokenEndpointKind.OKTA, "/oauth2/default/v1/token",
            TokenEndpointKind.PING, "/as/token.oauth2");
    for (Map.Entry<TokenEndpointKind, String> p : paths.entrySet()) {
      long before = requests(p.getKey());
      ClientCredentialsTokenProvider provider =
          entra(test).tokenUrl(emulator.baseUrl() + p.getValue()).build();
      try (SessionManager session = session(provider, "GolfStream")) {
        try (Response r = session.call(Route.CUBE_LIST, g -> {}, Map.of(), c -> {})) {
          assertThat(r.code()).isEqualTo(200);
        }
      }
      assertThat(requests(p.getKey()) - before).as(p.getKey().name()).isEqualTo(1);
    }
  }

  @Test
  void refreshTokenRotates(TestInfo test) throws Exception {
    String url = emulator.baseUrl() + "/OneStreamIS/connect/token";
    Secret original = Secret.of(emulator.issueRefreshToken("admin"));
    long before = requests(TokenEndpointKind.IDENTITY_SERVER);
    RefreshTokenProvider provider =
        RefreshTokenProvider.builder()
            .tokenUrl(url)
            .clientId("powerbi")
            .refreshToken(original)
            .build();
    try (SessionManager session = session(provider, "GolfStream")) {
      AccessToken first = provider.token();
      // Each new token redeems the refresh token the previous answer rotated in.
      for (int i = 0; i < 3; i++) {
        AccessToken t = provider.token();
        assertThat(provider.refused(t)).isTrue();
        assertThat(provider.token().value()).isNotEqualTo(t.value());
      }
      assertThat(provider.token().value()).isNotEqualTo(first.value());
      try (Response r = session.call(Route.CUBE_LIST, g -> {}, Map.of(), c -> {})) {
        assertThat(r.code()).isEqualTo(200);
      }
      assertThat(requests(TokenEndpointKind.IDENTITY_SERVER) - before).isEqualTo(4);

      // The original refresh token was used up by the first redemption.
      try (RefreshTokenProvider stale =
          RefreshTokenProvider.builder()
              .tokenUrl(url)
              .clientId("powerbi")
              .refreshToken(original)
              .shared(false)
              .build()) {
        assertThatThrownBy(stale::token)
            .hasMessageContaining("refused client 'powerbi': invalid_grant")
            .hasMessageNotContaining(original.reveal());
      }
    }
  }

  @Test
  void identicalCredentialsShareOneTokenAcrossSessions(TestInfo test) throws Exception {
    long before = requests(TokenEndpointKind.ENTRA);
    SessionManager a = session(entra(test).build(), "GolfStream");
    SessionManager b = session(entra(test).build(), "GolfStream");
    SessionManager other =
        session(
            entra(test).clientId(OTHER_CLIENT).clientSecret(Secret.of(OTHER_SECRET)).build(),
            "GolfStream");
    cubeList(a);
    cubeList(b);
    cubeList(other);
    long sent = requests(TokenEndpointKind.ENTRA) - before;
    System.out.println("sharing: 3 sessions, 2 credential sets, " + sent + " token requests");
    assertThat(sent).isEqualTo(2);

    // Closing one connection leaves the other's shared token working.
    a.close();
    cubeList(b);
    assertThat(requests(TokenEndpointKind.ENTRA) - before).isEqualTo(2);

    // Closing the last forgets the token: a new connection fetches again.
    b.close();
    try (SessionManager c = session(entra(test).build(), "GolfStream")) {
      cubeList(c);
    }
    assertThat(requests(TokenEndpointKind.ENTRA) - before).isEqualTo(3);
    other.close();
  }

  @Test
  void unsharedProvidersFetchTheirOwnTokens(TestInfo test) throws Exception {
    long before = requests(TokenEndpointKind.ENTRA);
    try (ClientCredentialsTokenProvider a = entra(test).shared(false).build();
        ClientCredentialsTokenProvider b = entra(test).shared(false).build()) {
      assertThat(a.token().value()).isNotEqualTo(b.token().value());
    }
    assertThat(requests(TokenEndpointKind.ENTRA) - before).isEqualTo(2);
  }

  private static SessionManager session(TokenProvider tokens, String application) {
    return TestSessions.session(
        TestSessions.config(emulator, tokens).application(application).build());
  }

  private static void cubeList(SessionManager s) throws OneStreamException {
    try (Response r = s.call(Route.CUBE_LIST, g -> {}, Map.of(), c -> {})) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  /**
   * A shared token is refreshed through whichever connection bound it first, so a connection must
   * trust as the provider says it shares: a mismatch is refused when the config is built, and a
   * provider built for the connection's trust, or not shared, is accepted.
   */
  @Test
  void aProviderSharesOnlyWithConnectionsOfItsOwnTrust(TestInfo test) {
    TlsTrust all = TlsTrust.insecureTrustAllCertificates();
    ClientConfig.Builder trustingAll =
        ClientConfig.builder().serverUrl(emulator.baseUrl()).tlsTrust(all);
    try (ClientCredentialsTokenProvider jdk = entra(test).build()) {
      assertThatThrownBy(() -> trustingAll.tokenProvider(jdk).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "The token provider shares its token among connections that trust TlsTrust[JDK],"
                  + " but this connection trusts TlsTrust[INSECURE: any certificate, any host"
                  + " name]: build the provider with the same tlsTrust, or with shared(false)")
          .hasMessageNotContaining(SECRET);
      assertThat(ClientConfig.builder().serverUrl(emulator.baseUrl()).tokenProvider(jdk).build())
          .isNotNull();
    }
    try (ClientCredentialsTokenProvider own = entra(test).tlsTrust(all).build();
        ClientCredentialsTokenProvider unshared = entra(test).shared(false).build()) {
      assertThat(trustingAll.tokenProvider(own).build().tlsTrust()).isSameAs(all);
      assertThat(trustingAll.tokenProvider(unshared).build().tlsTrust()).isSameAs(all);
    }
  }
}
