package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import io.cubesql.onestream.emulator.internal.identity.TokenEndpointKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The session manager against the emulator: the application check, single-flight Logon, the one
 * retry after a 401 (expired session, expired token, revoked PAT), 5.2.0 without Logon, errors that
 * name the failing step, and {@code close()}.
 */
class SessionManagerTest {
  private static final String CLIENT = "session-test";
  private static final String SECRET = "Cl13nt-S3cret";

  private static OneStreamEmulator emulator;
  private static Level rootLevel;

  @BeforeAll
  static void start() {
    rootLevel = OAuthTokenProviderTest.quietLogs(Level.WARN);
    emulator = OneStreamEmulator.builder().oauthClient(CLIENT, SECRET).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
    OAuthTokenProviderTest.quietLogs(rootLevel);
  }

  @AfterEach
  void clearFaults() {
    emulator.faults().clear();
  }

  private static ClientCredentialsTokenProvider oauth(TestInfo test) {
    return ClientCredentialsTokenProvider.builder()
        .tokenUrl(emulator.baseUrl() + "/contoso/oauth2/v2.0/token")
        .clientId(CLIENT)
        .clientSecret(Secret.of(SECRET))
        .scope("api://" + test.getDisplayName() + "/.default")
        .build();
  }

  private static SessionManager session(
      TokenProvider tokens, String application, ApiVersion version) {
    return TestSessions.session(
        TestSessions.config(emulator, tokens).application(application).apiVersion(version).build());
  }

  private static int count(String route) {
    return emulator.requestLog().entries(route).size();
  }

  private static int logons() {
    return count("Authentication/Logon");
  }

  private static long tokenRequests() {
    return emulator.identity().tokenRequests(TokenEndpointKind.ENTRA);
  }

  /** The next {@code times} cube-list calls fail with {@code kind}. */
  private static void failCubeList(FaultKind kind, int times) {
    emulator.faults().add(FaultRule.of(kind).route("Analytics/GetCubeList").count(times));
  }

  private static void cubeList(SessionManager s) throws OneStreamException {
    try (Response r = s.call(Route.CUBE_LIST, g -> {}, Map.of(), c -> {})) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  @Test
  void applicationNotAuthorizedIsAPermissionErrorListingTheAllowedOnes() {
    String pat = emulator.issuePat("viewer", Duration.ofHours(1));
    int opens = count("Application/OpenApplication");
    try (SessionManager s =
        session(new PatTokenProvider(Secret.of(pat)), "GolfStream", ApiVersion.V7_2_0)) {
      assertThatThrownBy(() -> cubeList(s))
          .isInstanceOfSatisfying(
              OneStreamException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PERMISSION))
          .hasMessage(
              "Application 'GolfStream' is not among the applications the user may open: "
                  + "[GolfStreamDemo_2022]")
          .hasMessageNotContaining(pat);
    }
    assertThat(count("Application/OpenApplication")).isEqualTo(opens);
  }

