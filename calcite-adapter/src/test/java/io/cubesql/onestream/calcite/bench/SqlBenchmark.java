package io.cubesql.onestream.calcite.bench;

import io.cubesql.onestream.calcite.OneStreamAdapterOptions;
import io.cubesql.onestream.calcite.OneStreamSchemas;
import io.cubesql.onestream.client.ClientConfig;
import io.cubesql.onestream.client.DataCellsFilter;
import io.cubesql.onestream.client.DataSetReader;
import io.cubesql.onestream.client.OneStreamClient;
import io.cubesql.onestream.client.PatTokenProvider;
import io.cubesql.onestream.client.Secret;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark, not a test: per-query overhead of SQL over the raw client for the same request, warm,
 * for distinct SQL texts and for a re-executed PreparedStatement; and bulk rows/s of a whole-cube
 * SELECT against the raw client reading the same cells. Both in one JVM, on one emulator,
 * alternating. Arguments: base URL, PAT. Prints figures; asserts only that row counts agree.
 */
public final class SqlBenchmark {
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

  private SqlBenchmark() {}

  public static void main(String[] args) throws Exception {
    OneStreamClient client =
        OneStreamClient.open(
            ClientConfig.builder()
                .serverUrl(args[0])
                .application("GolfStream")
                .tokenProvider(new PatTokenProvider(Secret.of(args[1])))
                .build());
    try (Connection c = OneStreamSchemas.connect(client, OneStreamAdapterOptions.defaults())) {
      overhead(c, client, 20, false);
      overhead(c, client, 300, true);
      prepared(c, client, 20, false);
      prepared(c, client, 300, true);
      bulk(c, client);
    }
    client.close();
  }

