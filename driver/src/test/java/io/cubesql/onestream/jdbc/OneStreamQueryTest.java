package io.cubesql.onestream.jdbc;

import static io.cubesql.onestream.jdbc.GolfStreamEmulator.awaitSlowRequest;
import static io.cubesql.onestream.jdbc.GolfStreamEmulator.url;
import static io.cubesql.onestream.jdbc.GolfStreamEmulator.withFreshPat;
import static io.cubesql.onestream.jdbc.OneStreamConnectionTest.allMessages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SQL on the GolfStream cube through {@code DriverManager}, asserting the rows and the requests the
 * emulator received together: what reaches the JDBC surface (SQLStates, time-outs, cancel, limits)
 * and what it costs in API calls.
 */
@ExtendWith(GolfStreamEmulator.class)
class OneStreamQueryTest {
  private static final String CELLS = "Analytics/GetDataCellsFromCube";
  private static final String PAGES = "Analytics/GetDataRequest";

  /** Houston's cells of every month: about ten thousand rows, ten pages of the test emulator. */
  private static final String HOUSTON =
      "SELECT Entity, \"Time\", Account, CellValue FROM cubes.GolfStream WHERE Entity = 'Houston'";

  private final OneStreamEmulator emulator;

  OneStreamQueryTest(OneStreamEmulator emulator) {
    this.emulator = emulator;
  }

  @AfterEach
  void clearFaults() {
    emulator.faults().clear();
  }

  private Connection connect(Properties p) throws SQLException {
    return DriverManager.getConnection(url(emulator), p);
  }

  private int calls(String route) {
    return emulator.requestLog().entries(route).size();
  }

  private List<RequestLogEntry> callsSince(String route, Instant since) {
    return emulator.requestLog().entries(route).stream()
        .filter(e -> !e.time().isBefore(since))
        .toList();
  }