  @Test
  void concurrentFirstCallsLogOnOnce(TestInfo test) throws Exception {
    int logons = logons();
    int opens = count("Application/OpenApplication");
    long tokens = tokenRequests();
    try (SessionManager s = session(oauth(test), "GolfStream", ApiVersion.V7_2_0)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  cubeList(s);
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(20, TimeUnit.SECONDS);
      }
      pool.shutdown();
    }
    assertThat(logons() - logons).isEqualTo(1);
    assertThat(count("Application/OpenApplication") - opens).isEqualTo(1);
    assertThat(tokenRequests() - tokens).isEqualTo(1);
  }

  @Test
  void expiredSessionLogsOnAgainWithTheSameToken(TestInfo test) throws Exception {
    try (SessionManager s = session(oauth(test), "GolfStream", ApiVersion.V7_2_0)) {
      cubeList(s);
      int logons = logons();
      long tokens = tokenRequests();
      int calls = count("Analytics/GetCubeList");
      failCubeList(FaultKind.SI_EXPIRY, 1);
      cubeList(s);
      assertThat(logons() - logons).isEqualTo(1);
      assertThat(tokenRequests() - tokens).isZero();
      assertThat(count("Analytics/GetCubeList") - calls).isEqualTo(2);
    }
  }

  @Test
  void aSessionThatExpiresAgainBeforeTheResendArrivesIsReplacedOnceMore(TestInfo test)
      throws Exception {
    try (SessionManager s = session(oauth(test), "GolfStream", ApiVersion.V7_2_0)) {
      cubeList(s);
      int logons = logons();
      int calls = count("Analytics/GetCubeList");
      // As on a connection shared by many threads: the new session expires too before it is used.
      failCubeList(FaultKind.SI_EXPIRY, 2);
      cubeList(s);
      assertThat(logons() - logons).isEqualTo(2);
      assertThat(count("Analytics/GetCubeList") - calls).isEqualTo(3);
    }
  }

  @Test
  void aServerThatExpiresEveryNewSessionGetsThreeSendsAndAnError(TestInfo test) throws Exception {
    try (SessionManager s = session(oauth(test), "GolfStream", ApiVersion.V7_2_0)) {
      cubeList(s);
      int logons = logons();
      int calls = count("Analytics/GetCubeList");
      failCubeList(FaultKind.SI_EXPIRY, 5);
      assertThatThrownBy(() -> cubeList(s))
          .isInstanceOfSatisfying(
              OneStreamException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
                assertThat(e.httpStatus()).isEqualTo(401);
                assertThat(e.route()).isEqualTo("Analytics/GetCubeList");
              })
          .hasMessageContaining("Session is invalid or has expired.")
          .hasMessageContaining("sent 3 times, each on the newest session when it left");
      assertThat(count("Analytics/GetCubeList") - calls).isEqualTo(SessionManager.MAX_SENDS);
      assertThat(logons() - logons).isEqualTo(SessionManager.MAX_SENDS - 1);
    }
  }

  @Test
  void aTokenRefusedOnTheLastSendIsNeverSentAgain(TestInfo test) throws Exception {
    try (SessionManager s = session(oauth(test), "GolfStream", ApiVersion.V7_2_0)) {
      cubeList(s);
      int calls = count("Analytics/GetCubeList");
      failCubeList(FaultKind.SI_EXPIRY, 2);
      failCubeList(FaultKind.TOKEN_EXPIRY, 1);
      assertThatThrownBy(() -> cubeList(s))
          .isInstanceOfSatisfying(
              OneStreamException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION));
      assertThat(count("Analytics/GetCubeList") - calls).isEqualTo(SessionManager.MAX_SENDS);
      long tokens = tokenRequests();
      calls = count("Analytics/GetCubeList");
      cubeList(s);
      // The next call asks for a new token first, rather than sending the refused one.
      assertThat(count("Analytics/GetCubeList") - calls).isEqualTo(1);
      assertThat(tokenRequests() - tokens).isEqualTo(1);
    }
  }

  @Test
  void aTokenRefusedTwiceIsNotReplacedTwice(TestInfo test) throws Exception {
    try (SessionManager s = session(oauth(test), "GolfStream", ApiVersion.V7_2_0)) {
      cubeList(s);
      long tokens = tokenRequests();
      int calls = count("Analytics/GetCubeList");
      failCubeList(FaultKind.TOKEN_EXPIRY, 2);
      assertThatThrownBy(() -> cubeList(s))
          .isInstanceOfSatisfying(
              OneStreamException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION));
      assertThat(count("Analytics/GetCubeList") - calls).isEqualTo(2);
      assertThat(tokenRequests() - tokens).isEqualTo(1);
    }
  }

  @Test
  void logonSessionExpiredBeforeOpenApplicationLogsOnAgain(TestInfo test) throws Exception {
    int logons = logons();
    long tokens = tokenRequests();
    emulator
        .faults()
        .add(FaultRule.of(FaultKind.SI_EXPIRY).route("Application/OpenApplication").count(1));
    try (SessionManager s = session(oauth(test), "GolfStream", ApiVersion.V7_2_0)) {
      cubeList(s);
    }
    assertThat(logons() - logons).isEqualTo(2);
    assertThat(tokenRequests() - tokens).isEqualTo(1);
  }

  @Test
  void refusedTokenIsReplacedAndTheCallSentOnceMore(TestInfo test) throws Exception {
    try (SessionManager s = session(oauth(test), "GolfStream", ApiVersion.V7_2_0)) {
      cubeList(s);
      int logons = logons();
      long tokens = tokenRequests();
      int calls = count("Analytics/GetCubeList");
      failCubeList(FaultKind.TOKEN_EXPIRY, 1);
      cubeList(s);
      assertThat(tokenRequests() - tokens).isEqualTo(1);
      assertThat(logons() - logons).isEqualTo(1);
      assertThat(count("Analytics/GetCubeList") - calls).isEqualTo(2);
    }
  }

  @Test
  void logonErrorKeepsTheAnswersStatusAndMessage() throws Exception {
    String pat = emulator.issuePat("analyst", Duration.ofHours(1));
    emulator.revokePat(pat);
    try (SessionManager s =
        session(new PatTokenProvider(Secret.of(pat)), "GolfStream", ApiVersion.V7_2_0)) {
      assertThatThrownBy(() -> cubeList(s))
          .isInstanceOfSatisfying(
              OneStreamException.class,
              e -> {
                assertThat(e.getMessage()).startsWith("Logon failed: ");
                assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
                assertThat(e.httpStatus()).isEqualTo(401);
                assertThat(e.serverMessage()).isNotBlank();
                assertThat(e.route()).isEqualTo(Route.LOGON.path());
              });
    }
  }

  @Test
  void revokedPatFailsWithoutARetry() throws Exception {
    String pat = emulator.issuePat("analyst", Duration.ofHours(1));
    try (SessionManager s =
        session(new PatTokenProvider(Secret.of(pat)), "GolfStream", ApiVersion.V7_2_0)) {
      cubeList(s);
      emulator.revokePat(pat);
      int calls = count("Analytics/GetCubeList");
      int logons = logons();
      assertThatThrownBy(() -> cubeList(s))
          .isInstanceOfSatisfying(
              OneStreamException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
                assertThat(e.httpStatus()).isEqualTo(401);
              })
          .hasMessageContaining("Analytics/GetCubeList")
          .hasMessageNotContaining(pat);
      assertThat(count("Analytics/GetCubeList") - calls).isEqualTo(1);
      assertThat(logons() - logons).isZero();
    }
  }

  @Test
  void version520NeedsNoLogon() throws Exception {
    int logons = logons();
    try (SessionManager s = session(TestSessions.pat(emulator), "GolfStream", ApiVersion.V5_2_0)) {
      try (Response r = TestSessions.cubeView(s, c -> {})) {
        assertThat(r.body().string()).startsWith("{\"T\":[");
      }
    }
    assertThat(logons()).isEqualTo(logons);
  }

  @Test
  void logonFailureNamesTheStep() {
    String pat = emulator.issuePat("analyst", Duration.ofHours(1));
    emulator.revokePat(pat);
    try (SessionManager s =
        session(new PatTokenProvider(Secret.of(pat)), "GolfStream", ApiVersion.V7_2_0)) {
      assertThatThrownBy(s::authorizedApplications)
          .isInstanceOfSatisfying(
              OneStreamException.class,
              e -> assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION))
          .hasMessageStartingWith("Logon failed: Authentication/Logon: ")
          .hasMessageNotContaining(pat);
    }
  }

  @Test
  void tokenEndpointFailureNamesTheEndpoint() {
    ClientCredentialsTokenProvider wrong =
        ClientCredentialsTokenProvider.builder()
            .tokenUrl(emulator.baseUrl() + "/as/token.oauth2")
            .clientId(CLIENT)
            .clientSecret(Secret.of("not-the-secret"))
            .build();
    try (SessionManager s = session(wrong, "GolfStream", ApiVersion.V7_2_0)) {
      assertThatThrownBy(() -> cubeList(s))
          .hasMessageStartingWith(
              "The token endpoint " + emulator.baseUrl() + "/as/token.oauth2 refused client '")
          .hasMessageNotContaining("not-the-secret");
    }
  }

  @Test
  void closeForgetsSessionAndTokens(TestInfo test) throws Exception {
    ClientCredentialsTokenProvider tokens = oauth(test);
    SessionManager s = session(tokens, "GolfStream", ApiVersion.V7_2_0);
    cubeList(s);
    assertThat(s.toString()).isEqualTo("SessionManager[GolfStream]");
    s.close();
    assertThatThrownBy(() -> cubeList(s))
        .isInstanceOfSatisfying(
            OneStreamException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED));
    assertThatThrownBy(tokens::token).hasMessageContaining("is closed");
  }
}
