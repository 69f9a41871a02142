package io.cubesql.onestream.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result cache ({@code resultCache}) on a BI-like mix: per month, a wide query, then what a
 * dashboard asks next (the same again, fewer columns, an aggregate, base members of a dimension the
 * wide query left open, a parent member, descriptions, a quarter). A statement that sends no data
 * call is a hit. Hit latency is compared with the same statements on a connection without the
 * cache.
 */
final class CacheMix {
  /** What a query of the mix is, against what is already cached; and whether it can be served. */
  private record Query(String kind, String sql) {}

  private CacheMix() {}

  private static List<Query> mix(int months) {
    List<Query> mix = new ArrayList<>();
    for (int m = 1; m <= months; m++) {
      String pov =
          " FROM cubes.GolfStream WHERE Scenario = 'Actual' AND \"Time\" = '2024M" + m + "'";
      mix.add(new Query("first (wide)", "SELECT Entity, Account, UD1, UD2, CellValue" + pov));
      mix.add(new Query("repeat", "SELECT Entity, Account, UD1, UD2, CellValue" + pov));
      mix.add(new Query("fewer columns", "SELECT Account, CellValue" + pov));
      mix.add(new Query("aggregate", "SELECT Account, SUM(CellValue)" + pov + " GROUP BY Account"));
      mix.add(
          new Query(
              "base member Entity", "SELECT Account, CellValue" + pov + " AND Entity = 'Houston'"));
      mix.add(
          new Query(
              "base members IN",
              "SELECT Entity, SUM(CellValue)"
                  + pov
                  + " AND Entity IN ('Augusta', 'Carlsbad') GROUP BY Entity"));
      mix.add(
          new Query(
              "base member Account",
              "SELECT Entity, UD1, CellValue" + pov + " AND Account = 'Rent'"));
      mix.add(
          new Query("parent member", "SELECT Account, CellValue" + pov + " AND Account = 'Sales'"));
      mix.add(new Query("repeat", "SELECT Account, CellValue" + pov + " AND Account = 'Sales'"));
      mix.add(new Query("descriptions", "SELECT Entity, Entity_Desc, Account, CellValue" + pov));
      mix.add(new Query("repeat", "SELECT Entity, Entity_Desc, Account, CellValue" + pov));
    }
    mix.add(
        new Query(
            "parent time",
            "SELECT Account, CellValue FROM cubes.GolfStream WHERE Scenario = 'Actual'"
                + " AND \"Time\" = '2024Q1' AND Entity = 'Houston'"));
    return mix;
  }

  static void run(Bench b) throws Exception {
    List<Query> mix = mix(b.quick ? 2 : 3);
    List<Long> hitNs = new ArrayList<>();
    List<Long> sameWithoutCache = new ArrayList<>();
    Map<String, int[]> byKind = new LinkedHashMap<>(); // hits, statements
    int hits = 0;
    int subsumed = 0;
    int notRepeat = 0;
    try (Connection plain = b.connect();
        Connection cached = b.connect("resultCache=maximumSize=1000,expireAfterWrite=15m")) {
      Bench.query(plain, mix.get(0).sql()); // table shapes
      for (Query q : mix) {
        b.admin.clearLog();
        long t0 = System.nanoTime();
        long rows = Bench.query(cached, q.sql());
        long ns = System.nanoTime() - t0;
        boolean hit = b.admin.dataCalls().isEmpty();
        long t1 = System.nanoTime();
        long plainRows = Bench.query(plain, q.sql());
        long plainNs = System.nanoTime() - t1;
        if (rows != plainRows) {
          throw new IllegalStateException(
              q.sql() + ": " + rows + " rows from the cache, " + plainRows + " without");
        }
        int[] k = byKind.computeIfAbsent(q.kind(), x -> new int[2]);
        k[1]++;
        if (hit) {
          k[0]++;
          hits++;
          hitNs.add(ns);
          sameWithoutCache.add(plainNs);
        }
        if (!q.kind().equals("repeat") && !q.kind().startsWith("first")) {
          notRepeat++;
          subsumed += hit ? 1 : 0;
        }
      }
      String section = "5 result cache";
      b.results.row(
          section,
          "hit rate, statements",
          100.0 * hits / mix.size(),
          "%",
          hits + " of " + mix.size() + " statements sent no data call");
      b.results.row(
          section,
          "subsumption hit rate",
          100.0 * subsumed / notRepeat,
          "%",
          subsumed + " of " + notRepeat + " statements that are neither a repeat nor the first");
      if (!hitNs.isEmpty()) {
        b.results.row(
            section,
            "hit latency p50",
            Bench.medianMs(hitNs),
            "ms",
            String.format(
                Locale.ROOT,
                "same statements without the cache: p50 %.2f ms",
                Bench.medianMs(sameWithoutCache)));
      }
      StringBuilder kinds = new StringBuilder();
      byKind.forEach(
          (kind, n) ->
              kinds
                  .append(kinds.length() == 0 ? "" : "; ")
                  .append(kind)
                  .append(' ')
                  .append(n[0])
                  .append('/')
                  .append(n[1]));
      b.results.row(section, "hits by kind", hits, "", kinds.toString());
      try (Statement s = cached.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT Hits, Misses, HitRate FROM onestream_meta.result_cache")) {
        if (rs.next()) {
          b.results.row(
              section,
              "driver's own HitRate (requests)",
              rs.getDouble(3),
              "",
              "onestream_meta.result_cache: hits " + rs.getLong(1) + ", misses " + rs.getLong(2));
        }
      }
    }
  }
}