  @Test
  void aFilterOnEntityAndTimeIsOneRequest() throws SQLException {
    try (Connection c = connect(withFreshPat(emulator));
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT Account, CellValue FROM cubes.GolfStream WHERE Entity = ?"
                    + " AND \"Time\" = ? AND Scenario = 'Actual' AND Account = 'Rent'")) {
      ps.setString(1, "Houston");
      ps.setString(2, "2024M3");
      int before = calls(CELLS);
      List<Double> values = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          assertThat(rs.getString("Account")).isEqualTo("Rent");
          values.add(rs.getDouble("CellValue"));
        }
      }
      assertThat(values).isNotEmpty();
      List<RequestLogEntry> sent = emulator.requestLog().entries(CELLS);
      assertThat(sent).hasSize(before + 1);
      assertThat(sent.get(sent.size() - 1).body().toString()).contains("Houston", "2024M3");
    }
  }

  @Test
  void unquotedNamesMatchInAnyCaseAndDatesAreCalendarDates() throws SQLException {
    // Run again under a Turkish locale, where "i".toUpperCase() is not "I", and +12:45.
    try (Connection c = connect(withFreshPat(emulator));
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT entity, time_startdate, TIME_ENDDATE, cellvalue FROM CUBES.golfstream"
                    + " WHERE ENTITY = 'Houston' AND \"Time\" = '2024M3' LIMIT 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getMetaData().getColumnName(1)).isEqualTo("Entity");
      assertThat(rs.getString("ENTITY")).isEqualTo("Houston");
      assertThat(rs.getDate(2).toLocalDate()).isEqualTo(LocalDate.of(2024, 3, 1));
      assertThat(rs.getDate(3).toLocalDate()).isEqualTo(LocalDate.of(2024, 3, 31));
    }
  }

  @Test
  void aRevokedPatInMidQueryIs28000() throws SQLException {
    Properties p = withFreshPat(emulator);
    String pat = p.getProperty("password");
    try (Connection c = connect(p);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(HOUSTON)) {
      assertThat(rs.next()).isTrue();
      emulator.revokePat(pat);
      // The next page is asked for with a token the server now refuses.
      SQLException e =
          catchThrowableOfType(
              SQLException.class,
              () -> {
                while (rs.next()) {
                  rs.getDouble(4);
                }
              });
      assertThat(e.getSQLState()).isEqualTo("28000");
      assertThat(allMessages(e)).doesNotContain(pat);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard if the time-out never fired
  void aQueryTimeoutStopsASlowCallWithHyt00() throws Exception {
    try (Connection c = connect(withFreshPat(emulator));
        Statement st = c.createStatement()) {
      st.executeQuery(HOUSTON + " LIMIT 1").close(); // learn the table's shape while it is fast
      emulator.faults().add(FaultRule.of(FaultKind.LATENCY).latencyMs(SLOW_MS).route(CELLS));
      st.setQueryTimeout(1);
      SQLException e =
          catchThrowableOfType(
              SQLException.class,
              () -> {
                try (ResultSet rs = st.executeQuery(HOUSTON)) {
                  while (rs.next()) {
                    rs.getDouble(4);
                  }
                }
              });
      assertThat((Object) e).isInstanceOf(SQLTimeoutException.class);
      assertThat(e.getSQLState()).isEqualTo("HYT00");
      emulator.faults().clear();
      st.setQueryTimeout(0);
      try (ResultSet rs = st.executeQuery(HOUSTON + " LIMIT 2")) {
        assertThat(rs.next()).isTrue();
      }
    }
    awaitSlowRequest(emulator, CELLS, SLOW_MS);
  }

  /** How long the slow call of {@link #aQueryTimeoutStopsASlowCallWithHyt00} is held. */
  private static final long SLOW_MS = 4_000;

  @Test
  void cancelFromAnotherThreadIs57014AndNoRequestFollows() throws Exception {
    try (Connection c = connect(withFreshPat(emulator));
        Statement st = c.createStatement()) {
      ResultSet rs = st.executeQuery(HOUSTON);
      assertThat(rs.next()).isTrue();
      Thread canceller =
          new Thread(
              () -> {
                try {
                  st.cancel();
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      canceller.start();
      canceller.join();
      SQLException e =
          catchThrowableOfType(
              SQLException.class,
              () -> {
                while (rs.next()) {
                  rs.getDouble(4);
                }
              });
      assertThat(e.getSQLState()).isEqualTo("57014");
      Instant cancelled = Instant.now();
      // A call of the same connection, answered after anything the cancelled read could send.
      assertThat(c.isValid(5)).isTrue();
      assertThat(callsSince(PAGES, cancelled)).isEmpty();
      assertThat(callsSince(CELLS, cancelled)).isEmpty();
    }
  }

  @Test
  void maxRowsOfFiveIsOneCallAndNoSecondPage() throws SQLException {
    try (Connection c = connect(withFreshPat(emulator))) {
      for (boolean prepared : new boolean[] {false, true}) {
        int cells = calls(CELLS);
        int pages = calls(PAGES);
        List<String> entities = new ArrayList<>();
        String sql = "SELECT Entity, CellValue FROM cubes.GolfStream";
        try (Statement st = prepared ? c.prepareStatement(sql) : c.createStatement()) {
          st.setMaxRows(5);
          st.setFetchSize(5);
          try (ResultSet rs =
              prepared ? ((PreparedStatement) st).executeQuery() : st.executeQuery(sql)) {
            while (rs.next()) {
              entities.add(rs.getString(1));
            }
          }
        }
        assertThat(entities).as("prepared " + prepared).hasSize(5);
        assertThat(calls(CELLS) - cells).as("prepared " + prepared).isEqualTo(1);
        assertThat(calls(PAGES) - pages).as("prepared " + prepared).isZero();
      }
    }
  }

  @Test
  void whereOneEqualsZeroGivesTheColumnsWithoutADataCall() throws SQLException {
    try (Connection c = connect(withFreshPat(emulator));
        Statement st = c.createStatement()) {
      int cells = calls(CELLS);
      try (ResultSet rs = st.executeQuery("SELECT * FROM cubes.GolfStream WHERE 1=0")) {
        ResultSetMetaData md = rs.getMetaData();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          names.add(md.getColumnName(i));
        }
        assertThat(names)
            .startsWith("Entity", "Consolidation", "Scenario", "Time", "View", "Account")
            .contains("UD8", "Time_StartDate", "Time_EndDate", "CellValue", "Entity_Desc")
            .endsWith("UD8_Desc");
        assertThat(md.getColumnType(names.indexOf("CellValue") + 1)).isEqualTo(Types.DOUBLE);
        assertThat(md.getColumnType(names.indexOf("Time_StartDate") + 1)).isEqualTo(Types.DATE);
        assertThat(rs.next()).isFalse();
      }
      assertThat(calls(CELLS)).isEqualTo(cells);
    }
  }

  @Test
  void databaseMetaDataListsTheCubeAndItsColumns() throws SQLException {
    try (Connection c = connect(withFreshPat(emulator))) {
      DatabaseMetaData md = c.getMetaData();
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, "cubes", "%", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertThat(tables).contains("GolfStream");
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, "dimensions", "Entity", "%")) {
        while (rs.next()) {
          columns.add(rs.getString("COLUMN_NAME"));
        }
      }
      assertThat(columns).contains("Name", "Parent", "Description");
    }
  }

  /**
   * Calcite turns an IN of 20 values or more into a join with VALUES, which would read the whole
   * cube; the driver keeps it a list, pushed as one member list, from a Statement (cached plan or
   * not) and a PreparedStatement alike.
   */
  @Test
  void anInOfFortyValuesIsOneRequestWithTheirMemberList() throws SQLException {
    List<String> months = new ArrayList<>();
    for (int y = 2023; y <= 2025; y++) {
      for (int m = 1; m <= 12 && months.size() < 40; m++) {
        months.add(y + "M" + m);
      }
    }
    String in = months.stream().map(m -> "'" + m + "'").collect(Collectors.joining(", "));
    String query =
        "SELECT \"Time\", SUM(CellValue) FROM cubes.GolfStream WHERE Entity = 'Houston'"
            + " AND Account = 'Sales' AND \"Time\" IN ("
            + in
            + ") GROUP BY \"Time\"";
    for (String cache : List.of("maximumSize=0", "maximumSize=10")) {
      Properties p = withFreshPat(emulator);
      p.setProperty("statementCache", cache);
      try (Connection c = connect(p);
          Statement st = c.createStatement();
          PreparedStatement ps = c.prepareStatement(query)) {
        for (int run = 0; run < 2; run++) {
          Instant since = Instant.now();
          Set<String> seen = new TreeSet<>();
          try (ResultSet rs = run == 0 ? st.executeQuery(query) : ps.executeQuery()) {
            while (rs.next()) {
              seen.add(rs.getString(1));
            }
          }
          assertThat(seen).hasSize(months.size());
          assertThat(callsSince(CELLS, since))
              .singleElement()
              .satisfies(
                  e ->
                      assertThat(e.body().get("DataCellsFilter").get("TimeFilter").asText())
                          .startsWith("[2023M1], ")
                          .contains("[2025M4]")
                          .hasSize(months.stream().mapToInt(m -> m.length() + 4).sum() - 2));
        }
      }
    }
  }

  @Test
  void overTheCallBudgetIs54000AndUnsafeValuesAre22023() throws SQLException {
    Properties p = withFreshPat(emulator);
    p.setProperty("callBudget", "2");
    p.setProperty("membersPerRequest", "1"); // one request per member, so three
    try (Connection c = connect(p);
        Statement st = c.createStatement()) {
      int cells = calls(CELLS);
      SQLException budget =
          catchThrowableOfType(
              SQLException.class,
              () ->
                  st.executeQuery(
                      "SELECT * FROM cubes.GolfStream WHERE Entity IN"
                          + " ('Houston', 'Augusta', 'Carlsbad')"));
      assertThat(budget.getSQLState()).isEqualTo("54000");
      SQLException unsafe =
          catchThrowableOfType(
              SQLException.class,
              () -> st.executeQuery("SELECT * FROM cubes.GolfStream WHERE Entity = 'a]b'"));
      assertThat(unsafe.getSQLState()).isEqualTo("22023");
      assertThat(calls(CELLS)).isEqualTo(cells);
    }
  }

  /**
   * Result columns carry sizes tools can draw (Calcite says 0 or -1), plain type names, and the
   * alias as their name too, for DB-API bridges that name columns by getColumnName.
   */
  @Test
  void resultColumnsHaveSizesPlainTypesAndTheirAliasAsName() throws SQLException {
    try (Connection c = connect(withFreshPat(emulator));
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT Account AS Acct, Actual, Time_StartDate AS \"Month\", COUNT(*) AS N"
                    + " FROM cubeviews.ActualVsBudget v JOIN (SELECT Time_StartDate FROM"
                    + " cubes.GolfStream WHERE Entity = 'Houston' AND \"Time\" = '2024M3'"
                    + " AND Account = 'Rent') t ON TRUE"
                    + " WHERE v.Entity = 'Houston' AND v.\"Time\" = '2024M3'"
                    + " GROUP BY Account, Actual, Time_StartDate")) {
      for (ResultSetMetaData md : List.of(ps.getMetaData(), ps.executeQuery().getMetaData())) {
        assertThat(md.getColumnName(1)).isEqualTo("Acct");
        assertThat(md.getColumnName(3)).isEqualTo("Month");
        assertThat(md.getColumnTypeName(1)).isEqualTo("VARCHAR");
        assertThat(md.getPrecision(1)).isEqualTo(65536);
        assertThat(md.getColumnDisplaySize(1)).isEqualTo(65536);
        assertThat(md.getColumnTypeName(2)).isEqualTo("DOUBLE");
        assertThat(md.getPrecision(2)).isEqualTo(15);
        assertThat(md.getColumnDisplaySize(2)).isEqualTo(24);
        assertThat(md.getColumnType(3)).isEqualTo(java.sql.Types.DATE);
        assertThat(md.getColumnDisplaySize(3)).isEqualTo(10);
        assertThat(md.getColumnTypeName(4)).isEqualTo("BIGINT");
        assertThat(md.getColumnDisplaySize(4)).isEqualTo(20);
        assertThat(md.getCatalogName(1)).isEmpty();
      }
    }
  }
}
