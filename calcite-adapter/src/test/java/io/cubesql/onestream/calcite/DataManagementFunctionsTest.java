package io.cubesql.onestream.calcite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubesql.onestream.client.ApiVersion;
import io.cubesql.onestream.client.ErrorKind;
import io.cubesql.onestream.client.OneStreamException;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.app.GolfStreamHost;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * execute_sequence and execute_step: the synchronous 5.2.0 answer and the 7.2.0 call-state
 * envelope, refusal of a second concurrent run, no retry, and nothing sent while planning. An
 * emulator of its own, with call state on, since these tests change data.
 */
class DataManagementFunctionsTest {
  private static final String SEQUENCE = "DataManagement/ExecuteSequence";
  private static final List<Duration> QUICK_POLLS = List.of(Duration.ofMillis(50));
  private static OneStreamEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = OneStreamEmulator.builder().callState(true).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void clear() {
    emulator.faults().clear();
    dataManagement().setStepDelay(Duration.ZERO);
    emulator.requestLog().clear();
  }

  private static io.cubesql.onestream.emulator.internal.dm.DataManagement dataManagement() {
    return ((GolfStreamHost) emulator.applicationHost()).dataManagement("GolfStream");
  }

  private static Sql sql(ApiVersion version) throws Exception {
    return new Sql(
        emulator,
        OneStreamAdapterOptions.defaults(),
        b -> b.apiVersion(version).pollDelays(QUICK_POLLS));
  }

