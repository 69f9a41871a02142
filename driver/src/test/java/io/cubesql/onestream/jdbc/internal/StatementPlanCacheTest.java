package io.cubesql.onestream.jdbc.internal;

import static io.cubesql.onestream.jdbc.GolfStreamEmulator.url;
import static io.cubesql.onestream.jdbc.GolfStreamEmulator.withFreshPat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import io.cubesql.onestream.jdbc.GolfStreamEmulator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The plan cache of {@code Statement} queries: a text differing only in a condition's literal is
 * answered from the cache, with the rows, SQLStates and requests of the uncached path.
 */
@ExtendWith(GolfStreamEmulator.class)
class StatementPlanCacheTest {
  static final String CELLS = "Analytics/GetDataCellsFromCube";

  private static final String POINT =
      "SELECT Account, UD1, CellValue FROM cubes.GolfStream WHERE Entity = '%s'"
          + " AND Scenario = 'Actual' AND \"Time\" = '2024M3' AND Account = 'Rent'";

  private final OneStreamEmulator emulator;
  private Connection cached;
  private Connection uncached;

  StatementPlanCacheTest(OneStreamEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void connect() throws SQLException {
    cached = DriverManager.getConnection(url(emulator), withFreshPat(emulator));
    Properties off = withFreshPat(emulator);
    off.setProperty("statementCache", "maximumSize=0");
    uncached = DriverManager.getConnection(url(emulator), off);
  }

  @AfterEach
  void close() throws SQLException {
    cached.close();
    uncached.close();
  }

  static StatementPlanCache plans(Connection c) throws SQLException {
    return c.unwrap(RealOneStreamConnection.class).planCache();
  }

  /** The rows of {@code sql} on {@code c}, each as its values' strings, in order. */
  static List<String> rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rows(rs);
    }
  }

  static List<String> rows(ResultSet rs) throws SQLException {
    List<String> out = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      StringBuilder b = new StringBuilder();
      for (int i = 1; i <= n; i++) {
        b.append(i > 1 ? "|" : "").append(rs.getObject(i));
      }
      out.add(b.toString());
    }
    return out;
  }

  /** A place in the emulator's request log: its length, and the time. */
  record Mark(int index, Instant time) {
    static Mark of(OneStreamEmulator emulator) {
      return new Mark(emulator.requestLog().entries().size(), Instant.now());
    }
  }

  /**
   * The requests logged since {@code mark} that also arrived since then (an earlier test's slow
   * call is logged when it ends), on the routes {@code routes} accepts, sorted (parallel calls log
   * in any order), with the server's request ids blanked.
   */
  static List<String> requestsSince(
      OneStreamEmulator emulator, Mark mark, java.util.function.Predicate<String> routes) {
    List<RequestLogEntry> all = emulator.requestLog().entries();
    List<String> out = new ArrayList<>();
    for (RequestLogEntry e : all.subList(mark.index(), all.size())) {
      if (routes.test(e.route()) && !e.time().isBefore(mark.time())) {
        String body = String.valueOf(e.body()).replaceAll("\"RequestId\":\"[^\"]*\"", "");
        out.add(e.route() + " " + e.status() + " " + body);
      }
    }
    out.sort(null);
    return out;
  }

  private Mark logSize() {
    return Mark.of(emulator);
  }

  private List<String> cellRequestsSince(Mark mark) {
    return requestsSince(emulator, mark, CELLS::equals);
  }

  @Test
  void aTextDifferingInALiteralIsAnsweredFromTheCache() throws SQLException {
    StatementPlanCache plans = plans(cached);
    List<String> houston = rows(cached, POINT.formatted("Houston"));
    long prepares = plans.prepares();
    Mark from = logSize();
    List<String> montreal = rows(cached, POINT.formatted("Montreal"));
    List<String> sent = cellRequestsSince(from);

    assertThat(plans.prepares()).isEqualTo(prepares);
    assertThat(plans.hits()).isEqualTo(1);
    assertThat(montreal).isNotEmpty().isEqualTo(rows(uncached, POINT.formatted("Montreal")));
    assertThat(houston).isEqualTo(rows(uncached, POINT.formatted("Houston")));
    assertThat(sent).singleElement().asString().contains("Montreal").doesNotContain("Houston");
  }

  @Test
  void numericLiteralsBindAsTheirParameterTypeNeeds() throws SQLException {
    String sql =
        "SELECT Entity, Account, CellValue FROM cubes.GolfStream WHERE CellValue > %s"
            + " AND Scenario = 'Actual' AND \"Time\" = '2025M1' AND Entity = 'Houston'";
    for (String v : List.of("100", "100.5", "1e5", "150000", "99999999999")) {
      assertThat(rows(cached, sql.formatted(v))).as(v).isEqualTo(rows(uncached, sql.formatted(v)));
    }
    assertThat(plans(cached).hits()).isEqualTo(4);
    String depth = "SELECT Name FROM dimensions.Entity WHERE Depth = %s ORDER BY Name";
    for (String v : List.of("1", "2", "1.5", "99999999999")) {
      assertThat(rows(cached, depth.formatted(v)))
          .as(v)
          .isEqualTo(rows(uncached, depth.formatted(v)));
    }
    assertThat(rows(cached, depth.formatted("1"))).isNotEmpty();
  }

  @Test
  void anInListBindsEachValue() throws SQLException {
    String sql =
        "SELECT Entity, Account, CellValue FROM cubes.GolfStream WHERE Entity IN (%s)"
            + " AND Scenario = 'Actual' AND \"Time\" = '2025M1' AND Account = 'Rent'";
    for (String list : List.of("'Augusta', 'Houston'", "'Frankfurt', 'Montreal'", "'a', 'b'")) {
      Mark from = logSize();
      List<String> on = rows(cached, sql.formatted(list));
      List<String> onSent = cellRequestsSince(from);
      from = logSize();
      List<String> off = rows(uncached, sql.formatted(list));
      assertThat(on).as(list).containsExactlyInAnyOrderElementsOf(off);
      assertThat(onSent).as(list).isEqualTo(cellRequestsSince(from));
    }
    assertThat(plans(cached).hits()).isEqualTo(2);
  }

  @Test
  void literalsOutsideConditionsStayLiterals() throws SQLException {
    String select = "SELECT '%s' AS Tag, Name FROM dimensions.Entity WHERE Name = 'Houston'";
    assertThat(rows(cached, select.formatted("a"))).isNotEmpty().allMatch("a|Houston"::equals);
    assertThat(rows(cached, select.formatted("b"))).isNotEmpty().allMatch("b|Houston"::equals);
    String limit = "SELECT Name FROM dimensions.Entity ORDER BY Name LIMIT %d";
    assertThat(rows(cached, limit.formatted(2))).hasSize(2);
    assertThat(rows(cached, limit.formatted(3))).hasSize(3);
    String function =
        "SELECT Name FROM dimensions.Entity WHERE SUBSTRING(Name FROM 1 FOR %d) = 'Ho'";
    assertThat(rows(cached, function.formatted(2))).contains("Houston");
    assertThat(rows(cached, function.formatted(3))).isEmpty();
  }

  @Test
  void unsafeValuesAreRefusedAndNothingIsSent() throws SQLException {
    rows(cached, POINT.formatted("Houston")); // the normalized text is cached
    for (String bad : List.of("Hou]ston", "Hou[ston", "a|!b", "   ")) {
      Mark from = logSize();
      SQLException e =
          catchThrowableOfType(() -> rows(cached, POINT.formatted(bad)), SQLException.class);
      assertThat((Throwable) e).as(bad).isNotNull();
      assertThat(e.getSQLState()).as(bad).isEqualTo("22023");
      assertThat(cellRequestsSince(from)).as(bad).isEmpty();
    }
  }

  @Test
  void overTheCallBudgetIsRefusedBeforeSending() throws SQLException {
    String sql =
        "SELECT Entity, CellValue FROM cubes.GolfStream WHERE Entity IN (%s)"
            + " AND Scenario = 'Actual' AND \"Time\" = '2025M1'";
    for (String spec : List.of("maximumSize=10", "maximumSize=0")) {
      Properties p = withFreshPat(emulator);
      p.setProperty("callBudget", "3");
      p.setProperty("membersPerRequest", "1"); // one request per member
      p.setProperty("statementCache", spec);
      try (Connection c = DriverManager.getConnection(url(emulator), p)) {
        assertThat(rows(c, sql.formatted("'Augusta', 'Houston'"))).isNotEmpty();
        for (String list : List.of("'Augusta', 'Carlsbad', 'Frankfurt', 'Houston'")) {
          Mark from = logSize();
          SQLException e =
              catchThrowableOfType(() -> rows(c, sql.formatted(list)), SQLException.class);
          assertThat((Throwable) e).as(spec).isNotNull();
          assertThat(e.getSQLState()).isEqualTo("54000");
          assertThat(cellRequestsSince(from)).isEmpty();
        }
      }
    }
  }

  @Test
  void aStatementThatFailsToPrepareIsNotCached() throws SQLException {
    StatementPlanCache plans = plans(cached);
    for (int i = 0; i < 2; i++) {
      SQLException table =
          catchThrowableOfType(
              () -> rows(cached, "SELECT * FROM cubes.Nowhere WHERE Entity = 'Houston'"),
              SQLException.class);
      assertThat(table.getSQLState()).isEqualTo("42S02");
      SQLException column =
          catchThrowableOfType(
              () -> rows(cached, "SELECT Nothing FROM cubes.GolfStream WHERE Entity = 'Houston'"),
              SQLException.class);
      assertThat(column.getSQLState()).isEqualTo("42S22");
    }
    assertThat(plans.size()).isZero();
    assertThat(plans.hits()).isZero();
  }

  @Test
  void aPreparedStatementKeepsItsOwnPlan() throws SQLException {
    try (PreparedStatement ps = cached.prepareStatement(POINT.formatted("Houston"))) {
      assertThat(rows(ps.executeQuery())).isEqualTo(rows(uncached, POINT.formatted("Houston")));
    }
    assertThat(plans(cached).size()).isZero();
  }

  @Test
  void resultsAndMetadataAreThoseOfTheStatement() throws SQLException {
    rows(cached, POINT.formatted("Houston"));
    try (Statement s = cached.createStatement()) {
      s.setMaxRows(1);
      assertThat(s.execute(POINT.formatted("Montreal").replace(" AND Account = 'Rent'", "")))
          .isTrue();
      assertThat(s.getUpdateCount()).isEqualTo(-1);
      ResultSet rs = s.getResultSet();
      assertThat(rs.getStatement()).isSameAs(s);
      ResultSetMetaData md = rs.getMetaData();
      assertThat(md.getColumnLabel(3)).isEqualTo("CellValue");
      assertThat(md.getColumnType(3)).isEqualTo(java.sql.Types.DOUBLE);
      assertThat(rows(rs)).hasSize(1);
      assertThat(s.getMoreResults()).isFalse();
      assertThat(s.getUpdateCount()).isEqualTo(-1);
    }
    try (Statement s = cached.createStatement()) {
      s.closeOnCompletion();
      ResultSet again = s.executeQuery(POINT.formatted("Augusta"));
      assertThat(rows(again)).isEqualTo(rows(uncached, POINT.formatted("Augusta")));
      again.close();
      assertThat(s.isClosed()).isTrue();
    }
    assertThat(plans(cached).hits()).isEqualTo(1); // Augusta; Montreal's text has no Account
  }

  @Test
  void twoStatementsRunOneTextAtOnce() throws Exception {
    List<String> entities = List.of("Houston", "Montreal", "Augusta", "Frankfurt");
    List<List<String>> expected = new ArrayList<>();
    for (String e : entities) {
      expected.add(rows(uncached, POINT.formatted(e)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int offset = t;
        runs.add(
            pool.submit(
                () -> {
                  try (Statement s = cached.createStatement()) {
                    for (int i = 0; i < 40; i++) {
                      int k = (i + offset) % entities.size();
                      try (ResultSet rs = s.executeQuery(POINT.formatted(entities.get(k)))) {
                        assertThat(rows(rs)).isEqualTo(expected.get(k));
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : runs) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(plans(cached).hits()).isGreaterThanOrEqualTo(78);
  }
}