  private static void overhead(Connection c, OneStreamClient client, int n, boolean print)
      throws Exception {
    long[] sqlNs = new long[n];
    long[] rawNs = new long[n];
    for (int i = 0; i < n; i++) {
      String entity = ENTITIES[i % ENTITIES.length];
      String account = ACCOUNTS[(i / ENTITIES.length) % ACCOUNTS.length];
      // Distinct text every time: the month and the literal spellings vary.
      String time = "2024M" + (1 + (i / (ENTITIES.length * ACCOUNTS.length)) % 12);
      String sql =
          "SELECT Account, UD1, UD2, CellValue FROM cubes.GolfStream WHERE Entity = '"
              + entity
              + "' AND \"Time\" = '"
              + time
              + "' AND Account = '"
              + account
              + "'"
              + " AND Scenario = 'Actual' /* "
              + i
              + " */";
      long t0 = System.nanoTime();
      int a;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        a = count(rs);
      }
      long t1 = System.nanoTime();
      int b = raw(client, entity, time, account);
      long t2 = System.nanoTime();
      check(a, b);
      sqlNs[i] = t1 - t0;
      rawNs[i] = t2 - t1;
    }
    if (print) {
      report("distinct SQL text", sqlNs, rawNs);
    }
  }

  private static void prepared(Connection c, OneStreamClient client, int n, boolean print)
      throws Exception {
    long[] sqlNs = new long[n];
    long[] rawNs = new long[n];
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT Account, UD1, UD2, CellValue FROM cubes.GolfStream WHERE Entity = ?"
                + " AND \"Time\" = ? AND Account = ? AND Scenario = 'Actual'")) {
      for (int i = 0; i < n; i++) {
        String entity = ENTITIES[i % ENTITIES.length];
        String account = ACCOUNTS[(i / ENTITIES.length) % ACCOUNTS.length];
        String time = "2024M" + (1 + (i / (ENTITIES.length * ACCOUNTS.length)) % 12);
        long t0 = System.nanoTime();
        ps.setString(1, entity);
        ps.setString(2, time);
        ps.setString(3, account);
        int a;
        try (ResultSet rs = ps.executeQuery()) {
          a = count(rs);
        }
        long t1 = System.nanoTime();
        int b = raw(client, entity, time, account);
        long t2 = System.nanoTime();
        check(a, b);
        sqlNs[i] = t1 - t0;
        rawNs[i] = t2 - t1;
      }
    }
    if (print) {
      report("re-executed PreparedStatement", sqlNs, rawNs);
    }
  }

  private static int raw(OneStreamClient client, String entity, String time, String account)
      throws Exception {
    DataCellsFilter f =
        DataCellsFilter.all()
            .entity("[" + entity + "]")
            .time("[" + time + "]")
            .account("[" + account + "]")
            .scenario("[Actual]");
    int rows = 0;
    try (DataSetReader r = client.dataCells("GolfStream", false, f)) {
      while (r.nextRow()) {
        for (String col : List.of("Account", "UD1", "UD2", "CellValue")) {
          r.get(col);
        }
        rows++;
      }
    }
    return rows;
  }

  private static void bulk(Connection c, OneStreamClient client) throws Exception {
    String sql =
        "SELECT Entity, Consolidation, Scenario, \"Time\", \"View\", Account, Flow, Origin, IC,"
            + " UD1, UD2, UD3, UD4, UD5, UD6, UD7, UD8, CellValue FROM cubes.GolfStream";
    // The raw loop reads the same columns, by the names the SQL result gives them.
    List<String> cols = new ArrayList<>();
    List<Double> sqlRate = new ArrayList<>();
    List<Double> rawRate = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      long t0 = System.nanoTime();
      int a;
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        a = 0;
        if (cols.isEmpty()) {
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            cols.add(rs.getMetaData().getColumnLabel(i));
          }
        }
        while (rs.next()) {
          for (int i = 1; i <= cols.size(); i++) {
            rs.getObject(i);
          }
          a++;
        }
      }
      long t1 = System.nanoTime();
      int b = 0;
      try (DataSetReader r = client.dataCells("GolfStream", false, DataCellsFilter.all())) {
        while (r.nextRow()) {
          for (String col : cols) {
            r.get(col);
          }
          b++;
        }
      }
      long t2 = System.nanoTime();
      check(a, b);
      if (round > 0) {
        sqlRate.add(a / ((t1 - t0) / 1e9));
        rawRate.add(b / ((t2 - t1) / 1e9));
      }
      System.out.printf(
          "bulk round %d: %,d rows; SQL %,.0f rows/s, raw client %,.0f rows/s%s%n",
          round, a, a / ((t1 - t0) / 1e9), b / ((t2 - t1) / 1e9), round == 0 ? " (warm-up)" : "");
    }
    double s = sqlRate.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double r = rawRate.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    System.out.printf(
        "bulk mean of 3: SQL %,.0f rows/s, raw client %,.0f rows/s, raw/SQL time ratio %.2f%n",
        s, r, r / s);
  }

  private static int count(ResultSet rs) throws Exception {
    int n = 0;
    int cols = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      for (int i = 1; i <= cols; i++) {
        rs.getObject(i);
      }
      n++;
    }
    return n;
  }

  private static void check(int a, int b) {
    if (a != b) {
      throw new IllegalStateException("SQL read " + a + " rows, the raw client " + b);
    }
  }

  private static void report(String what, long[] sqlNs, long[] rawNs) {
    long[] diff = new long[sqlNs.length];
    for (int i = 0; i < diff.length; i++) {
      diff[i] = sqlNs[i] - rawNs[i];
    }
    System.out.printf(
        "%s, %d statements: SQL p50 %.2f ms, raw client p50 %.2f ms, overhead p50 %.2f ms"
            + " (p90 %.2f ms)%n",
        what, sqlNs.length, ms(p(sqlNs, 50)), ms(p(rawNs, 50)), ms(p(diff, 50)), ms(p(diff, 90)));
  }

  private static long p(long[] v, int pct) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, s.length * pct / 100)];
  }

  private static double ms(long ns) {
    return ns / 1e6;
  }
}
