package io.cubesql.onestream.bench;

import io.cubesql.onestream.client.DataCellsFilter;
import io.cubesql.onestream.client.DataSetReader;
import io.cubesql.onestream.client.OneStreamClient;
import io.cubesql.onestream.client.SubstVars;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Pushdown efficiency: for filtered queries, the calls and answer bytes the driver caused (warm:
 * table shapes already known) against requests written by hand with the client for the same
 * filters, counted in the emulator's request log.
 */
final class Pushdown {
  /** Requests written by hand; answers the rows read (or -1 when they are not comparable). */
  private interface HandWritten {
    long run(OneStreamClient client) throws Exception;
  }

  /**
   * @param cold on a fresh connection, discovery included (a dimension's members are metadata,
   *     cached after the first read)
   */
  private record Case(
      String name, String sql, boolean sameRows, boolean cold, HandWritten minimal) {
    Case(String name, String sql, boolean sameRows, HandWritten minimal) {
      this(name, sql, sameRows, false, minimal);
    }
  }

  private static final String CELLS = " FROM cubes.GolfStream WHERE ";
  private static final String HOUSTON_M3 = "Entity = 'Houston' AND \"Time\" = '2024M3'";

  private static final List<Case> CASES =
      List.of(
          new Case(
              "three equalities",
              "SELECT Account, UD1, CellValue" + CELLS + HOUSTON_M3 + " AND Scenario = 'Actual'",
              true,
              c -> cells(c, false, houstonM3().scenario("[Actual]"))),
          new Case(
              "IN over 3 entities",
              "SELECT Entity, Account, CellValue"
                  + CELLS
                  + "Entity IN ('Houston', 'Augusta', 'Carlsbad') AND \"Time\" = '2024M3'",
              true,
              c ->
                  cells(
                      c,
                      false,
                      DataCellsFilter.all()
                          .entity("[Houston],[Augusta],[Carlsbad]")
                          .time("[2024M3]"))),
          new Case(
              "OR on one column",
              "SELECT Account, CellValue"
                  + CELLS
                  + HOUSTON_M3
                  + " AND (Account = 'Rent' OR Account = 'Travel')",
              true,
              c -> cells(c, false, houstonM3().account("[Rent],[Travel]"))),
          new Case(
              "GROUP BY, SUM",
              "SELECT Account, SUM(CellValue)" + CELLS + HOUSTON_M3 + " GROUP BY Account",
              false,
              c -> cells(c, false, houstonM3())),
          new Case(
              "residual CellValue > 1000",
              "SELECT Account, CellValue" + CELLS + HOUSTON_M3 + " AND CellValue > 1000",
              false,
              c -> cells(c, false, houstonM3())),
          new Case(
              "LIMIT 10, whole cube",
              "SELECT * FROM cubes.GolfStream LIMIT 10",
              false,
              c -> {
                try (DataSetReader r = c.dataCells("GolfStream", false, DataCellsFilter.all())) {
                  for (int i = 0; i < 10 && r.nextRow(); i++) {
                    r.get(0);
                  }
                }
                return -1;
              }),
          new Case(
              "descriptions",
              "SELECT Entity_Desc, Account_Desc, CellValue"
                  + CELLS
                  + HOUSTON_M3
                  + " AND Scenario = 'Actual'",
              true,
              c -> cells(c, true, houstonM3().scenario("[Actual]"))),
          new Case(
              "parent members",
              "SELECT UD1, CellValue"
                  + CELLS
                  + "Entity = 'Houston' AND \"Time\" = '2024Q1' AND Account = 'Sales'"
                  + " AND Scenario = 'Budget'",
              true,
              c ->
                  cells(
                      c,
                      false,
                      DataCellsFilter.all()
                          .entity("[Houston]")
                          .time("[2024Q1]")
                          .account("[Sales]")
                          .scenario("[Budget]"))),
          new Case(
              "LIKE 'Product%'",
              "SELECT Account, CellValue" + CELLS + HOUSTON_M3 + " AND Account LIKE 'Product%'",
              true,
              c ->
                  cells(
                      c,
                      false,
                      houstonM3().account("[Net Income].Base.Where(Name StartsWith Product)"))),
          new Case(
              "cube view, 2 parameters",
              "SELECT * FROM cubeviews.ActualVsBudget WHERE " + HOUSTON_M3,
              true,
              c ->
                  Bench.readAll(
                      c.cubeView(
                          "ActualVsBudget",
                          SubstVars.of("Entity", "Houston").and("Time", "2024M3"),
                          false,
                          false,
                          null))),
          // dimensions.* describe the application's first cube, which the SQL does not name: by
          // hand too, on a fresh connection, the cube list says which it is.
          new Case(
              "dimension, 2 columns",
              "SELECT Name, Parent FROM dimensions.Entity",
              true,
              true,
              c -> Bench.readAll(c.dimensionHierarchy(firstCube(c), "Entity", "All", false))));

