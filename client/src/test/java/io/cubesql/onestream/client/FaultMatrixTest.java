package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cubesql.onestream.client.internal.Json;
import io.cubesql.onestream.client.internal.Transport;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import io.cubesql.onestream.emulator.internal.identity.TokenEndpointKind;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every fault the emulator injects has its documented outcome: recovered, or one typed error, and
 * never a partial result. The request log shows what was sent, so retries are counted.
 */
class FaultMatrixTest {
  private static final String CUBE_VIEW = Route.CUBE_VIEW.path();
  private static final String SEQUENCE = Route.EXECUTE_SEQUENCE.path();
  private static final int MAX_ATTEMPTS = 3;

  private static OneStreamEmulator emulator;
  private static int expectedRows;

  @BeforeAll
  static void start() throws Exception {
    emulator =
        OneStreamEmulator.builder().faultSeed(7).oauthClient("fm-client", "fm-secret").start();
    try (SessionManager s = session(pat())) {
      expectedRows = cubeViewRows(s);
    }
    assertThat(expectedRows).isPositive();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.faults().clear();
    emulator.requestLog().clear();
  }

  @Test
  void throttlingWithinTheAttemptsIsRecoveredAfterRetryAfter() throws Exception {
    emulator.faults().add(rule(FaultKind.HTTP_503).count(1).retryAfterSeconds(1));
    try (SessionManager s = session(pat())) {
      assertThat(cubeViewRows(s)).isEqualTo(expectedRows);
    }
    List<RequestLogEntry> sent = log(CUBE_VIEW);
    assertThat(sent).extracting(RequestLogEntry::status).containsExactly(503, 200);
    // Retry-After: 1 was honoured (the back-off alone would be 50 to 100 ms).
    assertThat(Duration.between(sent.get(0).time(), sent.get(1).time()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));

    reset();
    emulator.faults().add(rule(FaultKind.HTTP_429).count(MAX_ATTEMPTS - 1).retryAfterSeconds(0));
    try (SessionManager s = session(pat())) {
      assertThat(cubeViewRows(s)).isEqualTo(expectedRows);
    }
    assertThat(log(CUBE_VIEW)).extracting(RequestLogEntry::status).containsExactly(429, 429, 200);
  }

  @Test
  void throttlingBeyondTheAttemptsIsThrottled() throws Exception {
    for (FaultKind kind : List.of(FaultKind.HTTP_429, FaultKind.HTTP_503)) {
      reset();
      emulator.faults().add(rule(kind).count(MAX_ATTEMPTS).retryAfterSeconds(0));
      try (SessionManager s = session(pat())) {
        OneStreamException e =
            catchThrowableOfType(() -> cubeViewRows(s), OneStreamException.class);
        assertThat(e).as(kind + " " + emulator.requestLog().entries()).isNotNull();
        assertThat(e.kind()).isEqualTo(ErrorKind.THROTTLED);
        assertThat(e.route()).isEqualTo(CUBE_VIEW);
        assertThat(e.getMessage()).contains(CUBE_VIEW).contains(MAX_ATTEMPTS + " attempts");
        assertThat(e.httpStatus()).isEqualTo(kind == FaultKind.HTTP_429 ? 429 : 503);
      }
      assertThat(log(CUBE_VIEW)).hasSize(MAX_ATTEMPTS);
    }
  }