  @Test
  void aSequenceOn720FollowsTheEnvelopeAndAnswersItsRequestId() throws Exception {
    try (Sql sql = sql(ApiVersion.V7_2_0)) {
      List<List<Object>> rows =
          sql.rows(
              "SELECT RequestId, State, Message, ElapsedMs FROM"
                  + " TABLE(execute_sequence('NightlyConsolidation', 'Time=[2024M3]'))");

      assertThat(rows).hasSize(1);
      assertThat((String) rows.get(0).get(0)).isNotBlank();
      assertThat(rows.get(0).subList(1, 3))
          .containsExactly(
              "Completed", "Data Management Sequence [NightlyConsolidation] was completed");
      assertThat((Long) rows.get(0).get(3)).isNotNegative();
      assertThat(sql.requests(SEQUENCE))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.apiVersion()).isEqualTo("7.2.0");
                assertThat(e.body().get("CustomSubstVarsAsCommaSeparatedPairs").asText())
                    .isEqualTo("Time=[2024M3]");
              });
      assertThat(sql.requests("Analytics/GetDataRequest"))
          .extracting(e -> e.body().get("RequestId").asText())
          .isNotEmpty()
          .containsOnly((String) rows.get(0).get(0));
    }
  }

  @Test
  void aStepOn520IsAnsweredSynchronously() throws Exception {
    try (Sql sql = sql(ApiVersion.V5_2_0)) {
      List<List<Object>> rows =
          sql.rows(
              "SELECT RequestId, State, Message FROM TABLE(execute_step('Consolidation',"
                  + " 'Consolidate GolfStream', 'Time=[2024M4]'))");

      assertThat(rows)
          .containsExactly(
              java.util.Arrays.asList(
                  null,
                  "Completed",
                  "Data Management Step [Consolidate GolfStream] was completed"));
      assertThat(sql.requests("DataManagement/ExecuteStep"))
          .singleElement()
          .satisfies(e -> assertThat(e.apiVersion()).isEqualTo("5.2.0"));
      assertThat(sql.requests("Analytics/GetDataRequest")).isEmpty();
    }
  }

  @Test
  void aSecondRunWhileTheFirstIsRunningIsRefused() throws Exception {
    dataManagement().setStepDelay(Duration.ofMillis(800));
    try (Sql first = sql(ApiVersion.V7_2_0);
        Sql second = sql(ApiVersion.V7_2_0)) {
      String query = "SELECT State FROM TABLE(execute_sequence('NightlyConsolidation', ''))";
      CompletableFuture<List<List<Object>>> running =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return first.rows(query);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      // Wait until the first run has been accepted (the log holds it), however long that takes.
      while (emulator.requestLog().entries(SEQUENCE).isEmpty()) {
        Thread.sleep(20);
      }

      assertThatThrownBy(() -> second.rows(query))
          .satisfies(e -> assertThat(kind(e)).isEqualTo(ErrorKind.CONFLICT))
          .hasStackTraceContaining("is already running");
      assertThat(running.get(30, TimeUnit.SECONDS)).containsExactly(List.of("Completed"));
      assertThat(emulator.requestLog().entries(SEQUENCE))
          .extracting(RequestLogEntry::status)
          .containsExactlyInAnyOrder(200, 409);
    }
  }

  @Test
  void submitAnswersAtOnceAndJobStatusShowsTheRunUntilItCompletes() throws Exception {
    // Long enough that the look right after the submission finds the work still running.
    dataManagement().setStepDelay(Duration.ofMillis(1500));
    try (Sql sql = sql(ApiVersion.V7_2_0)) {
      List<Object> submitted =
          sql.rows(
                  "SELECT RequestId, State, Message, Finished FROM"
                      + " TABLE(submit_sequence('NightlyConsolidation', 'Time=[2024M3]'))")
              .get(0);
      String id = (String) submitted.get(0);
      assertThat(id).isNotBlank();
      assertThat(submitted.subList(1, 4)).containsExactly("Running", null, null);

      String look = "SELECT State, Message, Started FROM TABLE(job_status('" + id + "'))";
      List<Object> status = sql.rows(look).get(0);
      assertThat(status.get(0)).isEqualTo("Running");
      assertThat(status.get(2)).as("started, sent by this connection").isNotNull();
      for (int i = 0; i < 600 && !"Completed".equals(status.get(0)); i++) {
        Thread.sleep(50);
        status = sql.rows(look).get(0);
      }
      assertThat(status.subList(0, 2))
          .containsExactly(
              "Completed", "Data Management Sequence [NightlyConsolidation] was completed");
      assertThat(sql.requests(SEQUENCE)).hasSize(1);
    }
  }

  @Test
  void submitOn520HasAlreadyFinished() throws Exception {
    try (Sql sql = sql(ApiVersion.V5_2_0)) {
      List<List<Object>> rows =
          sql.rows(
              "SELECT RequestId, State, Message FROM"
                  + " TABLE(submit_step('Consolidation', 'Consolidate GolfStream', ''))");
      assertThat(rows)
          .containsExactly(
              java.util.Arrays.asList(
                  null,
                  "Completed",
                  "Data Management Step [Consolidate GolfStream] was completed"));
    }
  }

  @Test
  void aSequenceIsNeverRetriedEvenOn503() throws Exception {
    emulator.faults().add(FaultRule.of(FaultKind.HTTP_503).route(SEQUENCE).count(1));
    try (Sql sql = sql(ApiVersion.V7_2_0)) {
      assertThatThrownBy(
              () -> sql.rows("SELECT * FROM TABLE(execute_sequence('NightlyConsolidation', ''))"))
          .satisfies(e -> assertThat(kind(e)).isEqualTo(ErrorKind.THROTTLED));
      assertThat(sql.requests(SEQUENCE))
          .singleElement()
          .satisfies(e -> assertThat(e.status()).isEqualTo(503));
    }
  }

  @Test
  void unsafeVariablesAreRefusedAndNothingIsSent() throws Exception {
    try (Sql sql = sql(ApiVersion.V7_2_0)) {
      for (String vars :
          List.of("Time=[2024M3]],Entity=[Houston]", "Time=[|!x!|]", "Time", "=[2024M3]")) {
        assertThatThrownBy(
                () ->
                    sql.rows(
                        "SELECT * FROM TABLE(execute_sequence('NightlyConsolidation', '"
                            + vars
                            + "'))"))
            .satisfies(e -> assertThat(PushdownTest.state(e)).isEqualTo("22023"));
      }
      assertThat(sql.requests(SEQUENCE)).isEmpty();
    }
  }

  @Test
  void explainingASequenceDoesNotRunIt() throws Exception {
    try (Sql sql = sql(ApiVersion.V7_2_0)) {
      List<List<Object>> plan =
          sql.rows(
              "EXPLAIN PLAN FOR SELECT * FROM"
                  + " TABLE(execute_sequence('NightlyConsolidation', 'Time=[2024M3]'))");
      assertThat(plan.get(0).get(0).toString()).contains("execute_sequence");
      assertThat(sql.requests(SEQUENCE)).isEmpty();
    }
  }

  private static ErrorKind kind(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OneStreamException o) {
        return o.kind();
      }
    }
    return null;
  }
}
