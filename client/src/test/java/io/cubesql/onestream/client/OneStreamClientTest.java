package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.ConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every typed call against the emulator on 7.2.0 and, where the route allows, 5.2.0: the shape of
 * each answer, and the requests the emulator received.
 */
class OneStreamClientTest {
  private static final String CELLS = "Analytics/GetDataCellsFromCube";
  private static final String DATA_REQUEST = "Analytics/GetDataRequest";

  private static OneStreamEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = OneStreamEmulator.builder().pageSize(1000).emptyResultAsNull(true).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static OneStreamClient client(ApiVersion version) {
    return OneStreamClient.open(
        TestSessions.config(emulator, TestSessions.pat(emulator)).apiVersion(version).build());
  }

  /** Every row of the current and following tables, as maps. */
  static List<Map<String, Object>> rows(DataSetReader r) throws OneStreamException {
    List<Map<String, Object>> out = new ArrayList<>();
    while (r.nextRow()) {
      out.add(r.row());
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(ApiVersion.class)
  void pingsAndListsApplications(ApiVersion version) throws Exception {
    try (OneStreamClient client = client(version)) {
      assertThat(client.ping()).isEqualTo("Logon succeeded.");
      assertThat(client.authorizedApplications()).contains("GolfStream");
    }
  }

  @ParameterizedTest
  @EnumSource(ApiVersion.class)
  void readsACubeView(ApiVersion version) throws Exception {
    try (OneStreamClient client = client(version);
        DataSetReader r =
            client.cubeView(
                "ActualVsBudget",
                SubstVars.of("Entity", "Houston").and("Time", "2024M3"),
                false,
                true,
                "Cv")) {
      assertThat(r.nextTable()).isTrue();
      assertThat(r.tableName()).isEqualTo("Cv");
      List<Map<String, Object>> rows = rows(r);
      assertThat(rows).isNotEmpty();
      assertThat(rows.get(0)).containsEntry("RowHdr0Name", "Net Income");
      assertThat(r.columns()).contains("RowHdr0Indent", "Col0Value", "RowHdr0Dim");
      assertThat(rows.get(0).get("Col0Value")).isInstanceOf(Number.class);
      assertThat(r.nextTable()).isFalse();
    }
    assertThat(lastBody("DataProvider/GetAdoDataSetForCubeViewCommand"))
        .contains("\"CustomSubstVarsAsCommaSeparatedPairs\":\"Entity=[Houston],Time=[2024M3]\"")
        .contains(version == ApiVersion.V7_2_0 ? "\"SI\"" : "\"ApplicationName\":\"GolfStream\"");
  }

  @Test
  void readsOneTablePerCubeViewRowDefinition() throws Exception {
    try (OneStreamClient client = client(ApiVersion.V7_2_0);
        DataSetReader r =
            client.cubeView("EntityAccountDetail", SubstVars.none(), true, false, "T")) {
      // [ASSUMED] the emulator names one table per row definition T_<definition>.
      int tables = 0;
      while (r.nextTable()) {
        tables++;
        assertThat(r.tableName()).startsWith("T_");
        assertThat(rows(r)).isNotEmpty();
      }
      assertThat(tables).isPositive();
    }
  }

  @Test
  void anEmptyResultAnsweredAsNullHasNoTables() throws Exception {
    try (OneStreamClient client = client(ApiVersion.V7_2_0);
        DataSetReader r = client.cubeView("ClubsDashboard", SubstVars.none(), false, false, "T")) {
      assertThat(r.nextTable()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(ApiVersion.class)
  void readsAdapterSqlAndMethod(ApiVersion version) throws Exception {
    try (OneStreamClient client = client(version)) {
      try (DataSetReader r =
          client.adapter(
              "Sales Mix (WF)",
              true,
              null,
              SubstVars.of("Scenario", "Actual").and("Time", "2024M1").and("Entity", "Houston"),
              "Mix")) {
        assertThat(r.nextTable()).isTrue();
        assertThat(r.tableName()).isEqualTo("Mix");
        assertThat(rows(r)).isNotEmpty();
      }
      try (DataSetReader r =
          client.sql(
              "SELECT Name FROM cubeviewitem ORDER BY Name",
              DbLocation.APPLICATION,
              null,
              SubstVars.none(),
              null)) {
        assertThat(r.nextTable()).isTrue();
        assertThat(r.tableName()).isEqualTo(OneStreamClient.DEFAULT_TABLE);
        assertThat(rows(r))
            .extracting(m -> m.get(r.columns().get(0)))
            .contains("ActualVsBudget", "EntityAccountDetail");
      }
      try (DataSetReader r = client.method("CubeViews", "{}", SubstVars.none(), "M")) {
        assertThat(rows(r)).isNotEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ApiVersion.class)
  void executesSequencesAndSteps(ApiVersion version) throws Exception {
    try (OneStreamClient client = client(version)) {
      assertThat(
              client.executeStep(
                  "Consolidation", "Translate GolfStream", SubstVars.of("Time", "2024M1")))
          .isNotBlank();
      // One month keeps the consolidation short.
      assertThat(
              client.executeSequence("NightlyConsolidation", null, SubstVars.of("Time", "2024M1")))
          .isEqualTo("Data Management Sequence [NightlyConsolidation] was completed");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 0})
  void neverRetriesADataManagementCall(int retryAfterSeconds) throws Exception {
    // Retry-After: 0 is the case OkHttp itself would follow up (it sends a 503 answer's request
    // again, POST or not) were the request body not one-shot.
    try (OneStreamClient client = client(ApiVersion.V7_2_0)) {
      client.ping();
      emulator.requestLog().clear();
      emulator
          .faults()
          .add(
              FaultRule.of(FaultKind.HTTP_503)
                  .route("DataManagement/.*")
                  .retryAfterSeconds(retryAfterSeconds)
                  .count(1));
      assertThatThrownBy(
              () ->
                  client.executeSequence(
                      "NightlyConsolidation", null, SubstVars.of("Time", "2024M1")))
          .isInstanceOfSatisfying(
              OneStreamException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.THROTTLED));
      // A consolidation must not run twice (PITFALLS: retry only reads).
      assertThat(emulator.requestLog().entries("DataManagement/ExecuteSequence")).hasSize(1);
    } finally {
      emulator.faults().clear();
    }
  }

  @Test
  void readsEveryAnalyticsRoute() throws Exception {
    try (OneStreamClient client = client(ApiVersion.V7_2_0)) {
      try (DataSetReader r = client.cubeList()) {
        assertThat(r.nextTable()).isTrue();
        assertThat(r.tableName()).isEqualTo(DataSetReader.DATA_RESULT);
        assertThat(rows(r)).extracting(m -> m.get("CubeName")).containsExactly("GolfStream");
      }
      try (DataSetReader r = client.dimensionHierarchy("GolfStream", "Entity", "All", true)) {
        assertThat(rows(r)).hasSizeGreaterThan(10);
      }
      try (DataSetReader r = client.memberProperties("GolfStream", "Entity", null, false)) {
        assertThat(rows(r)).hasSizeGreaterThan(10);
      }
      try (DataSetReader r =
          client.dataAdapter(
              "Sales Mix (WF)",
              true,
              null,
              SubstVars.of("Scenario", "Actual").and("Time", "2024M1").and("Entity", "Houston"),
              "Mix")) {
        assertThat(rows(r)).isNotEmpty();
      }
      DataCellsFilter houston =
          DataCellsFilter.all()
              .scenario("Actual")
              .time("2024M1")
              .entity("Houston")
              .account("Sales.Base");
      try (DataSetReader r = client.dataCells("GolfStream", true, houston)) {
        List<Map<String, Object>> rows = rows(r);
        assertThat(rows).isNotEmpty();
        assertThat(rows.get(0))
            .containsEntry("Entity", "Houston")
            .containsEntry("Time", "2024M1")
            .containsKeys("Entity_Desc", "Time_StartDate", "UD8", "CellValue");
        assertThat(rows.get(0).get("Time_StartDate")).isEqualTo("2024-01-01T00:00:00");
      }
      assertThat(lastBody(CELLS))
          .contains("\"EntityFilter\":\"Houston\"")
          .contains("\"AccountFilter\":\"Sales.Base\"");
    }
  }

  @Test
  void analyticsNeeds720AndIsRefusedBeforeSending() throws Exception {
    int before = emulator.requestLog().size();
    try (OneStreamClient client = client(ApiVersion.V5_2_0)) {
      assertThatThrownBy(client::cubeList)
          .isInstanceOfSatisfying(
              OneStreamException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST))
          .hasMessageContaining("7.2.0");
    }
    assertThat(emulator.requestLog().size()).isEqualTo(before);
  }

  @Test
  void refusesSubstitutionValuesItCannotExpressWithoutSending() throws Exception {
    try (OneStreamClient client = client(ApiVersion.V7_2_0)) {
      client.ping();
      int before = emulator.requestLog().size();
      for (String bad : new String[] {"Houston]", "|!Time!|"}) {
        assertThatThrownBy(
                () ->
                    client.cubeView(
                        "ActualVsBudget", SubstVars.of("Entity", bad), false, false, null))
            .isInstanceOfSatisfying(
                OneStreamException.class,
                e -> {
                  assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                  assertThat(e.route()).isEqualTo("DataProvider/GetAdoDataSetForCubeViewCommand");
                })
            .hasMessageContaining("'Entity'");
        assertThatThrownBy(
                () -> client.executeSequence("NightlyConsolidation", null, SubstVars.of("T", bad)))
            .isInstanceOf(OneStreamException.class);
      }
      assertThat(emulator.requestLog().size()).isEqualTo(before);
    }
  }

  @Test
  void readsEveryPageOfDataCellsLazily() throws Exception {
    try (OneStreamClient client = client(ApiVersion.V7_2_0)) {
      client.ping();
      emulator.requestLog().clear();
      long rows = 0;
      try (DataSetReader r =
          client.dataCells("GolfStream", false, DataCellsFilter.all().scenario("Actual"))) {
        for (int i = 0; i < 1000; i++) {
          assertThat(r.nextRow()).isTrue();
          rows++;
        }
        // The first page's rows are consumed, and page 2 not asked for yet.
        assertThat(emulator.requestLog().entries(DATA_REQUEST)).isEmpty();
        assertThat(r.nextRow()).isTrue();
        rows++;
        assertThat(emulator.requestLog().entries(DATA_REQUEST)).hasSize(1);
        while (r.nextRow()) {
          rows++;
        }
        assertThat(r.nextTable()).isFalse();
      }
      long pages = (rows + 999) / 1000;
      assertThat(pages).isGreaterThan(10);
      assertThat(emulator.requestLog().entries(CELLS)).hasSize(1);
      assertThat(emulator.requestLog().entries(DATA_REQUEST)).hasSize((int) pages - 1);
      assertThat(emulator.requestLog().entries(DATA_REQUEST).get(0).body().toString())
          .contains("\"IsSystemLevel\":\"False\"")
          .contains("\"RequestId\"");
      assertNoBusyConnection(client);
    }
  }

  @Test
  void closingEarlyCancelsAndFetchesNoFurtherPage() throws Exception {
    try (OneStreamClient client = client(ApiVersion.V7_2_0)) {
      client.ping();
      emulator.requestLog().clear();
      DataSetReader r = client.dataCells("GolfStream", true, DataCellsFilter.all());
      for (int i = 0; i < 10; i++) {
        assertThat(r.nextRow()).isTrue();
      }
      r.close();
      assertThatThrownBy(r::nextRow)
          .isInstanceOfSatisfying(
              OneStreamException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED));
      assertNoBusyConnection(client);
      Thread.sleep(100);
      assertThat(emulator.requestLog().entries(DATA_REQUEST)).isEmpty();
      assertThat(emulator.requestLog().entries(CELLS)).hasSize(1);
    }
  }

  @Test
  void aTruncatedOrMalformedAnswerIsAnErrorNamingTheRoute() throws Exception {
    try (OneStreamClient client = client(ApiVersion.V7_2_0)) {
      client.ping();
      for (FaultKind kind : new FaultKind[] {FaultKind.TRUNCATED_BODY, FaultKind.MALFORMED_JSON}) {
        emulator.faults().add(FaultRule.of(kind).route("Analytics/GetDataCellsFromCube").count(1));
        assertThatThrownBy(
                () -> {
                  try (DataSetReader r =
                      client.dataCells("GolfStream", false, DataCellsFilter.all().time("2024M1"))) {
                    while (r.nextRow()) {
                      // Read to the end: the error must come, not a short result.
                    }
                  }
                })
            .as(kind.name())
            .isInstanceOfSatisfying(
                OneStreamException.class,
                e -> {
                  assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
                  assertThat(e.getMessage()).contains(CELLS);
                });
      }
      assertNoBusyConnection(client);
    }
  }

  static void assertNoBusyConnection(OneStreamClient client) throws InterruptedException {
    ConnectionPool pool = client.transport().http().connectionPool();
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (pool.connectionCount() > pool.idleConnectionCount() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(pool.connectionCount() - pool.idleConnectionCount()).as("busy connections").isZero();
  }

  private static String lastBody(String route) {
    var entries = emulator.requestLog().entries(route);
    assertThat(entries).isNotEmpty();
    return entries.get(entries.size() - 1).body().toString();
  }
}
