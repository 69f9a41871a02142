package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failure while a later page (or a poll) is read names that page and the route it came through,
 * {@code Analytics/GetDataCellsFromCube, page 2 (Analytics/GetDataRequest)}, not only the first
 * route, whose own answer was read without fault.
 */
class LaterPageErrorTest {
  private static final String CELLS = Route.DATA_CELLS.path();
  private static final String DATA_REQUEST = Route.DATA_REQUEST.path();
  private static final String PAGE_2 = CELLS + ", page 2 (" + DATA_REQUEST + ")";

  private static final DataCellsFilter HOUSTON =
      DataCellsFilter.all().scenario("Actual").time("2024M3").entity("Houston");

  private static OneStreamEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = OneStreamEmulator.builder().pageSize(25).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void clearFaults() {
    emulator.faults().clear();
  }

  private static OneStreamClient client() {
    return OneStreamClient.open(TestSessions.config(emulator, TestSessions.pat(emulator)).build());
  }

  private static void fault(FaultKind kind) {
    emulator.faults().add(FaultRule.of(kind).probability(1).count(1).route(DATA_REQUEST));
  }

  @Test
  void aPageCutShortNamesThePage() throws Exception {
    try (OneStreamClient client = client()) {
      fault(FaultKind.TRUNCATED_BODY);
      OneStreamException e = readAllCells(client);
      assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
      assertThat(e.route()).isEqualTo(DATA_REQUEST);
      assertThat(e.getMessage())
          .isEqualTo(
              PAGE_2 + " answer ended early: the connection closed before the end of the answer");
    }
  }

  @Test
  void malformedAndFailedPagesNameThePage() throws Exception {
    try (OneStreamClient client = client()) {
      fault(FaultKind.MALFORMED_JSON);
      OneStreamException malformed = readAllCells(client);
      assertThat(malformed.kind()).isEqualTo(ErrorKind.PROTOCOL);
      assertThat(malformed.getMessage()).startsWith(PAGE_2 + " answer");

      clearFaults();
      fault(FaultKind.HTTP_500);
      OneStreamException failed = readAllCells(client);
      assertThat(failed.kind()).isEqualTo(ErrorKind.SERVER);
      assertThat(failed.httpStatus()).isEqualTo(500);
      assertThat(failed.route()).isEqualTo(DATA_REQUEST);
      assertThat(failed.getMessage()).startsWith(PAGE_2 + ": ").endsWith("(HTTP 500)");
    }
  }

  /**
   * A failed poll of a started sequence names the sequence and the poll, and says it may still be
   * running: a consolidation must not be run again blindly. It is never sent again.
   */
  @Test
  void aFailedPollOfASequenceNamesItAndSaysItMayStillRun() throws Exception {
    // A server of its own for each fault: the first sequence is still running on the last one.
    for (FaultKind kind : List.of(FaultKind.HTTP_500, FaultKind.TRUNCATED_BODY)) {
      try (OneStreamEmulator async =
              OneStreamEmulator.builder().callState(true).asyncPolls(2).start();
          OneStreamClient client =
              OneStreamClient.open(
                  TestSessions.config(async, TestSessions.pat(async))
                      .pollDelays(List.of(Duration.ofMillis(10)))
                      .build())) {
        async.faults().add(FaultRule.of(kind).probability(1).count(1).route(DATA_REQUEST));
        String[] id = new String[1];
        OneStreamException e =
            TestSessions.nightlyConsolidationError(
                client, st -> id[0] = id[0] == null ? st.requestId() : id[0]);
        assertThat(e).as(kind.name()).isNotNull();
        assertThat(e.getMessage())
            .as(kind.name())
            .startsWith(
                "Data Management sequence NightlyConsolidation, poll 1 (" + DATA_REQUEST + ")")
            .endsWith(
                "; the sequence was started (request id "
                    + id[0]
                    + "), so it may have completed or may still be running: check on the server"
                    + " before running it again");
        assertThat(e.kind())
            .as(kind.name())
            .isEqualTo(kind == FaultKind.HTTP_500 ? ErrorKind.SERVER : ErrorKind.PROTOCOL);
        assertThat(async.requestLog().entries(Route.EXECUTE_SEQUENCE.path()))
            .as(kind.name())
            .hasSize(1);
      }
    }
  }

  /** Reads the Houston cells to their end; answers the error, failing when there is none. */
  private static OneStreamException readAllCells(OneStreamClient client) {
    OneStreamException e =
        catchThrowableOfType(
            () -> {
              try (DataSetReader r = client.dataCells("GolfStream", false, HOUSTON)) {
                while (r.nextRow()) {
                  r.row();
                }
              }
            },
            OneStreamException.class);
    assertThat(e).as("the read failed").isNotNull();
    return e;
  }
}
