package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.client.internal.CallHistory;
import io.cubesql.onestream.client.internal.Json;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The history of recent calls against the emulator: what one record says of a read, of each page
 * and poll of an Analytics request, of an error answer, a retry, a cancel and an unreadable answer;
 * that only the last {@value CallHistory#CAPACITY} are kept while the count goes on; and that no
 * record shows a token or a SessionInfo.
 */
class RecentCallsTest {
  private static final String CUBE_VIEW = Route.CUBE_VIEW.path();
  private static final String CELLS = Route.DATA_CELLS.path();
  private static final String DATA_REQUEST = Route.DATA_REQUEST.path();
  private static final int PAGE_SIZE = 100;

  private static OneStreamEmulator emulator;
  private static ScheduledExecutorService canceller;

  @BeforeAll
  static void start() {
    // Small pages, and a request that answers "running" at first, so that it has polls and pages.
    emulator = OneStreamEmulator.builder().pageSize(PAGE_SIZE).asyncPolls(1).start();
    canceller = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterAll
  static void stop() {
    canceller.shutdownNow();
    emulator.close();
  }

  @AfterEach
  void clearFaults() {
    emulator.faults().clear();
  }

  private static ClientConfig.Builder config(ApiVersion version) {
    return TestSessions.config(emulator, TestSessions.pat(emulator))
        .apiVersion(version)
        .maxAttempts(3)
        .retryBaseDelay(Duration.ofMillis(20))
        .retryMaxDelay(Duration.ofSeconds(2))
        .pollDelays(List.of(Duration.ofMillis(10)));
  }

  private static OneStreamClient client() {
    return OneStreamClient.open(config(ApiVersion.V7_2_0).build());
  }

  private static DataSetReader actualVsBudget(OneStreamClient client, Consumer<Call> onCall)
      throws OneStreamException {
    return client.cubeView(
        "ActualVsBudget",
        SubstVars.of("Entity", "Houston").and("Time", "2024M3"),
        false,
        true,
        "Cv",
        onCall);
  }

  private static long count(DataSetReader r) throws OneStreamException {
    long n = 0;
    while (r.nextRow()) {
      n++;
    }
    return n;
  }

  private static CallRecord last(OneStreamClient client) {
    List<CallRecord> calls = client.recentCalls();
    assertThat(calls).isNotEmpty();
    return calls.get(calls.size() - 1);
  }

  @Test
  void aCubeViewReadRecordsItsRouteStatusBytesAndRows() throws Exception {
    Instant before = Instant.now();
    try (OneStreamClient client = client()) {
      long rows;
      try (DataSetReader r = actualVsBudget(client, c -> {})) {
        rows = count(r);
      }
      assertThat(rows).isPositive();

      List<CallRecord> calls = client.recentCalls();
      assertThat(calls)
          .extracting(CallRecord::route)
          .containsExactly("Authentication/Logon", "Application/OpenApplication", CUBE_VIEW);
      assertThat(client.callCount()).isEqualTo(3);
      // The session's calls carry no row data, and answered 200.
      for (CallRecord session : calls.subList(0, 2)) {
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.rows()).isNull();
        assertThat(session.error()).isNull();
        assertThat(session.bytes()).isPositive();
      }
      CallRecord read = calls.get(2);
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.query()).isNull();
      assertThat(read.error()).isNull();
      assertThat(read.rows()).isEqualTo(rows);
      assertThat(read.bytes()).isPositive();
      assertThat(read.durationMs()).isNotNegative();
      assertThat(read.started()).isBetween(before, Instant.now());
      assertThat(calls).extracting(CallRecord::started).isSortedAccordingTo(Instant::compareTo);
    }
  }

  @Test
  void bytesAreTheBodyAsReceivedOnTheWire() throws Exception {
    // On 5.2.0 the body needs no SessionInfo, so the test can send the same request itself.
    ClientConfig config = config(ApiVersion.V5_2_0).build();
    try (OneStreamClient client = OneStreamClient.open(config)) {
      long rows;
      try (DataSetReader r = actualVsBudget(client, c -> {})) {
        rows = count(r);
      }
      CallRecord read = last(client);
      assertThat(read.route()).isEqualTo(CUBE_VIEW);
      assertThat(read.rows()).isEqualTo(rows);

      long raw = rawCubeViewBytes(config);
      assertThat(read.bytes()).isEqualTo(raw);
      // The emulator compressed it: fewer bytes crossed the wire than the JSON it wrote.
      var logged = emulator.requestLog().entries(CUBE_VIEW);
      assertThat(logged.get(logged.size() - 1).responseBytes()).isGreaterThan(read.bytes());
    }
  }

  /** The cube view's answer body as it crosses the wire: gzip asked for, and not unpacked. */
  private static long rawCubeViewBytes(ClientConfig config) throws IOException {
    byte[] body =
        Json.object(
            g -> {
              g.writeStringField("CubeViewName", "ActualVsBudget");
              g.writeBooleanField("DataTablePerCubeViewRow", false);
              g.writeStringField("ResultDataTableName", "Cv");
              g.writeStringField(
                  "CustomSubstVarsAsCommaSeparatedPairs", "Entity=[Houston],Time=[2024M3]");
              g.writeObjectFieldStart("CubeViewDataTableOptions");
              g.writeBooleanField("IncludeTitle", false);
              g.writeBooleanField("IncludeMemberDetails", true);
              g.writeEndObject();
              g.writeStringField("BaseWebServerUrl", config.webServerUrl());
              g.writeStringField("ApplicationName", "GolfStream");
            });
    Request request =
        new Request.Builder()
            .url(emulator.apiUrl() + "/api/" + CUBE_VIEW + "?api-version=5.2.0")
            .header("Authorization", "Bearer " + emulator.adminPat())
            .header("Accept-Encoding", "gzip")
            .post(RequestBody.create(body, MediaType.get("application/json")))
            .build();
    OkHttpClient http = new OkHttpClient();
    try (Response response = http.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
      return response.body().bytes().length;
    } finally {
      http.connectionPool().evictAll();
    }
  }

  @Test
  void eachPollAndPageIsARecordWithItsOwnRows() throws Exception {
    try (OneStreamClient client = client()) {
      client.authorizedApplications();
      long before = client.callCount();
      long rows;
      try (DataSetReader r =
          client.dataCells(
              "GolfStream", false, DataCellsFilter.all().scenario("Actual").time("2024M1"))) {
        rows = count(r);
      }
      List<CallRecord> calls = client.recentCalls();
      List<CallRecord> request =
          calls.subList(calls.size() - (int) (client.callCount() - before), calls.size());

      // The request answers "Running"; so does the first poll of page 1 (the emulator's one
      // async poll). Neither carries rows. The next poll of page 1 answers its rows.
      assertThat(request.get(0).route()).isEqualTo(CELLS);
      assertThat(request.get(0).query()).isNull();
      assertThat(request.get(1).route()).isEqualTo(DATA_REQUEST);
      assertThat(request.get(1).query()).isEqualTo("page=1");
      for (CallRecord running : request.subList(0, 2)) {
        assertThat(running.status()).isEqualTo(200);
        assertThat(running.error()).isNull();
        assertThat(running.rows()).as("a poll of a running request carries no rows").isNull();
      }
      List<CallRecord> pages = request.subList(2, request.size());
      assertThat(pages.size()).as("pages").isGreaterThan(2).isLessThan(CallHistory.CAPACITY / 2);
      for (int i = 0; i < pages.size(); i++) {
        CallRecord page = pages.get(i);
        assertThat(page.route()).isEqualTo(DATA_REQUEST);
        assertThat(page.query()).isEqualTo("page=" + (i + 1));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.error()).isNull();
        assertThat(page.bytes()).isPositive();
        if (i < pages.size() - 1) {
          assertThat(page.rows()).as("rows of page %d", i + 1).isEqualTo((long) PAGE_SIZE);
        } else {
          assertThat(page.rows()).isBetween(1L, (long) PAGE_SIZE);
        }
      }
      assertThat(pages.stream().mapToLong(CallRecord::rows).sum()).isEqualTo(rows);
    }
  }

  @Test
  void anErrorAnswerRecordsItsStatusAndKind() throws Exception {
    try (OneStreamClient client = client()) {
      OneStreamException e =
          catchThrowableOfType(
              () -> client.cubeView("NoSuchCubeView", SubstVars.none(), false, false, null),
              OneStreamException.class);
      CallRecord failed = last(client);
      assertThat(failed.route()).isEqualTo(CUBE_VIEW);
      assertThat(failed.status()).isEqualTo(400).isEqualTo(e.httpStatus());
      assertThat(failed.error()).isEqualTo(ErrorKind.BAD_REQUEST.name()).isEqualTo(e.kind().name());
      assertThat(failed.rows()).isNull();
      assertThat(failed.bytes()).isPositive();
    }
  }

  @Test
  void aRetriedReadRecordsEachAttempt() throws Exception {
    try (OneStreamClient client = client()) {
      client.authorizedApplications();
      long before = client.callCount();
      emulator
          .faults()
          .add(FaultRule.of(FaultKind.HTTP_503).route(CUBE_VIEW).retryAfterSeconds(0).count(1));
      long rows;
      try (DataSetReader r = actualVsBudget(client, c -> {})) {
        rows = count(r);
      }
      assertThat(client.callCount() - before).isEqualTo(2);
      List<CallRecord> calls = client.recentCalls();
      CallRecord throttled = calls.get(calls.size() - 2);
      CallRecord ok = calls.get(calls.size() - 1);
      assertThat(throttled.route()).isEqualTo(CUBE_VIEW);
      assertThat(throttled.status()).isEqualTo(503);
      assertThat(throttled.error()).isEqualTo("THROTTLED");
      assertThat(throttled.rows()).isNull();
      assertThat(ok.route()).isEqualTo(CUBE_VIEW);
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.error()).isNull();
      assertThat(ok.rows()).isEqualTo(rows);
      assertThat(ok.started()).isAfterOrEqualTo(throttled.started());
    }
  }

  @Test
  void aCancelledCallRecordsCancelledAndNoStatus() throws Exception {
    try (OneStreamClient client = client()) {
      client.authorizedApplications();
      emulator
          .faults()
          .add(FaultRule.of(FaultKind.LATENCY).route(CUBE_VIEW).latencyMs(3_000).count(1));
      CallHandle handle = new CallHandle();
      canceller.schedule(handle::cancel, 200, TimeUnit.MILLISECONDS);
      OneStreamException e =
          catchThrowableOfType(() -> actualVsBudget(client, handle), OneStreamException.class);
      assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);

      CallRecord cancelled = last(client);
      assertThat(cancelled.route()).isEqualTo(CUBE_VIEW);
      assertThat(cancelled.status()).isNull();
      assertThat(cancelled.error()).isEqualTo("CANCELLED");
      assertThat(cancelled.rows()).isNull();
      assertThat(cancelled.bytes()).isZero();
      assertThat(cancelled.durationMs()).isBetween(100L, 2_500L);
    }
  }

  @Test
  void aReaderClosedEarlyRecordsTheRowsItReadAndCancelled() throws Exception {
    try (OneStreamClient client = client()) {
      client.authorizedApplications();
      // A page of cells is tens of kilobytes of JSON: three rows are read long before its end.
      try (DataSetReader r = client.dataCells("GolfStream", false, DataCellsFilter.all())) {
        for (int i = 0; i < 3; i++) {
          assertThat(r.nextRow()).isTrue();
        }
      }
      CallRecord read = last(client);
      assertThat(read.route()).isEqualTo(DATA_REQUEST);
      assertThat(read.query()).isEqualTo("page=1");
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.rows()).isEqualTo(3);
      assertThat(read.error()).isEqualTo("CANCELLED");
    }
  }

  @Test
  void aWholeTableReadWithoutAskingForTheNextEndsItsCallWell() throws Exception {
    try (OneStreamClient client = client()) {
      long rows;
      // Only nextRow until false, then close: the reader sees the answer's end after the table.
      try (DataSetReader r =
          client.cubeView("EntityAccountDetail", SubstVars.none(), false, false, "T")) {
        rows = count(r);
      }
      CallRecord read = last(client);
      assertThat(read.route()).isEqualTo(CUBE_VIEW);
      assertThat(read.rows()).isEqualTo(rows).isPositive();
      assertThat(read.error()).isNull();
      OneStreamClientTest.assertNoBusyConnection(client);
    }
  }

  @Test
  void anUnreadableAnswerRecordsTheReadersKind() throws Exception {
    try (OneStreamClient client = client()) {
      client.authorizedApplications();
      // The whole answer arrives (OkHttp ends the call well), then the parser fails.
      emulator.faults().add(FaultRule.of(FaultKind.MALFORMED_JSON).route(CUBE_VIEW).count(1));
      OneStreamException e =
          catchThrowableOfType(
              () -> {
                try (DataSetReader r = actualVsBudget(client, c -> {})) {
                  count(r);
                }
              },
              OneStreamException.class);
      assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
      CallRecord bad = last(client);
      assertThat(bad.route()).isEqualTo(CUBE_VIEW);
      assertThat(bad.status()).isEqualTo(200);
      assertThat(bad.error()).isEqualTo("PROTOCOL");
    }
  }

  @Test
  void keepsTheLastCapacityRecordsAndCountsThemAll() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2024-03-01T00:00:00Z"));
    int calls = CallHistory.CAPACITY + 7;
    try (OneStreamClient client =
        OneStreamClient.open(config(ApiVersion.V7_2_0).clock(clock).build())) {
      for (int i = 0; i < calls; i++) {
        client.ping();
        clock.advance(Duration.ofSeconds(1));
      }
      assertThat(client.callCount()).isEqualTo(calls);
      List<CallRecord> kept = client.recentCalls();
      assertThat(kept).hasSize(CallHistory.CAPACITY);
      // Oldest first, and the first seven fell out.
      for (int i = 0; i < kept.size(); i++) {
        assertThat(kept.get(i).started())
            .isEqualTo(Instant.parse("2024-03-01T00:00:07Z").plusSeconds(i));
        assertThat(kept.get(i).route()).isEqualTo(Route.LOGON_AND_RETURN_COOKIE.path());
      }
      // A snapshot: later calls do not change it.
      client.ping();
      assertThat(kept).hasSize(CallHistory.CAPACITY);
      assertThat(kept.get(0).started()).isEqualTo(Instant.parse("2024-03-01T00:00:07Z"));
      assertThat(client.recentCalls().get(0).started())
          .isEqualTo(Instant.parse("2024-03-01T00:00:08Z"));
      assertThat(client.callCount()).isEqualTo(calls + 1);
    }
  }

  @Test
  void parallelReadsEachRecordTheirOwnRows() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (OneStreamClient client = client()) {
      client.authorizedApplications();
      long before = client.callCount();
      List<Callable<Long>> reads = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        reads.add(
            () -> {
              try (DataSetReader r = actualVsBudget(client, c -> {})) {
                return count(r);
              }
            });
      }
      long rows = -1;
      for (Future<Long> f : pool.invokeAll(reads)) {
        rows = f.get();
      }
      assertThat(client.callCount() - before).isEqualTo(threads);
      List<CallRecord> calls = client.recentCalls();
      assertThat(calls.subList(calls.size() - threads, calls.size()))
          .allSatisfy(
              c -> {
                assertThat(c.route()).isEqualTo(CUBE_VIEW);
                assertThat(c.status()).isEqualTo(200);
              })
          .extracting(CallRecord::rows)
          .containsOnly(rows);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void noRecordShowsTheTokenOrTheSessionInfo() throws Exception {
    Set<String> sessionInfos = ConcurrentHashMap.newKeySet();
    String pat = emulator.adminPat();
    ClientConfig config = config(ApiVersion.V7_2_0).build();
    RecordingTransport transport =
        new RecordingTransport(config, sessionInfos, ConcurrentHashMap.newKeySet());
    try (SessionManager s = new SessionManager(config, transport)) {
      s.authorizedApplications();
      readAll(TestSessions.cubeView(s, c -> {}));
      // An expired SessionInfo: a 401, a new Logon and OpenApplication, and the call again.
      emulator.faults().add(FaultRule.of(FaultKind.SI_EXPIRY).route(CUBE_VIEW).count(1));
      readAll(TestSessions.cubeView(s, c -> {}));
      // A refused PAT: a 401 that ends the call.
      emulator.faults().add(FaultRule.of(FaultKind.TOKEN_EXPIRY).route(CUBE_VIEW).count(1));
      catchThrowableOfType(() -> TestSessions.cubeView(s, c -> {}), OneStreamException.class);
    }
    List<CallRecord> calls = transport.history().snapshot();
    assertThat(sessionInfos).hasSizeGreaterThanOrEqualTo(2);
    assertThat(calls).extracting(CallRecord::status).contains(200, 401);
    assertThat(calls).extracting(CallRecord::route).contains("Authentication/Logon");
    List<String> secrets = new ArrayList<>(sessionInfos);
    secrets.add(pat);
    for (CallRecord call : calls) {
      String text = call.toString();
      for (String secret : secrets) {
        // Only whether it leaked is reported: the assertion message must not print the secret.
        assertThat(text.contains(secret))
            .as("a secret of length %d leaked into %s", secret.length(), call.route())
            .isFalse();
      }
    }
  }

  private static void readAll(Response response) throws IOException {
    try (response) {
      response.body().bytes();
    }
  }
}