  @Test
  void retryAfterLongerThanTheMaximumDelayEndsTheCallAtOnce() throws Exception {
    emulator.faults().add(rule(FaultKind.HTTP_429).retryAfterSeconds(3600));
    try (SessionManager s = session(pat())) {
      long start = System.nanoTime();
      OneStreamException e = catchThrowableOfType(() -> cubeViewRows(s), OneStreamException.class);
      assertThat(e.kind()).isEqualTo(ErrorKind.THROTTLED);
      assertThat(e.getMessage()).contains(CUBE_VIEW).contains("3600 s");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
    assertThat(log(CUBE_VIEW)).hasSize(1);
  }

  @Test
  void throttledActionIsNotRetried() throws Exception {
    emulator.faults().add(rule(FaultKind.HTTP_503, SEQUENCE).retryAfterSeconds(0));
    try (SessionManager s = session(pat())) {
      OneStreamException e =
          catchThrowableOfType(() -> executeSequence(s), OneStreamException.class);
      assertThat(e.kind()).isEqualTo(ErrorKind.THROTTLED);
      assertThat(e.httpStatus()).isEqualTo(503);
    }
    assertThat(log(SEQUENCE)).hasSize(1);
  }

  @Test
  void serverErrorIsNotRetried() throws Exception {
    emulator.faults().add(rule(FaultKind.HTTP_500));
    try (SessionManager s = session(pat())) {
      OneStreamException e = catchThrowableOfType(() -> cubeViewRows(s), OneStreamException.class);
      assertThat(e.kind()).isEqualTo(ErrorKind.SERVER);
      assertThat(e.httpStatus()).isEqualTo(500);
      assertThat(e.getMessage()).contains(CUBE_VIEW);
    }
    assertThat(log(CUBE_VIEW)).hasSize(1);
  }

  @Test
  void connectionResetOnAReadIsRetried() throws Exception {
    emulator.faults().add(rule(FaultKind.CONNECTION_RESET).count(1));
    try (SessionManager s = session(pat())) {
      assertThat(cubeViewRows(s)).isEqualTo(expectedRows);
    }
    assertThat(log(CUBE_VIEW))
        .extracting(RequestLogEntry::fault)
        .containsExactly("CONNECTION_RESET", null);
  }

  @Test
  void connectionResetOnAnActionIsAnErrorAndSentOnce() throws Exception {
    emulator.faults().add(rule(FaultKind.CONNECTION_RESET, SEQUENCE).count(1));
    try (SessionManager s = session(pat())) {
      OneStreamException e =
          catchThrowableOfType(() -> executeSequence(s), OneStreamException.class);
      assertThat(e.kind()).isEqualTo(ErrorKind.CONNECTION);
      assertThat(e.getMessage()).contains(SEQUENCE);
    }
    assertThat(log(SEQUENCE)).hasSize(1);
  }

  @Test
  void refusedConnectionIsConnectionAfterTheAttempts() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ClientConfig config = config(pat()).serverUrl("http://127.0.0.1:" + port).build();
    try (SessionManager s = TestSessions.session(config)) {
      OneStreamException e = catchThrowableOfType(() -> cubeViewRows(s), OneStreamException.class);
      assertThat(e.kind()).isEqualTo(ErrorKind.CONNECTION);
      assertThat(e.getMessage()).contains(Route.LOGON.path()).contains(MAX_ATTEMPTS + " attempts");
    }
  }

  @Test
  void truncatedAndMalformedBodiesAreProtocolErrors() throws Exception {
    for (FaultKind kind : List.of(FaultKind.TRUNCATED_BODY, FaultKind.MALFORMED_JSON)) {
      reset();
      emulator.faults().add(rule(kind).count(1));
      try (SessionManager s = session(pat())) {
        OneStreamException e =
            catchThrowableOfType(() -> cubeViewRows(s), OneStreamException.class);
        assertThat(e).as(kind.name()).isNotNull();
        assertThat(e.kind()).as(kind.name()).isEqualTo(ErrorKind.PROTOCOL);
        assertThat(e.route()).isEqualTo(CUBE_VIEW);
        // The next call is whole again.
        assertThat(cubeViewRows(s)).isEqualTo(expectedRows);
      }
      assertThat(log(CUBE_VIEW)).hasSize(2);
    }
  }