  private Pushdown() {}

  private static DataCellsFilter houstonM3() {
    return DataCellsFilter.all().entity("[Houston]").time("[2024M3]");
  }

  /** The application's first cube, the whole list read as the driver reads it. */
  private static String firstCube(OneStreamClient c) throws Exception {
    String first = null;
    try (DataSetReader r = c.cubeList()) {
      while (r.nextRow()) {
        Object name = r.get("CubeName");
        if (first == null && name != null) {
          first = name.toString();
        }
      }
    }
    return first;
  }

  private static long cells(OneStreamClient c, boolean descriptions, DataCellsFilter f)
      throws Exception {
    return Bench.readAll(c.dataCells("GolfStream", descriptions, f));
  }

  static void run(Bench b) throws Exception {
    long driverCalls = 0;
    long driverBytes = 0;
    long minimalCalls = 0;
    long minimalBytes = 0;
    try (Connection c = b.connect();
        OneStreamClient client = b.client()) {
      for (Case k : CASES) {
        // An answer read only in part (a LIMIT) is logged when the server gives up on it, which
        // may be after the next clearLog: only the calls that arrived after the measured action
        // began are counted (the emulator runs on this machine, on the same clock), and the
        // action's own such answers get 100 ms to be logged.
        long sqlRows;
        Instant since;
        if (k.cold()) {
          b.admin.clearLog();
          since = Instant.now();
          try (Connection fresh = b.connect()) {
            sqlRows = Bench.query(fresh, k.sql());
          }
        } else {
          Bench.query(c, k.sql()); // table shapes, once per connection
          b.admin.clearLog();
          since = Instant.now();
          sqlRows = Bench.query(c, k.sql());
        }
        Thread.sleep(100);
        List<EmulatorAdmin.Call> driver = arrivedSince(b.admin.dataCalls(), since);
        b.admin.clearLog();
        since = Instant.now();
        long handRows = k.minimal().run(client);
        Thread.sleep(100);
        List<EmulatorAdmin.Call> minimal = arrivedSince(b.admin.dataCalls(), since);
        long db = bytes(driver);
        long mb = bytes(minimal);
        driverCalls += driver.size();
        driverBytes += db;
        minimalCalls += minimal.size();
        minimalBytes += mb;
        String rows =
            k.sameRows()
                ? (sqlRows == handRows
                    ? sqlRows + " rows both"
                    : "ROWS DIFFER: SQL " + sqlRows + ", by hand " + handRows)
                : sqlRows + " rows";
        b.results.goal(
            "4 pushdown",
            k.name() + ": bytes / minimal",
            db == mb ? 1.0 : (double) db / mb,
            "x",
            "<= 1.05",
            String.format(
                Locale.ROOT,
                "calls %d / %d, bytes %,d / %,d; %s%s",
                driver.size(),
                minimal.size(),
                db,
                mb,
                rows,
                k.cold() ? "; fresh connection, discovery included" : ""));
        if (driver.size() != minimal.size()) {
          b.results.goal(
              "4 pushdown",
              k.name() + ": calls / minimal",
              (double) driver.size() / minimal.size(),
              "x",
              "<= 1.05",
              "");
        }
      }
    }
    b.results.goal(
        "4 pushdown",
        "all cases: calls / minimal",
        (double) driverCalls / minimalCalls,
        "x",
        "<= 1.05",
        driverCalls + " / " + minimalCalls);
    b.results.goal(
        "4 pushdown",
        "all cases: bytes / minimal",
        (double) driverBytes / minimalBytes,
        "x",
        "<= 1.05",
        String.format(Locale.ROOT, "%,d / %,d", driverBytes, minimalBytes));
  }

  private static List<EmulatorAdmin.Call> arrivedSince(
      List<EmulatorAdmin.Call> calls, Instant since) {
    return calls.stream().filter(c -> !c.arrival().isBefore(since)).toList();
  }

  private static long bytes(List<EmulatorAdmin.Call> calls) {
    return calls.stream().mapToLong(EmulatorAdmin.Call::responseBytes).sum();
  }
}
