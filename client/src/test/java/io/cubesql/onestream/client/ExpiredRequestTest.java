package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import okhttp3.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A request id the server no longer holds: {@code GetDataRequest} takes nothing but the id the
 * server gave, so its 400 or 404 is {@link ErrorKind#REQUEST_EXPIRED} (decided by the route, never
 * by the server's text), and the message names the original route and tells what to do. The
 * emulator forgets a request id 10 idle minutes after its last use, on a clock moved by hand.
 */
class ExpiredRequestTest {
  private static final String CELLS = Route.DATA_CELLS.path();
  private static final String CUBE_VIEW = Route.CUBE_VIEW.path();
  private static final String DATA_REQUEST = Route.DATA_REQUEST.path();
  private static final int PAGE_SIZE = 25;
  private static final Duration PAST_EXPIRY = Duration.ofMinutes(11);

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "Analytics/GetDataRequest, 400, REQUEST_EXPIRED",
    "Analytics/GetDataRequest, 404, REQUEST_EXPIRED",
    "analytics/getdatarequest, 400, REQUEST_EXPIRED",
    "Analytics/GetDataRequest, 401, AUTHENTICATION",
    "Analytics/GetDataRequest, 500, SERVER",
    "Analytics/GetDataRequest, 503, THROTTLED",
    "Analytics/GetDataCellsFromCube, 400, BAD_REQUEST",
    "Analytics/GetDataCellsFromCube, 404, NOT_FOUND",
    "DataProvider/GetAdoDataSetForCubeViewCommand, 400, BAD_REQUEST",
    "DataManagement/ExecuteSequence, 400, BAD_REQUEST",
  })
  void theKindOfAnErrorStatusIsDecidedByTheRoute(String route, int status, ErrorKind kind) {
    assertThat(ErrorKind.forStatus(route, status)).isEqualTo(kind);
    // Whatever the server says: the text is never looked at.
    OneStreamException e =
        OneStreamException.fromResponse(route, status, "Bad Request", "Invalid argument.", null);
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.route()).isEqualTo(route);
  }

  @Test
  void aPageAfterTheRequestIdExpiredSaysSoNamingTheFirstRoute() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    try (OneStreamEmulator emulator = emulator(clock, false);
        OneStreamClient client = client(emulator)) {
      DataSetReader r = client.dataCells(CELLS_CUBE, false, HOUSTON, expireOnFirstPoll(clock));
      int[] rows = {0};
      OneStreamException e;
      try (r) {
        e =
            catchThrowableOfType(
                () -> {
                  while (r.nextRow()) {
                    rows[0]++;
                  }
                },
                OneStreamException.class);
      }
      String id = r.requestId();
      assertThat(rows[0]).as("the rows of page 1").isEqualTo(PAGE_SIZE);
      assertThat(e).isNotNull();
      assertThat(e.kind()).isEqualTo(ErrorKind.REQUEST_EXPIRED);
      assertThat(e.getMessage())
          .isEqualTo(
              "The server no longer holds the pages of "
                  + CELLS
                  + " (request id "
                  + id
                  + ": it expired or the server restarted); run the statement again");
      assertThat(e.route()).isEqualTo(DATA_REQUEST);
      assertThat(e.httpStatus()).isEqualTo(400);
      assertThat(e.getCause()).isInstanceOf(OneStreamException.class);
      assertThat(last(client).route()).isEqualTo(DATA_REQUEST);
      assertThat(last(client).query()).isEqualTo("page=2");
      assertThat(last(client).error()).isEqualTo(ErrorKind.REQUEST_EXPIRED.name());
      assertThat(e.getMessage()).doesNotContain(emulator.adminPat());
    }
  }

  @Test
  void aPollAfterTheRequestIdExpiredSaysSo() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    try (OneStreamEmulator emulator = emulator(clock, true);
        OneStreamClient client = client(emulator)) {
      OneStreamException e =
          catchThrowableOfType(
              () ->
                  client
                      .cubeView(
                          "ActualVsBudget",
                          SubstVars.none(),
                          false,
                          false,
                          null,
                          expireOnFirstPoll(clock))
                      .close(),
              OneStreamException.class);
      assertThat(e.kind()).isEqualTo(ErrorKind.REQUEST_EXPIRED);
      String id =
          emulator.requestLog().entries(DATA_REQUEST).get(0).body().get("RequestId").asText();
      assertThat(e.getMessage())
          .isEqualTo(
              "The server no longer holds the answer to "
                  + CUBE_VIEW
                  + " (request id "
                  + id
                  + ": it expired or the server restarted); run the statement again");
    }
  }

  @Test
  void aSequenceWhoseRequestIdIsForgottenMayHaveCompleted() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    try (OneStreamEmulator emulator = emulator(clock, true);
        OneStreamClient client = client(emulator)) {
      String[] id = new String[1];
      Consumer<JobStatus> onState =
          s -> {
            if (id[0] == null) {
              id[0] = s.requestId();
              clock.advance(PAST_EXPIRY);
            }
          };
      OneStreamException e = TestSessions.nightlyConsolidationError(client, onState);
      assertThat(e).isNotNull();
      assertThat(e.kind()).isEqualTo(ErrorKind.REQUEST_EXPIRED);
      assertThat(e.getMessage())
          .isEqualTo(
              "Data Management sequence NightlyConsolidation: the server no longer knows request id "
                  + id[0]
                  + " (it expired or the server restarted), so its end cannot be followed; the"
                  + " sequence may have completed or may still be running: check on the server"
                  + " before running it again");
      // Polled, never sent again.
      assertThat(emulator.requestLog().entries(Route.EXECUTE_SEQUENCE.path())).hasSize(1);
    }
  }

  @Test
  void aLookAtAnUnknownRequestIdSaysTheWorkMayHaveCompleted() throws Exception {
    try (OneStreamEmulator emulator = emulator(new MutableClock(Instant.now()), true);
        OneStreamClient client = client(emulator)) {
      String unknown = "0123456789abcdef0123456789abcdef";
      OneStreamException e =
          catchThrowableOfType(() -> client.jobStatus(unknown), OneStreamException.class);
      assertThat(e.kind()).isEqualTo(ErrorKind.REQUEST_EXPIRED);
      assertThat(e.getMessage())
          .isEqualTo(
              "The server does not know request id "
                  + unknown
                  + " (it expired, the server restarted, or it was never issued); the work it"
                  + " named may have completed or may still be running: check on the server before"
                  + " running it again");
      OneStreamException read =
          catchThrowableOfType(() -> client.dataRequest(unknown), OneStreamException.class);
      assertThat(read.kind()).isEqualTo(ErrorKind.REQUEST_EXPIRED);
      assertThat(read.getMessage()).contains("request id " + unknown);
    }
  }

  // ---------------------------------------------------------------------------- helpers

  private static final String CELLS_CUBE = "GolfStream";

  private static final DataCellsFilter HOUSTON =
      DataCellsFilter.all().scenario("Actual").time("2024M3").entity("Houston");

  private static OneStreamEmulator emulator(MutableClock clock, boolean callState) {
    OneStreamEmulator.Builder b = OneStreamEmulator.builder().clock(clock).pageSize(PAGE_SIZE);
    return (callState ? b.callState(true).asyncPolls(1) : b).start();
  }

  private static OneStreamClient client(OneStreamEmulator emulator) {
    return OneStreamClient.open(
        TestSessions.config(emulator, TestSessions.pat(emulator))
            .pollDelays(List.of(Duration.ofMillis(10)))
            .pollTimeout(Duration.ofSeconds(10))
            .build());
  }

  /** Moves the emulator's clock past the request id's expiry just before the first poll or page. */
  private static Consumer<Call> expireOnFirstPoll(MutableClock clock) {
    AtomicBoolean done = new AtomicBoolean();
    return c -> {
      if (c.request().url().encodedPath().endsWith("/" + DATA_REQUEST)
          && done.compareAndSet(false, true)) {
        clock.advance(PAST_EXPIRY);
      }
    };
  }

  private static CallRecord last(OneStreamClient client) {
    List<CallRecord> calls = client.recentCalls();
    return calls.get(calls.size() - 1);
  }
}