  @Test
  void expiredSessionInfoIsRenewed() throws Exception {
    emulator.faults().add(rule(FaultKind.SI_EXPIRY).count(1));
    try (SessionManager s = session(pat())) {
      assertThat(cubeViewRows(s)).isEqualTo(expectedRows);
    }
    assertThat(emulator.requestLog().entries())
        .extracting(RequestLogEntry::route, RequestLogEntry::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Route.LOGON.path(), 200),
            org.assertj.core.groups.Tuple.tuple(Route.OPEN_APPLICATION.path(), 200),
            org.assertj.core.groups.Tuple.tuple(CUBE_VIEW, 401),
            org.assertj.core.groups.Tuple.tuple(Route.LOGON.path(), 200),
            org.assertj.core.groups.Tuple.tuple(Route.OPEN_APPLICATION.path(), 200),
            org.assertj.core.groups.Tuple.tuple(CUBE_VIEW, 200));
  }

  @Test
  void expiredOAuthTokenIsRefreshed() throws Exception {
    ClientCredentialsTokenProvider tokens =
        ClientCredentialsTokenProvider.builder()
            .tokenUrl(emulator.baseUrl() + "/oauth2/default/v1/token")
            .clientId("fm-client")
            .clientSecret(Secret.of("fm-secret"))
            .shared(false)
            .build();
    long before = emulator.identity().tokenRequests(TokenEndpointKind.OKTA);
    emulator.faults().add(rule(FaultKind.TOKEN_EXPIRY).count(1));
    try (SessionManager s = session(tokens)) {
      assertThat(cubeViewRows(s)).isEqualTo(expectedRows);
    }
    assertThat(emulator.identity().tokenRequests(TokenEndpointKind.OKTA) - before).isEqualTo(2L);
    assertThat(log(CUBE_VIEW)).extracting(RequestLogEntry::status).containsExactly(401, 200);
  }

  /**
   * A PAT cannot be refreshed: a 401 that does not say the session expired is final, and the same
   * PAT is not sent again.
   */
  @Test
  void refusedPatIsAuthenticationError() throws Exception {
    emulator.faults().add(rule(FaultKind.TOKEN_EXPIRY));
    try (SessionManager s = session(pat())) {
      OneStreamException e = catchThrowableOfType(() -> cubeViewRows(s), OneStreamException.class);
      assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
      assertThat(e.httpStatus()).isEqualTo(401);
    }
    assertThat(log(CUBE_VIEW)).extracting(RequestLogEntry::status).containsExactly(401);
  }

  @Test
  void latencyIsSlowerButFine() throws Exception {
    emulator.faults().add(rule(FaultKind.LATENCY).latencyMs(300));
    try (SessionManager s = session(pat())) {
      long start = System.nanoTime();
      assertThat(cubeViewRows(s)).isEqualTo(expectedRows);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
    assertThat(log(CUBE_VIEW)).hasSize(1);
  }

  private static FaultRule rule(FaultKind kind) {
    return rule(kind, CUBE_VIEW);
  }

  private static FaultRule rule(FaultKind kind, String route) {
    return FaultRule.of(kind).probability(1).route(route);
  }

  private static List<RequestLogEntry> log(String route) {
    return emulator.requestLog().entries(route);
  }

  private static TokenProvider pat() {
    return TestSessions.pat(emulator);
  }

  private static ClientConfig.Builder config(TokenProvider tokens) {
    return TestSessions.config(emulator, tokens)
        .maxAttempts(MAX_ATTEMPTS)
        .retryBaseDelay(Duration.ofMillis(100))
        .retryMaxDelay(Duration.ofSeconds(5));
  }

  private static SessionManager session(TokenProvider tokens) {
    return TestSessions.session(config(tokens).build());
  }

  /**
   * Reads the whole cube view answer with a streaming parser and counts its rows: a truncated or
   * malformed answer must fail here, not yield fewer rows.
   */
  static int cubeViewRows(SessionManager s) throws OneStreamException {
    AtomicReference<Call> call = new AtomicReference<>();
    try (Response r = TestSessions.cubeView(s, call::set);
        JsonParser p = Json.FACTORY.createParser(r.body().byteStream())) {
      int rows = 0;
      expect(p.nextToken(), JsonToken.START_OBJECT);
      expect(p.nextToken(), JsonToken.FIELD_NAME);
      expect(p.nextToken(), JsonToken.START_ARRAY);
      while (p.nextToken() == JsonToken.START_OBJECT) {
        p.skipChildren();
        rows++;
      }
      expect(p.currentToken(), JsonToken.END_ARRAY);
      expect(p.nextToken(), JsonToken.END_OBJECT);
      expect(p.nextToken(), null);
      return rows;
    } catch (IOException e) {
      throw Transport.failure(call.get(), CUBE_VIEW, e);
    }
  }

  private static void expect(JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("Expected " + expected + " but read " + actual);
    }
  }

  private static void executeSequence(SessionManager s) throws OneStreamException {
    try (Response r =
        s.call(
            Route.EXECUTE_SEQUENCE,
            g -> g.writeStringField("SequenceName", "NightlyConsolidation"),
            Map.of(),
            c -> {})) {
      r.body().close();
    }
  }
}
