package io.cubesql.onestream.bench;

import io.cubesql.onestream.client.OneStreamClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Warm per-query overhead: the driver's time for a small query minus the server's time for the
 * calls it made (the request log's {@code durationMicros}), for distinct SQL texts and for one
 * PreparedStatement re-executed; beside it the same against the raw client sending the same
 * request, and the time to prepare alone (nothing sent). Run once with Calcite's compiled-plan
 * cache as {@code saffron.properties} sets it and once with {@code
 * -Dcalcite.bindable.cache.maxSize=0}.
 */
final class QueryOverhead {
  private static final String[] ACCOUNTS = {
    "Product Sales",
    "Service Revenue",
    "Material Costs",
    "Labor Costs",
    "Salaries",
    "Rent",
    "Marketing",
    "Travel",
    "Depreciation"
  };
  private static final String[] ENTITIES = {
    "Houston", "Augusta", "Carlsbad", "Montreal", "Quebec City", "Frankfurt"
  };
  private static final String SELECT = "SELECT Account, UD1, UD2, CellValue FROM cubes.GolfStream";

  private QueryOverhead() {}

  static void run(Bench b) throws Exception {
    String cache =
        System.getProperty("calcite.bindable.cache.maxSize", "1000 (saffron.properties)");
    String label = "bindable cache " + (cache.equals("0") ? "off" : "on");
    int n = b.quick ? 100 : 300;
    try (Connection c = b.connect();
        OneStreamClient client = b.client()) {
      distinct(b, c, client, 30, 0, null);
      distinct(b, c, client, n, 1000, label);
      literals(b, c, client, 30, null);
      literals(b, c, client, n, label);
      prepared(b, c, client, 30, null);
      prepared(b, c, client, n, label);
      prepareOnly(b, c, 30, 2000, null);
      prepareOnly(b, c, n, 3000, label);
    }
  }

  /** The request of statement {@code i}: one entity, month and account of Actual. */
  private static Map<String, String> request(int i) {
    return Map.of(
        "Entity",
        ENTITIES[i % ENTITIES.length],
        "Account",
        ACCOUNTS[(i / ENTITIES.length) % ACCOUNTS.length],
        "Time",
        "2024M" + (1 + (i / (ENTITIES.length * ACCOUNTS.length)) % 12),
        "Scenario",
        "Actual");
  }

  /**
   * Distinct text every time: the values vary, and a comment numbers the statement (so that no
   * cache keyed on the text, not even with its literals as parameters, can serve it); with {@code
   * number} negative, no comment: texts that differ in their literals only, as a BI tool sends
   * them, which the driver's statement plan cache (property statementCache) serves.
   */
  private static String distinctSql(Map<String, String> r, int number) {
    return String.format(
        Locale.ROOT,
        "%s WHERE Entity = '%s' AND \"Time\" = '%s' AND Account = '%s' AND Scenario = 'Actual'%s",
        SELECT,
        r.get("Entity"),
        r.get("Time"),
        r.get("Account"),
        number < 0 ? "" : " /* " + number + " */");
  }

  /** One statement of a series: runs it for request {@code r}, reading every row. */
  private interface Statement {
    long run(Map<String, String> r, int i) throws Exception;
  }

  private static void distinct(
      Bench b, Connection c, OneStreamClient client, int n, int offset, String label)
      throws Exception {
    series(
        b,
        client,
        n,
        label,
        "distinct SQL text",
        "<= 3",
        (r, i) -> Bench.query(c, distinctSql(r, offset + i)));
  }

  private static void literals(Bench b, Connection c, OneStreamClient client, int n, String label)
      throws Exception {
    series(
        b,
        client,
        n,
        label,
        "SQL texts differing in literals only",
        "<= 3",
        (r, i) -> Bench.query(c, distinctSql(r, -1)));
  }

  private static void prepared(Bench b, Connection c, OneStreamClient client, int n, String label)
      throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            SELECT
                + " WHERE Entity = ? AND \"Time\" = ? AND Account = ? AND Scenario = 'Actual'")) {
      series(
          b,
          client,
          n,
          label,
          "re-executed PreparedStatement",
          "<= 0.5",
          (r, i) -> {
            ps.setString(1, r.get("Entity"));
            ps.setString(2, r.get("Time"));
            ps.setString(3, r.get("Account"));
            try (ResultSet rs = ps.executeQuery()) {
              return Bench.readAll(rs);
            }
          });
    }
  }

  /**
   * Runs {@code n} statements, each timed against the server's time for its calls and against the
   * raw client sending the same request; reports them unless {@code label} is null (warm-up).
   */
  private static void series(
      Bench b,
      OneStreamClient client,
      int n,
      String label,
      String what,
      String goal,
      Statement statement)
      throws Exception {
    long[] overServer = new long[n];
    long[] overRaw = new long[n];
    for (int i = 0; i < n; i++) {
      Map<String, String> r = request(i);
      b.admin.clearLog();
      long t0 = System.nanoTime();
      long rows = statement.run(r, i);
      long sqlNs = System.nanoTime() - t0;
      overServer[i] = sqlNs - serverNs(b);
      overRaw[i] = sqlNs - raw(client, r, rows);
    }
    report(b, label, what, n, overServer, overRaw, goal);
  }

  /** Prepare alone (parse, validate, plan, code generation): nothing is sent. */
  private static void prepareOnly(Bench b, Connection c, int n, int offset, String label)
      throws Exception {
    long[] ns = new long[n];
    for (int i = 0; i < n; i++) {
      Map<String, String> r = request(i);
      String sql = distinctSql(r, offset + i);
      long t0 = System.nanoTime();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ns[i] = System.nanoTime() - t0;
      }
    }
    if (label != null) {
      String section = "2 per-query, " + label;
      b.results.row(section, "prepare only, distinct text, p50", Bench.pctMs(ns, 50), "ms", "");
    }
  }

  /**
   * The server's time for the calls logged since the log was cleared: each from the server reading
   * the request's first bytes to just before the answer's last (empty) chunk is written.
   */
  private static long serverNs(Bench b) throws Exception {
    List<EmulatorAdmin.Call> calls = b.admin.log();
    long micros = 0;
    for (EmulatorAdmin.Call call : calls) {
      micros += call.durationMicros();
    }
    return micros * 1_000;
  }

  /** The raw client's time for the same request; checks it answers as many rows. */
  private static long raw(OneStreamClient client, Map<String, String> r, long expected)
      throws Exception {
    long t0 = System.nanoTime();
    long rows = Bench.readAll(client.dataCells("GolfStream", false, Bench.Cut.filter(r)));
    long ns = System.nanoTime() - t0;
    if (rows != expected) {
      throw new IllegalStateException("SQL read " + expected + " rows, the raw client " + rows);
    }
    return ns;
  }

  private static void report(
      Bench b, String label, String what, int n, long[] overServer, long[] overRaw, String goal) {
    if (label == null) {
      return;
    }
    String section = "2 per-query, " + label;
    String note =
        n
            + " statements, warm; server time in microseconds, from the server reading the request"
            + " to just before the answer's last chunk; the rest is the driver, both ends' HTTP"
            + " and the loopback";
    b.results.goal(
        section, what + ": driver - server, p50", Bench.pctMs(overServer, 50), "ms", goal, note);
    b.results.row(section, what + ": driver - server, p90", Bench.pctMs(overServer, 90), "ms", "");
    b.results.row(
        section,
        what + ": driver - raw client, p50",
        Bench.pctMs(overRaw, 50),
        "ms",
        "same request through OneStreamClient");
    b.results.row(section, what + ": driver - raw client, p90", Bench.pctMs(overRaw, 90), "ms", "");
  }
}
