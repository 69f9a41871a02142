package io.cubesql.onestream.jdbc.internal;

import static io.cubesql.onestream.jdbc.GolfStreamEmulator.url;
import static io.cubesql.onestream.jdbc.GolfStreamEmulator.withFreshPat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.jdbc.GolfStreamEmulator;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Statement queries through the driver with the plan cache on and off: the same rows, column
 * metadata, SQLStates and requests (bodies) to the emulator. The queries are calcite-adapter's
 * {@code DifferentialTest} list (those without {@code ?}), read from that module's test classes,
 * each run twice on the cached connection (a miss, then a hit), and literal variants of BI-like
 * queries that share normalized texts.
 */
@ExtendWith(GolfStreamEmulator.class)
class StatementPlanCacheDifferentialTest {
  /** Texts differing only in literals: after the first of each group, answered from the cache. */
  private static final List<String> VARIANTS = variants();

  private final OneStreamEmulator emulator;

  StatementPlanCacheDifferentialTest(OneStreamEmulator emulator) {
    this.emulator = emulator;
  }

  private static List<String> variants() {
    List<String> out = new ArrayList<>();
    String point =
        "SELECT Account, UD1, UD2, CellValue FROM cubes.GolfStream WHERE Entity = '%s'"
            + " AND Scenario = '%s' AND \"Time\" = '%s'";
    for (String[] v :
        new String[][] {
          {"Houston", "Actual", "2024M3"},
          {"Montreal", "Budget", "2025M1"},
          {"Accessories & Apparel", "Forecast", "2023M7"},
          {"US Clubs", "Actual", "2024M3"},
          {"houston", "Actual", "2024M3"},
          {"Zürich", "Actual", "2024M3"},
          {"Łódź", "Actual", "2024M3"},
          {"Houston's", "Actual", "2024M3"},
          {"Houston ", "Actual", "2024M3"},
          {"Nowhere", "Actual", "2024M3"},
        }) {
      out.add(point.formatted((Object[]) v));
    }
    String in =
        "SELECT Entity, Account, CellValue FROM cubes.GolfStream WHERE Entity IN (%s)"
            + " AND Account IN ('Rent', 'Salaries') AND Scenario = 'Actual' AND \"Time\" = '2025M2'";
    for (String v :
        List.of(
            "'Augusta', 'Houston'",
            "'Frankfurt', 'Montreal'",
            "'Montreal', 'Frankfurt'",
            "'Houston', 'Houston'",
            "'Carlsbad', 'Nowhere'",
            "'Corporate'")) {
      out.add(in.formatted(v));
    }
    String residual =
        "SELECT Entity, Account, \"Time\", CellValue FROM cubes.GolfStream WHERE CellValue %s"
            + " AND Scenario = 'Budget' AND \"Time\" = '2024M6' AND Entity = 'Houston'";
    for (String v :
        List.of("> 100", "> 100.5", "> 1e4", "> 150000", "<= 0", "<> 0", "< 25000.25")) {
      out.add(residual.formatted(v));
    }
    String between =
        "SELECT Entity, Account, CellValue FROM cubes.GolfStream WHERE CellValue BETWEEN %s"
            + " AND Scenario = 'Actual' AND \"Time\" = '2025M5' AND Entity = 'Augusta'";
    for (String v : List.of("1000 AND 5000", "0 AND 100.5", "5000 AND 1000", "7 AND 7")) {
      out.add(between.formatted(v));
    }
    String having =
        "SELECT Entity, Account, SUM(CellValue) AS Amount FROM cubes.GolfStream"
            + " WHERE Scenario = '%s' AND \"Time\" = '2024M12' AND UD1 = 'None'"
            + " GROUP BY Entity, Account HAVING Account <> '%s' ORDER BY Entity, Account";
    for (String[] v : new String[][] {{"Actual", "Rent"}, {"Budget", "Cash"}}) {
      out.add(having.formatted((Object[]) v));
    }
    String join =
        "SELECT c.Entity, d.Parent, SUM(c.CellValue) AS Amount FROM cubes.GolfStream c"
            + " JOIN dimensions.Entity d ON d.Name = c.Entity AND d.Depth = %s"
            + " WHERE c.Scenario = 'Actual' AND c.\"Time\" = '%s' AND c.Account = 'Rent'"
            + " GROUP BY c.Entity, d.Parent ORDER BY c.Entity, d.Parent";
    for (String[] v : new String[][] {{"3", "2025M1"}, {"2", "2024M2"}, {"1.5", "2024M2"}}) {
      out.add(join.formatted((Object[]) v));
    }
    add(
        out,
        "SELECT Name, Depth FROM dimensions.Entity WHERE Parent = '%s' ORDER BY Name LIMIT %d",
        new Object[] {"US Clubs", 2},
        new Object[] {"Geography", 5});
    add(
        out,
        "SELECT Name FROM dimensions.Entity WHERE Parent = '%s'"
            + " UNION SELECT Name FROM dimensions.Account WHERE Name = '%s'",
        new Object[] {"US Clubs", "Rent"},
        new Object[] {"Geography", "Cash"});
    add(
        out,
        "SELECT Entity, CellValue FROM cubes.GolfStream WHERE Scenario = '%s'"
            + " AND \"Time\" = '2025M3' AND Account = 'Rent' AND Entity IN"
            + " (SELECT Name FROM dimensions.Entity WHERE Parent = 'US Clubs')",
        new Object[] {"Actual"},
        new Object[] {"Budget"});
    add(
        out,
        "SELECT Name, Parent FROM dimensions.Entity WHERE Parent = %s AND Depth = %s",
        new Object[] {"NULL", "0"},
        new Object[] {"'US Clubs'", "0"});
    add(
        out,
        "SELECT \"Time\", SUM(CellValue) AS Amount FROM cubes.GolfStream"
            + " WHERE Time_StartDate = DATE '%s' AND Entity = 'Carlsbad' AND Scenario = 'Actual'"
            + " GROUP BY \"Time\"",
        new Object[] {"2024-10-01"},
        new Object[] {"2024-11-01"});
    add(
        out,
        "SELECT * FROM cubeviews.ActualVsBudget WHERE Entity = '%s'",
        new Object[] {"Houston"},
        new Object[] {"Montreal"});
    out.add("SELECT * FROM cubes.GolfStream WHERE 1 = 0");
    out.add("SELECT * FROM cubes.GolfStream WHERE 1 = 0");
    return out;
  }

