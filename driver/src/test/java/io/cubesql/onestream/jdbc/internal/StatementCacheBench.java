package io.cubesql.onestream.jdbc.internal;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.jdbc.GolfStreamEmulator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.function.IntFunction;

/**
 * Benchmark, not a test (surefire does not pick it up): the warm time of {@code Statement} queries
 * whose texts differ only in literals, with the plan cache on and off, alternating statement by
 * statement on one in-process emulator; and a re-executed {@code PreparedStatement} as the floor.
 * The first figure is of texts naming no member, which send no request: the driver's overhead
 * alone. Prints p50 and p90; asserts only that both connections read the same number of rows.
 *
 * <p>Run (the argument is the number of texts, 300 by default):
 *
 * <pre>
 * mvn -B -q -o -pl driver -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp driver/target/test-classes:driver/target/classes:$(cat driver/target/bench.cp) \
 *     io.cubesql.onestream.jdbc.internal.StatementCacheBench 300
 * </pre>
 */
public final class StatementCacheBench {
  private static final String[] ENTITIES = {
    "Houston", "Augusta", "Carlsbad", "Montreal", "Quebec City", "Frankfurt"
  };
  private static final String[] ACCOUNTS = {
    "Product Sales", "Service Revenue", "Salaries", "Rent", "Travel", "Depreciation"
  };

  private StatementCacheBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    try (OneStreamEmulator emulator = OneStreamEmulator.builder().start()) {
      Properties on = pat(emulator);
      Properties off = pat(emulator);
      off.setProperty("statementCache", "maximumSize=0");
      String url = GolfStreamEmulator.url(emulator);
      try (Connection cached = DriverManager.getConnection(url, on);
          Connection uncached = DriverManager.getConnection(url, off)) {
        IntFunction<String> point =
            i ->
                "SELECT Account, UD1, UD2, CellValue FROM cubes.GolfStream WHERE Entity = '"
                    + ENTITIES[i % ENTITIES.length]
                    + "' AND \"Time\" = '2024M"
                    + (1 + (i / 36) % 12)
                    + "' AND Account = '"
                    + ACCOUNTS[(i / ENTITIES.length) % ACCOUNTS.length]
                    + "' AND Scenario = 'Actual'";
        IntFunction<String> residual =
            i ->
                "SELECT Account, UD1, UD2, CellValue FROM cubes.GolfStream WHERE Entity = 'Houston'"
                    + " AND \"Time\" = '2024M3' AND Account = 'Rent' AND Scenario = 'Actual'"
                    + " AND CellValue > "
                    + (100 + i);
        // A name that is no member sends nothing: the statement's time is the driver's alone.
        IntFunction<String> noCall =
            i ->
                "SELECT Account, UD1, UD2, CellValue FROM cubes.GolfStream WHERE Entity = 'Nobody"
                    + i
                    + "' AND \"Time\" = '2024M3' AND Scenario = 'Actual' AND CellValue > "
                    + (100 + i);
        compare("no API call (driver overhead alone)", cached, uncached, noCall, n);
        compare("equalities on the POV", cached, uncached, point, n);
        compare("a residual CellValue > N", cached, uncached, residual, n);
        prepared(cached, n);
        StatementPlanCache plans = cached.unwrap(RealOneStreamConnection.class).planCache();
        System.out.printf(
            "plan cache: %d hits, %d normalized prepares, %d prepared as written%n",
            plans.hits(), plans.prepares(), plans.asWritten());
      }
    }
  }

  private static Properties pat(OneStreamEmulator emulator) {
    Properties p = new Properties();
    p.setProperty("password", emulator.issuePat("admin", Duration.ofHours(1)));
    return p;
  }

  /**
   * {@code n} distinct texts on each connection, alternating which goes first; the same texts are
   * sent once before, so that the emulator has every answer warm for both.
   */
  private static void compare(
      String what, Connection cached, Connection uncached, IntFunction<String> sql, int n)
      throws Exception {
    for (int i = 0; i < n; i++) {
      time(uncached, sql.apply(i));
    }
    long[] on = new long[n];
    long[] off = new long[n];
    for (int i = 0; i < n; i++) {
      boolean cachedFirst = i % 2 == 0;
      long[] a = cachedFirst ? time(cached, sql.apply(i)) : null;
      long[] b = time(uncached, sql.apply(i));
      a = cachedFirst ? a : time(cached, sql.apply(i));
      if (a[1] != b[1]) {
        throw new IllegalStateException("row counts differ for " + sql.apply(i));
      }
      on[i] = a[0];
      off[i] = b[0];
    }
    System.out.printf(
        "%s, %d distinct texts: cache off p50 %.2f ms (p90 %.2f), cache on p50 %.2f ms (p90 %.2f)%n",
        what, n, p(off, 50), p(off, 90), p(on, 50), p(on, 90));
  }

  private static void prepared(Connection c, int n) throws Exception {
    long[] t = new long[n];
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT Account, UD1, UD2, CellValue FROM cubes.GolfStream WHERE Entity = ?"
                + " AND \"Time\" = ? AND Account = ? AND Scenario = 'Actual'")) {
      for (int i = -50; i < n; i++) {
        long t0 = System.nanoTime();
        ps.setString(1, ENTITIES[Math.abs(i) % ENTITIES.length]);
        ps.setString(2, "2024M" + (1 + (Math.abs(i) / 36) % 12));
        ps.setString(3, ACCOUNTS[(Math.abs(i) / ENTITIES.length) % ACCOUNTS.length]);
        try (ResultSet rs = ps.executeQuery()) {
          count(rs);
        }
        if (i >= 0) {
          t[i] = System.nanoTime() - t0;
        }
      }
    }
    System.out.printf(
        "re-executed PreparedStatement, %d executions: p50 %.2f ms (p90 %.2f)%n",
        n, p(t, 50), p(t, 90));
  }

  /** The time of one statement, read to the end, and its row count. */
  private static long[] time(Connection c, String sql) throws Exception {
    long t0 = System.nanoTime();
    int rows;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rows = count(rs);
    }
    return new long[] {System.nanoTime() - t0, rows};
  }

  private static int count(ResultSet rs) throws Exception {
    return StatementPlanCacheTest.rows(rs).size(); // reads every column of every row
  }

  /** The {@code pct} percentile of nanosecond times {@code v}, in milliseconds. */
  private static double p(long[] v, int pct) {
    long[] sorted = v.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, sorted.length * pct / 100)] / 1e6;
  }
}
