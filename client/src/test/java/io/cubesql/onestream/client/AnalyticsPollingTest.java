package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Running Analytics requests: the client polls {@code GetDataRequest} with its back-off until the
 * envelope says Completed, also for DataProvider and DataManagement calls under 7.2.0 call state
 * [ASSUMED], and gives up after the poll time-out naming the request.
 */
class AnalyticsPollingTest {
  private static final String DATA_REQUEST = "Analytics/GetDataRequest";

  private static OneStreamEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = OneStreamEmulator.builder().asyncPolls(2).callState(true).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void clearLog() {
    emulator.requestLog().clear();
  }

  private static OneStreamClient client(List<Duration> delays, Duration timeout) {
    return OneStreamClient.open(
        TestSessions.config(emulator, TestSessions.pat(emulator))
            .pollDelays(delays)
            .pollTimeout(timeout)
            .build());
  }

  private static OneStreamClient fastClient() {
    return client(List.of(Duration.ofMillis(10), Duration.ofMillis(20)), Duration.ofSeconds(10));
  }

  @Test
  void pollsUntilCompletedThenReadsTheRows() throws Exception {
    try (OneStreamClient client = fastClient();
        DataSetReader r =
            client.dataCells(
                "GolfStream",
                false,
                DataCellsFilter.all().scenario("Budget").time("2024M2").entity("Augusta"))) {
      // Opening the reader waited for completion: two Running polls, then page 1.
      assertThat(emulator.requestLog().entries(DATA_REQUEST)).hasSize(3);
      List<Map<String, Object>> rows = OneStreamClientTest.rows(r);
      assertThat(rows).isNotEmpty().allSatisfy(m -> assertThat(m).containsEntry("Time", "2024M2"));
    }
    assertThat(emulator.requestLog().entries(DATA_REQUEST))
        .allSatisfy(
            e ->
                assertThat(e.body().toString())
                    .contains("\"IsSystemLevel\":\"False\"")
                    .contains("\"RequestId\""));
  }

  @Test
  void readsACubeViewAnsweredWithTheEnvelope() throws Exception {
    try (OneStreamClient client = fastClient();
        DataSetReader r = client.cubeView("ActualVsBudget", SubstVars.none(), false, false, "T")) {
      assertThat(r.nextTable()).isTrue();
      assertThat(r.tableName()).isEqualTo("T");
      assertThat(OneStreamClientTest.rows(r).get(0)).containsEntry("RowHdr0Name", "Net Income");
      assertThat(r.nextTable()).isFalse();
    }
    assertThat(emulator.requestLog().entries(DATA_REQUEST)).isNotEmpty();
  }

  @Test
  void executesASequenceAnsweredWithTheEnvelope() throws Exception {
    try (OneStreamClient client = fastClient()) {
      assertThat(
              client.executeSequence("NightlyConsolidation", null, SubstVars.of("Time", "2024M1")))
          .isEqualTo("Data Management Sequence [NightlyConsolidation] was completed");
    }
    assertThat(emulator.requestLog().entries("DataManagement/ExecuteSequence")).hasSize(1);
    assertThat(emulator.requestLog().entries(DATA_REQUEST)).isNotEmpty();
  }

  @Test
  void pollTimeOutNamesTheRequest() throws Exception {
    try (OneStreamClient client = client(List.of(Duration.ofMillis(200)), Duration.ofMillis(50))) {
      assertThatThrownBy(client::cubeList)
          .isInstanceOfSatisfying(
              OneStreamException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
                String id =
                    emulator
                        .requestLog()
                        .entries(DATA_REQUEST)
                        .get(0)
                        .body()
                        .get("RequestId")
                        .asText();
                assertThat(e.getMessage())
                    .isEqualTo(
                        "Request: "
                            + id
                            + " has timed out. Please reduce the size of the request.");
              });
    }
    // Polled once at the deadline, not once per configured delay.
    assertThat(emulator.requestLog().entries(DATA_REQUEST)).hasSize(1);
  }

  @Test
  void readsARequestByItsId() throws Exception {
    try (OneStreamClient client = fastClient()) {
      String id;
      try (DataSetReader r = client.cubeList()) {
        assertThat(OneStreamClientTest.rows(r)).hasSize(1);
        id = emulator.requestLog().entries(DATA_REQUEST).get(0).body().get("RequestId").asText();
      }
      try (DataSetReader r = client.dataRequest(id)) {
        assertThat(OneStreamClientTest.rows(r))
            .extracting(m -> m.get("CubeName"))
            .containsExactly("GolfStream");
      }
    }
  }
}
