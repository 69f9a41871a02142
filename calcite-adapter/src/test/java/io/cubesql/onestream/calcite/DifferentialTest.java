package io.cubesql.onestream.calcite;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubesql.onestream.client.ClientConfig;
import io.cubesql.onestream.client.OneStreamClient;
import io.cubesql.onestream.client.PatTokenProvider;
import io.cubesql.onestream.client.Secret;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.app.GolfStreamHost;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adapter against an oracle: each query runs on the adapter's Calcite connection to an emulated
 * GolfStream and on {@link H2Oracle}, an H2 copy of the same application's cells and hierarchies,
 * and both must answer the same rows (in order only where the query orders them totally). The
 * queries stay on base members at {@code Local} and {@code Periodic}, which is what the stored
 * cells are; each is written so that H2 and Calcite define its answer alike (no integer division,
 * no AVG of integers, no CHAR literals of different lengths in one column). Where a query names the
 * dimensions it pushes, every cell request the emulator receives must carry a filter on each, so a
 * lost pushdown fails even though the rows would still agree.
 *
 * <p>With {@code -Ddifferential.selfCheck=true}, {@link #calciteOverOracleRowsAgreesWithH2} also
 * runs every query through Calcite's own engine over the oracle's rows (it doubles the run time):
 * when it passes and the adapter's test fails, the adapter is wrong, not the query.
 */
@ExtendWith(GolfStreamEmulator.class)
class DifferentialTest {
  /** Set to {@code true} to run {@link #calciteOverOracleRowsAgreesWithH2} too. */
  static final String SELF_CHECK = "differential.selfCheck";

  private static OneStreamEmulator emulator;
  private static OneStreamClient client;
  private static CalciteConnection adapter;
  private static H2Oracle oracle;
  private static CalciteConnection calciteOverOracle;

  @BeforeAll
  static void start(OneStreamEmulator emu) throws SQLException {
    emulator = emu;
    try (Connection app =
        ((GolfStreamHost) emulator.applicationHost()).database("GolfStream").readOnlyConnection()) {
      oracle = H2Oracle.copyOf(app);
    }
    client =
        OneStreamClient.open(
            ClientConfig.builder()
                .serverUrl(emulator.baseUrl())
                .application("GolfStream")
                .tokenProvider(new PatTokenProvider(Secret.of(emulator.adminPat())))
                .build());
    adapter = OneStreamSchemas.connect(client, OneStreamAdapterOptions.defaults());
  }

  @AfterAll
  static void stop() throws Exception {
    try (AutoCloseable c = client;
        AutoCloseable a = adapter;
        AutoCloseable o = oracle;
        AutoCloseable co = calciteOverOracle) {
      // Closed in reverse order; the emulator belongs to the extension.
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void adapterAgreesWithOracle(Query q) throws SQLException {
    List<List<Object>> expected = oracleRows(q);
    emulator.requestLog().clear();
    List<List<Object>> actual = rows(adapter, q);
    ResultRows.assertSameRows(q.name(), q.sql(), expected, actual, q.ordered());
    if (!q.pushed().isEmpty()) {
      List<RequestLogEntry> requests = emulator.requestLog().entries(DATA_CELLS);
      assertThat(requests).as("cell requests of %s", q.name()).isNotEmpty();
      for (RequestLogEntry r : requests) {
        JsonNode filter = r.body().path("DataCellsFilter");
        for (String dim : q.pushed()) {
          assertThat(field(filter, FILTER_KEYS.get(dim)))
              .as("%s filter of a cell request of %s: %s", dim, q.name(), r.body())
              .isNotBlank();
        }
      }
    }
  }

  private static final String DATA_CELLS = "Analytics/GetDataCellsFromCube";

  /** The key of each dimension's filter in a DataCellsFilter (matched ignoring case). */
  private static final Map<String, String> FILTER_KEYS =
      Map.ofEntries(
          Map.entry("Entity", "EntityFilter"),
          Map.entry("Scenario", "Scenario"),
          Map.entry("Time", "TimeFilter"),
          Map.entry("Account", "AccountFilter"),
          Map.entry("Flow", "FlowFilter"),
          Map.entry("Origin", "OriginFilter"),
          Map.entry("IC", "ICFilter"),
          Map.entry("UD1", "UD1Filter"),
          Map.entry("UD2", "UD2Filter"),
          Map.entry("UD3", "UD3Filter"),
          Map.entry("UD4", "UD4Filter"),
          Map.entry("UD5", "UD5Filter"),
          Map.entry("UD6", "UD6Filter"),
          Map.entry("UD7", "UD7Filter"),
          Map.entry("UD8", "UD8Filter"));

  /** The text of {@code object}'s field called {@code name} in any case, or null. */
  private static String field(JsonNode object, String name) {
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (key.equalsIgnoreCase(name)) {
        return object.get(key).asText();
      }
    }
    return null;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  @EnabledIfSystemProperty(named = SELF_CHECK, matches = "true")
  void calciteOverOracleRowsAgreesWithH2(Query q) throws SQLException {
    if (calciteOverOracle == null) {
      calciteOverOracle = OracleTables.connect(oracle.connection());
    }
    List<List<Object>> expected = oracleRows(q);
    List<List<Object>> actual = rows(calciteOverOracle, q);
    ResultRows.assertSameRows(q.name(), q.sql(), expected, actual, q.ordered());
  }

  /** The oracle's answer, which must be empty exactly when the query says so. */
  private static List<List<Object>> oracleRows(Query q) throws SQLException {
    // H2's UPPER and LOWER follow the JVM's locale (a Turkish 'i' upper-cases to 'İ'); SQL's do
    // not, and neither do Calcite's.
    Locale locale = Locale.getDefault();
    List<List<Object>> rows;
    try {
      Locale.setDefault(Locale.ROOT);
      rows = rows(oracle.connection(), q);
    } finally {
      Locale.setDefault(locale);
    }
    if (q.empty()) {
      assertThat(rows).as("oracle rows of %s", q.name()).isEmpty();
    } else {
      assertThat(rows).as("oracle rows of %s", q.name()).isNotEmpty();
    }
    return rows;
  }

  private static List<List<Object>> rows(Connection c, Query q) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(q.sql())) {
      for (int i = 0; i < q.parameters().size(); i++) {
        ps.setObject(i + 1, q.parameters().get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        return ResultRows.read(rs);
      }
    }
  }

  /**
   * A differential query.
   *
   * @param ordered whether the query orders its rows totally, so that order is compared too
   * @param empty whether the answer is empty (else it must have a row)
   * @param pushed the dimensions whose predicates every cell request must carry as a filter
   * @param parameters the values of its {@code ?} parameters
   */
  record Query(
      String name,
      String sql,
      boolean ordered,
      boolean empty,
      List<String> pushed,
      List<Object> parameters) {
    Query pushing(String... dimensions) {
      return new Query(name, sql, ordered, empty, List.of(dimensions), parameters);
    }

    Query with(Object... values) {
      return new Query(name, sql, ordered, empty, pushed, List.of(values));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static Query unordered(String name, String sql) {
    return new Query(name, sql, false, false, List.of(), List.of());
  }

  private static Query ordered(String name, String sql) {
    return new Query(name, sql, true, false, List.of(), List.of());
  }

  private static Query none(String name, String sql) {
    return new Query(name, sql, false, true, List.of(), List.of());
  }

  static List<Query> queries() {
    return List.of(
        // ------------------------------------------------ predicates the adapter can push
        unordered(
                "point lookup, every column",
                """
            SELECT * FROM cubes.GolfStream
            WHERE Entity = 'Houston' AND Scenario = 'Actual' AND "Time" = '2025M12'
              AND Account = 'Depreciation'""")
            .pushing("Entity", "Scenario", "Time", "Account"),
        unordered(
                "equality on entity, scenario and time",
                """
            SELECT Account, UD1, UD2, Origin, CellValue FROM cubes.GolfStream
            WHERE Entity = 'Augusta' AND Scenario = 'Budget' AND "Time" = '2024M6'""")
            .pushing("Entity", "Scenario", "Time"),
        unordered(
                "IN on entity and account",
                """
            SELECT Entity, Account, "Time", CellValue FROM cubes.GolfStream
            WHERE Entity IN ('Houston', 'Montreal', 'Frankfurt')
              AND Account IN ('Salaries', 'Rent') AND Scenario = 'Actual'""")
            .pushing("Entity", "Account", "Scenario"),
        unordered(
                "IN on UD1, UD2 and time",
                """
            SELECT Entity, Account, "Time", UD1, UD2, CellValue FROM cubes.GolfStream
            WHERE UD1 IN ('Putters', 'Tour Balls') AND UD2 IN ('Online', 'Wholesale')
              AND "Time" IN ('2023M1', '2025M12') AND Scenario = 'Forecast'""")
            .pushing("UD1", "UD2", "Time", "Scenario"),
        unordered(
                "members with spaces and an ampersand",
                """
            SELECT Entity, Account, SUM(CellValue) AS Amount FROM cubes.GolfStream
            WHERE Entity IN ('Accessories & Apparel', 'Quebec City', 'NA Golf Balls')
              AND Account IN ('Product Sales', 'Service Revenue')
              AND Scenario = 'Actual' AND "Time" = '2024M2'
            GROUP BY Entity, Account""")
            .pushing("Entity", "Account", "Scenario", "Time"),
        unordered(
                "origin alone: the year-end journals",
                """
            SELECT Entity, Scenario, "Time", Account, CellValue FROM cubes.GolfStream
            WHERE Origin = 'AdjInput'""")
            .pushing("Origin"),
        unordered(
                "consolidation, view, flow and IC named",
                """
            SELECT COUNT(*) AS Cells, SUM(CellValue) AS Amount FROM cubes.GolfStream
            WHERE Consolidation = 'Local' AND "View" = 'Periodic' AND Flow = 'None'
              AND IC = 'None' AND Scenario = 'Budget' AND "Time" = '2023M5'""")
            .pushing("Flow", "IC", "Scenario", "Time"),
        unordered(
                "UD3 to UD8 named",
                """
            SELECT Entity, COUNT(*) AS Cells FROM cubes.GolfStream
            WHERE UD3 = 'None' AND UD4 = 'None' AND UD5 = 'None' AND UD6 = 'None'
              AND UD7 = 'None' AND UD8 = 'None' AND Scenario = 'Actual' AND "Time" = '2025M1'
            GROUP BY Entity""")
            .pushing("UD3", "UD4", "UD5", "UD6", "UD7", "UD8", "Scenario", "Time"),
        unordered(
                "equality and IN on the same column",
                """
            SELECT Entity, Account, CellValue FROM cubes.GolfStream
            WHERE Entity IN ('Houston', 'Carlsbad', 'Augusta') AND Entity = 'Carlsbad'
              AND Scenario = 'Forecast' AND "Time" = '2024M10' AND UD1 = 'None'""")
            .pushing("Entity", "Scenario", "Time", "UD1"),
        none(
            "contradictory equalities",
            """
            SELECT Entity, CellValue FROM cubes.GolfStream
            WHERE Entity = 'Houston' AND Entity = 'Augusta' AND Scenario = 'Actual'"""),
        unordered(
            "IN list with a member that does not exist",
            """
            SELECT Entity, Account, CellValue FROM cubes.GolfStream
            WHERE Entity IN ('Houston', 'Nowhere') AND Scenario = 'Budget'
              AND "Time" = '2023M9' AND UD1 = 'None'"""),
        none(
            "a literal in another case matches no member",
            """
            SELECT Entity, CellValue FROM cubes.GolfStream
            WHERE Entity = 'houston' AND Scenario = 'Actual' AND "Time" = '2025M1'"""),
        unordered(
            "the same value twice in an IN list",
            """
            SELECT Entity, Account, CellValue FROM cubes.GolfStream
            WHERE Entity IN ('Houston', 'Houston', 'Corporate') AND Scenario = 'Actual'
              AND "Time" = '2025M8' AND UD1 = 'None'"""),
        unordered(
            "the same equality twice in an OR",
            """
            SELECT Account, CellValue FROM cubes.GolfStream
            WHERE (Account = 'Rent' OR Account = 'Rent') AND Entity = 'Frankfurt'
              AND Scenario = 'Budget'"""),
        unordered(
            "two IN lists on one column",
            """
            SELECT Entity, Account, "Time", CellValue FROM cubes.GolfStream
            WHERE Account IN ('Cash', 'Rent', 'Travel') AND Account IN ('Cash', 'Inventory')
              AND Entity = 'Augusta' AND Scenario = 'Forecast'"""),
        unordered(
                "parameters of a prepared statement",
                """
            SELECT Entity, Account, UD1, UD2, CellValue FROM cubes.GolfStream
            WHERE Entity = ? AND Scenario = ? AND "Time" = ? AND CellValue > ?""")
            .with("Accessories & Apparel", "Actual", "2024M7", 2500.0)
            .pushing("Entity", "Scenario", "Time"),
        unordered(
                "parameters in an IN list",
                """
            SELECT Entity, Account, CellValue FROM cubes.GolfStream
            WHERE Entity IN (?, ?) AND Scenario = ? AND "Time" = ? AND Account = ?""")
            .with("Quebec City", "Frankfurt", "Forecast", "2025M9", "Labor Costs")
            .pushing("Entity", "Scenario", "Time", "Account"),
        unordered(
            "COUNT(*) alone",
            """
            SELECT COUNT(*) AS Cells FROM cubes.GolfStream WHERE Scenario = 'Budget'"""),
        none(
            "member-filter syntax in literals matches no member",
            """
            SELECT Entity, CellValue FROM cubes.GolfStream
            WHERE Entity IN ('US Clubs.Base', 'Houston, Augusta', 'E#Frankfurt',
                'Geography.Children')
              AND Scenario = 'Actual' AND "Time" = '2025M1'"""),
        none(
            "a literal with a trailing blank matches no member",
            """
            SELECT Entity, CellValue FROM cubes.GolfStream
            WHERE Entity = 'Houston ' AND Scenario = 'Actual' AND "Time" = '2025M1'"""),
        none(
            "a literal with a quote matches no member",
            """
            SELECT Entity, CellValue FROM cubes.GolfStream
            WHERE Entity = 'Houston''s' AND Scenario = 'Actual' AND "Time" = '2025M1'"""),
        unordered(
            "a non-ASCII literal in an IN list with a member",
            """
            SELECT Entity, Account, CellValue FROM cubes.GolfStream
            WHERE Entity IN ('Zürich', 'Montreal') AND Scenario = 'Budget'
              AND "Time" = '2025M11' AND UD1 = 'None'"""),
        // ------------------------------------------------ residual predicates
        unordered(
            "LIKE on entity",
            """
            SELECT Entity, SUM(CellValue) AS Amount FROM cubes.GolfStream
            WHERE Entity LIKE '%Golf%' AND Scenario = 'Budget' AND "Time" = '2025M1'
            GROUP BY Entity"""),
        unordered(
            "NOT LIKE and <>",
            """
            SELECT Entity, Account, CellValue FROM cubes.GolfStream
            WHERE Account NOT LIKE '%Costs' AND Account <> 'Product Sales'
              AND Entity <> 'Corporate' AND Scenario = 'Actual' AND "Time" = '2023M7'"""),
        unordered(
            "NOT IN on UD1",
            """
            SELECT Account, COUNT(*) AS Cells, SUM(CellValue) AS Amount FROM cubes.GolfStream
            WHERE UD1 NOT IN ('None', 'Drivers', 'Irons') AND Entity = 'Houston'
              AND Scenario = 'Actual' AND "Time" = '2025M6'
            GROUP BY Account"""),
        unordered(
            "range on Time_StartDate",
            """
            SELECT "Time", Time_StartDate, Time_EndDate, SUM(CellValue) AS Amount
            FROM cubes.GolfStream
            WHERE Time_StartDate >= DATE '2024-10-01' AND Time_StartDate < DATE '2025-02-01'
              AND Entity = 'Carlsbad' AND Scenario = 'Actual'
            GROUP BY "Time", Time_StartDate, Time_EndDate"""),
        unordered(
            "BETWEEN on Time_EndDate, February of a leap year",
            """
            SELECT Scenario, "Time", Time_EndDate, CellValue FROM cubes.GolfStream
            WHERE Time_EndDate BETWEEN DATE '2024-02-29' AND DATE '2024-04-30'
              AND Entity = 'Montreal' AND Account = 'Cash'"""),
        unordered(
            "CellValue above a threshold",
            """
            SELECT Entity, Account, "Time", CellValue FROM cubes.GolfStream
            WHERE CellValue > 150000 AND Scenario = 'Actual'
              AND "Time" IN ('2025M1', '2025M2', '2025M3')"""),
        unordered(
            "CellValue BETWEEN",
            """
            SELECT Entity, Account, UD1, UD2, CellValue FROM cubes.GolfStream
            WHERE CellValue BETWEEN 1000 AND 1100 AND Scenario = 'Budget' AND "Time" = '2025M5'"""),
        unordered(
            "OR across columns",
            """
            SELECT Entity, Account, UD1, UD2, CellValue FROM cubes.GolfStream
            WHERE Scenario = 'Forecast' AND "Time" = '2024M11'
              AND (Entity = 'Houston' OR Account = 'Travel')"""),
        unordered(
            "OR within a column",
            """
            SELECT Entity, Account, UD2, CellValue FROM cubes.GolfStream
            WHERE (Entity = 'Frankfurt' OR Entity = 'Corporate') AND UD1 = 'Hats'
              AND Scenario = 'Budget' AND "Time" = '2023M12'"""),
        unordered(
            "OR of two points of view, AND binding tighter",
            """
            SELECT Entity, Scenario, "Time", Account, CellValue FROM cubes.GolfStream
            WHERE (Entity = 'Houston' AND Scenario = 'Actual' AND "Time" = '2025M1')
               OR (Entity = 'Augusta' AND Scenario = 'Budget' AND "Time" = '2024M2')
              AND UD1 = 'None'"""),
        unordered(
            "LOWER of a column",
            """
            SELECT Entity, Account, CellValue FROM cubes.GolfStream
            WHERE LOWER(Entity) = 'houston' AND Scenario = 'Actual' AND "Time" = '2025M1'
              AND UD1 = 'None'"""),
        unordered(
            "UPPER and LOWER of names with an I",
            """
            SELECT Entity, UD1, UPPER(UD1) AS Loud, LOWER(Account) AS Quiet, CellValue
            FROM cubes.GolfStream
            WHERE LOWER(UD1) = 'irons' AND UPPER(Account) = 'MATERIAL COSTS'
              AND Scenario = 'Actual' AND "Time" = '2025M1' AND Entity = 'Houston'"""),
        unordered(
            "NOT of an inequality",
            """
            SELECT Account, CellValue FROM cubes.GolfStream
            WHERE NOT (Entity <> 'Carlsbad') AND Scenario = 'Forecast' AND "Time" = '2023M4'
              AND UD2 = 'None'"""),
        unordered(
            "a range of names",
            """
            SELECT Entity, SUM(CellValue) AS Amount FROM cubes.GolfStream
            WHERE Entity BETWEEN 'A' AND 'D' AND Scenario = 'Actual' AND "Time" = '2024M9'
            GROUP BY Entity"""),
        unordered(
            "a string comparison on time",
            """
            SELECT "Time", SUM(CellValue) AS Amount FROM cubes.GolfStream
            WHERE "Time" >= '2025M10' AND Entity = 'Montreal' AND Scenario = 'Actual'
              AND Account = 'Salaries'
            GROUP BY "Time\""""),
        unordered(
            "equality on a date",
            """
            SELECT Entity, CellValue FROM cubes.GolfStream
            WHERE Time_StartDate = DATE '2023-06-01' AND Account = 'Marketing'
              AND Scenario = 'Budget'"""),
        unordered(
            "equality on CellValue",
            """
            SELECT Entity, Scenario, "Time", Account, Origin FROM cubes.GolfStream
            WHERE CellValue = 752.49 AND Entity = 'Houston'"""),
        unordered(
            "OR with IS NULL",
            """
            SELECT Entity, Account, CellValue FROM cubes.GolfStream
            WHERE (Entity = 'Corporate' OR UD1 IS NULL) AND Scenario = 'Budget'
              AND "Time" = '2024M12' AND UD2 = 'None'"""),
        unordered(
            "a residual predicate on a description",
            """
            SELECT Entity, Account_Desc, COUNT(*) AS Cells, SUM(CellValue) AS Amount
            FROM cubes.GolfStream
            WHERE Account_Desc = 'Direct labor' AND Scenario = 'Actual' AND "Time" = '2023M10'
            GROUP BY Entity, Account_Desc"""),
        // ------------------------------------------------ joins with the dimensions
        unordered(
            "base entities under a parent, by join",
            """
            SELECT c.Entity, SUM(c.CellValue) AS Amount
            FROM cubes.GolfStream c JOIN dimensions.Entity d ON d.Name = c.Entity
            WHERE d.Parent = 'US Clubs' AND c.Scenario = 'Actual' AND c."Time" = '2025M3'
              AND c.Account = 'Product Sales'
            GROUP BY c.Entity"""),
        unordered(
            "entities two levels under NA Clubs",
            """
            SELECT p.Name AS Region, c.Entity, SUM(c.CellValue) AS Amount
            FROM cubes.GolfStream c
            JOIN dimensions.Entity e ON e.Name = c.Entity
            JOIN dimensions.Entity p ON p.Name = e.Parent
            WHERE p.Parent = 'NA Clubs' AND c.Scenario = 'Budget' AND c."Time" = '2024M9'
            GROUP BY p.Name, c.Entity"""),
        unordered(
            "gross margin with the aggregation weights",
            """
            SELECT c.Entity, SUM(c.CellValue * a.AggregationWeight * g.AggregationWeight) AS Margin
            FROM cubes.GolfStream c
            JOIN dimensions.Account a ON a.Name = c.Account
            JOIN dimensions.Account g ON g.Name = a.Parent
            WHERE g.Parent = 'Gross Margin' AND c.Scenario = 'Actual' AND c."Time" = '2025M4'
            GROUP BY c.Entity"""),
        unordered(
            "quarter totals through the time hierarchy",
            """
            SELECT t.Parent AS Quarter, COUNT(*) AS Months, SUM(c.CellValue) AS Amount
            FROM cubes.GolfStream c JOIN dimensions."Time" t ON t.Name = c."Time"
            WHERE c.Entity = 'Frankfurt' AND c.Scenario = 'Budget' AND c.Account = 'Rent'
            GROUP BY t.Parent"""),
        unordered(
            "product lines through UD1",
            """
            SELECT p.Parent AS Line, COUNT(*) AS Cells, SUM(c.CellValue) AS Amount
            FROM cubes.GolfStream c JOIN dimensions.UD1 p ON p.Name = c.UD1
            WHERE c.Scenario = 'Actual' AND c."Time" = '2024M4' AND c.Account = 'Product Sales'
            GROUP BY p.Parent"""),
        unordered(
            "IN subquery over a dimension",
            """
            SELECT Entity, SUM(CellValue) AS Amount FROM cubes.GolfStream
            WHERE Entity IN (SELECT Name FROM dimensions.Entity WHERE Parent = 'Canada Clubs')
              AND Scenario = 'Budget' AND "Time" = '2024M8'
            GROUP BY Entity"""),
        unordered(
            "EXISTS subquery from a dimension",
            """
            SELECT e.Name, e.Description FROM dimensions.Entity e
            WHERE e.IsBase AND e.Parent = 'Total GolfStream'
              AND EXISTS (SELECT 1 FROM cubes.GolfStream c WHERE c.Entity = e.Name
                AND c.Scenario = 'Actual' AND c."Time" = '2025M1' AND c.Account = 'Rent')"""),
        unordered(
            "LEFT JOIN from UD1 to the cells of one account",
            """
            SELECT u.Name, u.Parent, COUNT(c.CellValue) AS Cells, SUM(c.CellValue) AS Amount
            FROM dimensions.UD1 u LEFT JOIN (
              SELECT UD1, CellValue FROM cubes.GolfStream
              WHERE Entity = 'Corporate' AND Scenario = 'Actual' AND "Time" = '2025M9'
                AND Account = 'Product Sales') c ON c.UD1 = u.Name
            GROUP BY u.Name, u.Parent"""),
        unordered(
            "LEFT JOIN from cells to the geographic rollup",
            """
            SELECT c.Entity, COALESCE(g.Parent, 'no region') AS Region, SUM(c.CellValue) AS Amount
            FROM cubes.GolfStream c LEFT JOIN dimensions.Entity g ON g.Name = c.Entity
              AND g.Parent IN ('Texas', 'California', 'Georgia', 'Quebec', 'Europe')
            WHERE c.Scenario = 'Forecast' AND c."Time" = '2024M2' AND c.Account = 'Travel'
            GROUP BY c.Entity, COALESCE(g.Parent, 'no region')"""),
        unordered(
            "NOT EXISTS: entities without cells",
            """
            SELECT e.Name, e.Parent FROM dimensions.Entity e
            WHERE NOT EXISTS (SELECT 1 FROM cubes.GolfStream c WHERE c.Entity = e.Name
                AND c.Scenario = 'Actual' AND c."Time" = '2025M1' AND c.Account = 'Cash')"""),
        none(
            "NOT IN a subquery holding a NULL",
            """
            SELECT Entity, CellValue FROM cubes.GolfStream
            WHERE Entity NOT IN (SELECT Parent FROM dimensions.Entity)
              AND Scenario = 'Actual' AND "Time" = '2025M1' AND Account = 'Cash'"""),
        unordered(
            "correlated scalar subquery in SELECT",
            """
            SELECT e.Name,
              (SELECT SUM(c.CellValue) FROM cubes.GolfStream c WHERE c.Entity = e.Name
                AND c.Scenario = 'Actual' AND c."Time" = '2025M1' AND c.Account = 'Cash') AS Cash
            FROM dimensions.Entity e WHERE e.Parent = 'Golf Balls'"""),
        unordered(
            "actual against budget, two scans joined",
            """
            SELECT a.Entity, a.Amount AS Actual, b.Amount AS Budget, a.Amount - b.Amount AS Variance
            FROM (SELECT Entity, SUM(CellValue) AS Amount FROM cubes.GolfStream
                WHERE Scenario = 'Actual' AND "Time" = '2025M6' AND Account = 'Product Sales'
                GROUP BY Entity) a
            JOIN (SELECT Entity, SUM(CellValue) AS Amount FROM cubes.GolfStream
                WHERE Scenario = 'Budget' AND "Time" = '2025M6' AND Account = 'Product Sales'
                GROUP BY Entity) b ON b.Entity = a.Entity"""),
        unordered(
            "UNION of two scans",
            """
            SELECT Entity, Origin FROM cubes.GolfStream
            WHERE Scenario = 'Actual' AND "Time" = '2023M12' AND Account = 'Depreciation'
            UNION
            SELECT Entity, Origin FROM cubes.GolfStream
            WHERE Scenario = 'Forecast' AND "Time" = '2023M12' AND Account = 'Depreciation'"""),
        // ------------------------------------------------ aggregation and ordering
        unordered(
            "GROUP BY with SUM, COUNT, AVG, MIN and MAX",
            """
            SELECT Account, COUNT(*) AS Cells, SUM(CellValue) AS Total, AVG(CellValue) AS Mean,
              MIN(CellValue) AS Least, MAX(CellValue) AS Most
            FROM cubes.GolfStream WHERE Entity = 'Corporate' AND Scenario = 'Forecast'
            GROUP BY Account"""),
        unordered(
            "HAVING",
            """
            SELECT Entity, SUM(CellValue) AS Amount FROM cubes.GolfStream
            WHERE Scenario = 'Actual' AND "Time" = '2025M7' AND Account = 'Product Sales'
            GROUP BY Entity HAVING SUM(CellValue) > 125000"""),
        unordered(
            "HAVING on COUNT and MIN",
            """
            SELECT Account, UD2, COUNT(*) AS Cells FROM cubes.GolfStream
            WHERE Entity = 'Europe Golf Balls' AND Scenario = 'Budget' AND "Time" = '2023M3'
            GROUP BY Account, UD2 HAVING COUNT(*) > 1 AND MIN(CellValue) > 200"""),
        ordered(
            "ORDER BY and LIMIT: the five largest cells",
            """
            SELECT Entity, Account, UD1, UD2, CellValue FROM cubes.GolfStream
            WHERE Scenario = 'Budget' AND "Time" = '2025M5'
            ORDER BY CellValue DESC, Entity, Account, UD1, UD2 LIMIT 5"""),
        ordered(
            "OFFSET and FETCH",
            """
            SELECT Entity, SUM(CellValue) AS Amount FROM cubes.GolfStream
            WHERE Scenario = 'Actual' AND "Time" = '2023M1'
            GROUP BY Entity ORDER BY Entity OFFSET 3 ROWS FETCH NEXT 4 ROWS ONLY"""),
        ordered(
            "LIMIT with OFFSET over an aggregate",
            """
            SELECT Account, SUM(CellValue) AS Amount FROM cubes.GolfStream
            WHERE Entity = 'Houston' AND Scenario = 'Forecast' AND "Time" = '2025M2'
            GROUP BY Account ORDER BY Amount DESC, Account LIMIT 3 OFFSET 2"""),
        ordered(
            "ORDER BY names with spaces and an ampersand",
            """
            SELECT DISTINCT Entity FROM cubes.GolfStream
            WHERE Scenario = 'Actual' AND "Time" = '2023M1' AND Account = 'Travel'
            ORDER BY Entity"""),
        unordered(
            "DISTINCT",
            """
            SELECT DISTINCT Entity, Origin FROM cubes.GolfStream
            WHERE Scenario = 'Actual' AND "Time" = '2024M12'"""),
        unordered(
            "COUNT DISTINCT",
            """
            SELECT Scenario, COUNT(DISTINCT Account) AS Accounts, COUNT(DISTINCT UD1) AS Products
            FROM cubes.GolfStream WHERE Entity = 'Quebec City' AND "Time" = '2023M3'
            GROUP BY Scenario"""),
        unordered(
            "scalar subquery",
            """
            SELECT Entity, CellValue FROM cubes.GolfStream
            WHERE Scenario = 'Actual' AND "Time" = '2025M2' AND Account = 'Cash'
              AND CellValue > (SELECT AVG(CellValue) FROM cubes.GolfStream
                WHERE Scenario = 'Actual' AND "Time" = '2025M2' AND Account = 'Cash')"""),
        unordered(
            "derived table",
            """
            SELECT Account, MAX(Total) AS Largest, COUNT(*) AS Entities FROM (
              SELECT Entity, Account, SUM(CellValue) AS Total FROM cubes.GolfStream
              WHERE Scenario = 'Forecast' AND "Time" IN ('2025M10', '2025M11', '2025M12')
              GROUP BY Entity, Account) t
            GROUP BY Account"""),
        unordered(
            "conditional sums",
            """
            SELECT Entity,
              SUM(CASE WHEN Account IN ('Product Sales', 'Service Revenue') THEN CellValue
                ELSE 0 END) AS Revenue,
              SUM(CASE WHEN Account IN ('Material Costs', 'Labor Costs') THEN CellValue
                ELSE 0 END) AS Costs
            FROM cubes.GolfStream WHERE Scenario = 'Actual' AND "Time" = '2025M4'
            GROUP BY Entity"""),
        unordered(
            "year from Time_StartDate",
            """
            SELECT EXTRACT(YEAR FROM Time_StartDate) AS Yr, COUNT(*) AS Cells,
              SUM(CellValue) AS Amount
            FROM cubes.GolfStream WHERE Entity = 'Course Management' AND Account = 'Marketing'
            GROUP BY EXTRACT(YEAR FROM Time_StartDate)"""),
        unordered(
            "window function: the largest account of each entity",
            """
            SELECT Entity, Account, CellValue FROM (
              SELECT Entity, Account, CellValue,
                RANK() OVER (PARTITION BY Entity ORDER BY CellValue DESC) AS Rnk
              FROM cubes.GolfStream
              WHERE Scenario = 'Budget' AND "Time" = '2024M3' AND UD1 = 'None') t
            WHERE Rnk = 1"""),
        unordered(
            "every cell of every scenario, counted (no pushed predicate)",
            """
            SELECT Scenario, Origin, COUNT(*) AS Cells, SUM(CellValue) AS Amount,
              MIN(Time_StartDate) AS FirstStart, MAX(Time_EndDate) AS LastEnd
            FROM cubes.GolfStream GROUP BY Scenario, Origin"""),
        unordered(
            "LIMIT without ORDER BY, counted",
            """
            SELECT COUNT(*) AS Cells FROM (
              SELECT Entity, CellValue FROM cubes.GolfStream
              WHERE Scenario = 'Actual' AND "Time" = '2024M1' LIMIT 5) t"""),
        unordered(
            "aggregates of no rows",
            """
            SELECT COUNT(*) AS Cells, SUM(CellValue) AS Amount, MAX(Entity) AS Last
            FROM cubes.GolfStream WHERE Entity = 'Zürich' AND Scenario = 'Actual'"""),
        // ------------------------------------------------ NULLs
        unordered(
            "tops: Parent IS NULL",
            """
            SELECT Name, Description, Depth, IsBase FROM dimensions.Account
            WHERE Parent IS NULL"""),
        unordered(
            "LEFT JOIN producing NULL children",
            """
            SELECT p.Name, c.Name AS Child, c.AggregationWeight
            FROM dimensions.Origin p LEFT JOIN dimensions.Origin c ON c.Parent = p.Name"""),
        unordered(
            "COALESCE of the null parent",
            """
            SELECT Name, COALESCE(Parent, '(top)') AS Parent, Depth FROM dimensions."Time"
            WHERE Depth <= 1"""),
        unordered(
            "NULLIF over cells",
            """
            SELECT Entity, NULLIF(Origin, 'Import') AS Adjusted, COUNT(*) AS Cells
            FROM cubes.GolfStream WHERE Scenario = 'Actual' AND "Time" = '2023M12'
              AND Account = 'Depreciation'
            GROUP BY Entity, NULLIF(Origin, 'Import')"""),
        unordered(
            "COUNT of a column that is never NULL",
            """
            SELECT COUNT(*) AS Cells, COUNT(UD4) AS Named,
              SUM(CASE WHEN UD4 IS NULL THEN 1 ELSE 0 END) AS Missing
            FROM cubes.GolfStream WHERE Scenario = 'Forecast' AND "Time" = '2023M6'"""),
        unordered(
            "<> drops the NULL parent",
            """
            SELECT Name, Parent FROM dimensions.UD1 WHERE Parent <> 'Golf Clubs'"""),
        ordered(
            "ORDER BY with NULLS FIRST",
            """
            SELECT Parent, Name, Depth FROM dimensions.Account
            ORDER BY Parent NULLS FIRST, Name"""),
        ordered(
            "ORDER BY descriptions, one of them non-ASCII",
            """
            SELECT Description, Name, Parent FROM dimensions.Entity
            ORDER BY Description, Parent NULLS FIRST"""),
        // ------------------------------------------------ dimension tables alone
        unordered(
            "every dimension table, counted",
            """
            SELECT CAST('Entity' AS VARCHAR(20)) AS Dim, COUNT(*) AS Rows_, SUM(Depth) AS Depths
              FROM dimensions.Entity
            UNION ALL SELECT CAST('Consolidation' AS VARCHAR(20)), COUNT(*), SUM(Depth)
              FROM dimensions.Consolidation
            UNION ALL SELECT CAST('Scenario' AS VARCHAR(20)), COUNT(*), SUM(Depth)
              FROM dimensions.Scenario
            UNION ALL SELECT CAST('Time' AS VARCHAR(20)), COUNT(*), SUM(Depth)
              FROM dimensions."Time"
            UNION ALL SELECT CAST('View' AS VARCHAR(20)), COUNT(*), SUM(Depth)
              FROM dimensions."View"
            UNION ALL SELECT CAST('Account' AS VARCHAR(20)), COUNT(*), SUM(Depth)
              FROM dimensions.Account
            UNION ALL SELECT CAST('Flow' AS VARCHAR(20)), COUNT(*), SUM(Depth)
              FROM dimensions.Flow
            UNION ALL SELECT CAST('Origin' AS VARCHAR(20)), COUNT(*), SUM(Depth)
              FROM dimensions.Origin
            UNION ALL SELECT CAST('IC' AS VARCHAR(20)), COUNT(*), SUM(Depth) FROM dimensions.IC
            UNION ALL SELECT CAST('UD1' AS VARCHAR(20)), COUNT(*), SUM(Depth) FROM dimensions.UD1
            UNION ALL SELECT CAST('UD2' AS VARCHAR(20)), COUNT(*), SUM(Depth) FROM dimensions.UD2
            UNION ALL SELECT CAST('UD3' AS VARCHAR(20)), COUNT(*), SUM(Depth) FROM dimensions.UD3
            UNION ALL SELECT CAST('UD4' AS VARCHAR(20)), COUNT(*), SUM(Depth) FROM dimensions.UD4
            UNION ALL SELECT CAST('UD5' AS VARCHAR(20)), COUNT(*), SUM(Depth) FROM dimensions.UD5
            UNION ALL SELECT CAST('UD6' AS VARCHAR(20)), COUNT(*), SUM(Depth) FROM dimensions.UD6
            UNION ALL SELECT CAST('UD7' AS VARCHAR(20)), COUNT(*), SUM(Depth) FROM dimensions.UD7
            UNION ALL SELECT CAST('UD8' AS VARCHAR(20)), COUNT(*), SUM(Depth)
              FROM dimensions.UD8"""),
        unordered(
            "the entity hierarchy, every column",
            """
            SELECT * FROM dimensions.Entity"""),
        unordered(
            "members with more than one parent",
            """
            SELECT Name, COUNT(*) AS Parents, MIN(Depth) AS Shallowest, MAX(Depth) AS Deepest
            FROM dimensions.Entity GROUP BY Name HAVING COUNT(*) > 1"""),
        unordered(
            "negative aggregation weights",
            """
            SELECT Name, Parent, AggregationWeight FROM dimensions.Account
            WHERE AggregationWeight < 0"""),
        ordered(
            "parents of UD1 in sort order",
            """
            SELECT Name, Depth, SortOrder FROM dimensions.UD1 WHERE NOT IsBase
            ORDER BY SortOrder"""),
        unordered(
            "members and base counts by depth",
            """
            SELECT Depth, COUNT(*) AS Members, SUM(CASE WHEN IsBase THEN 1 ELSE 0 END) AS Base,
              AVG(CAST(SortOrder AS DOUBLE)) AS MeanSortOrder
            FROM dimensions.Entity GROUP BY Depth"""),
        unordered(
            "consolidation and view members",
            """
            SELECT 'C' || Name, Description, IsBase FROM dimensions.Consolidation
            UNION ALL SELECT 'V' || Name, Description, IsBase FROM dimensions."View\""""),
        // ------------------------------------------------ text
        none(
            "a non-ASCII literal matches no entity",
            """
            SELECT Entity, CellValue FROM cubes.GolfStream
            WHERE Entity = 'Zürich' AND Scenario = 'Actual'"""),
        unordered(
            "a non-ASCII literal concatenated",
            """
            SELECT DISTINCT 'é' || Entity AS Accented FROM cubes.GolfStream
            WHERE Scenario = 'Budget' AND "Time" = '2024M1' AND Account = 'Rent'"""),
        unordered(
            "a non-ASCII description",
            """
            SELECT Entity, Entity_Desc, SUM(CellValue) AS Amount FROM cubes.GolfStream
            WHERE Entity_Desc LIKE 'Montr_al%' AND Scenario = 'Actual' AND "Time" = '2023M2'
            GROUP BY Entity, Entity_Desc"""),
        unordered(
            "a non-ASCII description in a dimension",
            """
            SELECT Name, Parent, Description FROM dimensions.Entity
            WHERE Description = 'Montréal Clubs'"""),
        unordered(
            "descriptions of every dimension",
            """
            SELECT DISTINCT Consolidation_Desc, Scenario_Desc, Time_Desc, View_Desc, Account_Desc,
              Flow_Desc, Origin_Desc, IC_Desc, UD1_Desc, UD2_Desc, UD3_Desc, UD4_Desc, UD5_Desc,
              UD6_Desc, UD7_Desc, UD8_Desc
            FROM cubes.GolfStream
            WHERE Entity = 'Houston' AND "Time" = '2025M1' AND Scenario = 'Actual'"""),
        unordered(
            "dates of every month",
            """
            SELECT DISTINCT "Time", Time_StartDate, Time_EndDate FROM cubes.GolfStream
            WHERE Entity = 'Augusta' AND Scenario = 'Budget' AND Account = 'Rent'"""),
        unordered(
            "non-ASCII text around a description",
            """
            SELECT DISTINCT Entity || ' → ' || Entity_Desc AS Label FROM cubes.GolfStream
            WHERE Entity IN ('Montreal', 'Quebec City') AND Scenario = 'Actual'
              AND "Time" = '2025M1' AND Account = 'Cash'"""),
        // ------------------------------------------------ identifiers
        unordered(
            "unquoted lower-case identifiers",
            """
            select entity, account, ud2, cellvalue from cubes.golfstream
            where scenario = 'Actual' and entity = 'Houston' and "time" = '2024M5'
              and ud1 = 'Drivers'"""),
        unordered(
            "quoted identifiers",
            """
            SELECT "Entity", "Account", "UD1", "CellValue" FROM "cubes"."GolfStream"
            WHERE "Scenario" = 'Budget' AND "Entity" = 'NA Golf Balls' AND "Time" = '2023M8'
              AND "UD2" = 'Retail'"""),
        unordered(
            "quoted identifiers in another case",
            """
            SELECT "ENTITY", "account", "CELLVALUE" FROM "cubes"."GOLFSTREAM"
            WHERE "scenario" = 'Actual' AND "entity" = 'Corporate' AND "TIME" = '2025M3'
              AND "ud1" = 'None'"""),
        unordered(
            "a lower-case dimension table with an i",
            """
            select name, parent, isbase from dimensions.ic"""),
        unordered(
            "upper-case identifiers, table in the default schema",
            """
            SELECT ACCOUNT, COUNT(*) AS CELLS FROM GOLFSTREAM
            WHERE SCENARIO = 'Forecast' AND ENTITY = 'Frankfurt' GROUP BY ACCOUNT"""),
        unordered(
            "lower-case dimension table and columns",
            """
            select name, parent, depth, isbase, aggregationweight, sortorder
            from dimensions.ud2"""));
  }
}