  /** Adds {@code template} with each of {@code values}. */
  private static void add(List<String> out, String template, Object[]... values) {
    for (Object[] v : values) {
      out.add(template.formatted(v));
    }
  }

  @Test
  void theDifferentialQueriesAnswerAlikeWithTheCacheOnAndOff() throws Exception {
    List<String> queries = differentialQueries();
    assumeTrue(!queries.isEmpty(), "calcite-adapter's test classes are not built");
    compare(queries, 2);
  }

  @Test
  void literalVariantsAnswerAlikeWithTheCacheOnAndOff() throws Exception {
    compare(VARIANTS, 1);
    assertThat(VARIANTS).hasSizeGreaterThanOrEqualTo(40);
  }

  /** Runs each query once uncached and {@code times} cached, comparing answers and requests. */
  private void compare(List<String> queries, int times) throws SQLException {
    Properties off = withFreshPat(emulator);
    off.setProperty("statementCache", "maximumSize=0");
    try (Connection cached = DriverManager.getConnection(url(emulator), withFreshPat(emulator));
        Connection uncached = DriverManager.getConnection(url(emulator), off)) {
      // The first statement of a connection loads names and members: not what is compared.
      run(cached, "SELECT COUNT(*) FROM dimensions.Entity WHERE Name = 'Houston'");
      run(uncached, "SELECT COUNT(*) FROM dimensions.Entity WHERE Name = 'Houston'");
      for (String sql : queries) {
        StatementPlanCacheTest.Mark from = StatementPlanCacheTest.Mark.of(emulator);
        Answer expected = run(uncached, sql);
        List<String> expectedRequests = requestsSince(from);
        for (int i = 0; i < times; i++) {
          from = StatementPlanCacheTest.Mark.of(emulator);
          Answer actual = run(cached, sql);
          assertThat(actual).as(sql).isEqualTo(expected);
          assertThat(requestsSince(from)).as(sql).isEqualTo(expectedRequests);
        }
      }
      assertThat(plans(cached).hits()).isPositive();
    }
  }

  private static StatementPlanCache plans(Connection c) throws SQLException {
    return StatementPlanCacheTest.plans(c);
  }

  /** Metadata routes: their answers are shared between connections, so the first one asks. */
  private static final Set<String> METADATA =
      Set.of("Analytics/GetDimensionHierarchy", "Analytics/GetCubeList");

  private List<String> requestsSince(StatementPlanCacheTest.Mark mark) {
    return StatementPlanCacheTest.requestsSince(emulator, mark, r -> !METADATA.contains(r));
  }

  /** What a statement answered: its columns, its rows sorted, or the error's state. */
  private record Answer(List<String> columns, List<String> rows, String state) {}

  private static Answer run(Connection c, String sql) {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(
            md.getColumnLabel(i)
                + " "
                + md.getColumnTypeName(i)
                + " "
                + md.isNullable(i)
                + " "
                + md.getPrecision(i)
                + " "
                + md.getScale(i));
      }
      List<String> rows = StatementPlanCacheTest.rows(rs);
      rows.sort(null);
      return new Answer(columns, rows, null);
    } catch (SQLException e) {
      return new Answer(List.of(), List.of(), e.getSQLState());
    }
  }

  /**
   * The SQL of calcite-adapter's {@code DifferentialTest} queries that take no parameters, from
   * that module's test classes (built before this module's tests); empty if they are not there.
   */
  private static List<String> differentialQueries() throws Exception {
    Path classes = Path.of("..", "calcite-adapter", "target", "test-classes");
    if (!Files.isRegularFile(
        classes.resolve("io/cubesql/onestream/calcite/DifferentialTest.class"))) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()},
            StatementPlanCacheDifferentialTest.class.getClassLoader())) {
      Class<?> test = loader.loadClass("io.cubesql.onestream.calcite.DifferentialTest");
      Method queries = test.getDeclaredMethod("queries");
      queries.setAccessible(true);
      for (Object q : (List<?>) queries.invoke(null)) {
        Method sql = q.getClass().getDeclaredMethod("sql");
        Method parameters = q.getClass().getDeclaredMethod("parameters");
        sql.setAccessible(true);
        parameters.setAccessible(true);
        if (((List<?>) parameters.invoke(q)).isEmpty()) {
          out.add((String) sql.invoke(q));
        }
      }
    }
    return out;
  }
}
