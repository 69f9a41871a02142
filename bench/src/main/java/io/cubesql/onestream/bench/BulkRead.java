package io.cubesql.onestream.bench;

import io.cubesql.onestream.client.OneStreamClient;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bulk reads of 10 K, 100 K and 1 M cells: the driver against the raw client and the bare OkHttp +
 * Jackson loop sending the same requests, alternating, every value of every row read; and the 1 M
 * read alone in a heap-capped JVM with its peak heap.
 */
final class BulkRead {
  private static final String COLUMNS =
      "SELECT Entity, Consolidation, Scenario, \"Time\", \"View\", Account, Flow, Origin, IC,"
          + " UD1, UD2, UD3, UD4, UD5, UD6, UD7, UD8, CellValue FROM cubes.GolfStream";

  /** The cuts, at emulator scale 3 (2.4 M cells): single requests but the 1 M, four. */
  static final List<Bench.Cut> SIZES =
      List.of(
          Bench.Cut.of("10K", "Scenario", "Actual", "UD1", "Drivers", "UD2", "Online"),
          Bench.Cut.of("100K", "UD1", "Drivers"),
          Bench.Cut.of(
              "1M",
              "Account",
              List.of("Product Sales", "Material Costs", "Labor Costs", "Product Sales 2")));

  private BulkRead() {}

  /** The comparison, in one JVM: every size, the driver one request at a time like the others. */
  static void compare(Bench b) throws Exception {
    int rounds = b.quick ? 1 : 3;
    try (Connection sequential = b.connect("parallelism=1");
        Connection parallel = b.connect();
        OneStreamClient client = b.client()) {
      Bench.Cut warm = SIZES.get(1);
      jdbc(sequential, warm);
      raw(client, warm);
      bare(b, warm);
      for (Bench.Cut cut : SIZES) {
        List<Long> jdbc = new ArrayList<>();
        List<Long> jdbcParallel = new ArrayList<>();
        List<Long> raw = new ArrayList<>();
        List<Long> bare = new ArrayList<>();
        long rows = 0;
        for (int round = 0; round < rounds; round++) {
          long t0 = System.nanoTime();
          long a = jdbc(sequential, cut);
          long t1 = System.nanoTime();
          long c = raw(client, cut);
          long t2 = System.nanoTime();
          long d = bare(b, cut);
          long t3 = System.nanoTime();
          long e = cut.requests().size() > 1 ? jdbc(parallel, cut) : a;
          long t4 = System.nanoTime();
          if (a != c || a != d || a != e) {
            throw new IllegalStateException(
                cut.label() + ": JDBC read " + a + " rows, client " + c + ", bare " + d);
          }
          rows = a;
          jdbc.add(t1 - t0);
          raw.add(t2 - t1);
          bare.add(t3 - t2);
          jdbcParallel.add(t4 - t3);
        }
        double j = Bench.medianMs(jdbc);
        double r = Bench.medianMs(raw);
        double x = Bench.medianMs(bare);
        String n =
            String.format(Locale.ROOT, "%,d cells, %d requests", rows, cut.requests().size());
        String section = "1 bulk " + cut.label();
        b.results.row(section, "bare OkHttp+Jackson rows/s", rows / (x / 1e3), "", n);
        b.results.row(section, "raw client rows/s", rows / (r / 1e3), "", n);
        b.results.row(section, "JDBC rows/s (parallelism=1)", rows / (j / 1e3), "", n);
        b.results.row(section, "raw client / bare time", r / x, "x", "");
        b.results.goal(
            section,
            "JDBC / bare time",
            j / x,
            "x",
            cut.label().equals("1M") ? "<= 1.25" : "",
            String.format(Locale.ROOT, "median of %d; JDBC %.0f ms, bare %.0f ms", rounds, j, x));
        if (cut.requests().size() > 1) {
          b.results.row(
              section,
              "JDBC / bare time, parallelism=4",
              Bench.medianMs(jdbcParallel) / x,
              "x",
              "the driver's default: its requests overlap, the bare loop's do not");
        }
      }
    }
  }

  /** The 1 M read alone, for a heap-capped JVM: its rows, time and peak heap. */
  static void heap(Bench b) throws Exception {
    Bench.Cut cut = SIZES.get(SIZES.size() - 1);
    try (Connection c = b.connect()) {
      jdbc(c, SIZES.get(0));
      Bench.resetPeakHeap();
      long t0 = System.nanoTime();
      long rows = jdbc(c, cut);
      double s = (System.nanoTime() - t0) / 1e9;
      double peak = Bench.peakHeapMiB();
      long max = Runtime.getRuntime().maxMemory() >> 20;
      b.results.goal(
          "1 bulk 1M",
          "JDBC peak heap, -Xmx" + max + "m",
          peak,
          "MiB",
          "<= " + max,
          String.format(
              Locale.ROOT,
              "%,d rows in %.1f s, parallelism=4; heap pools' peak used after a full GC",
              rows,
              s));
    }
  }

  private static long jdbc(Connection c, Bench.Cut cut) throws Exception {
    return Bench.query(c, COLUMNS + cut.where());
  }

  private static long raw(OneStreamClient client, Bench.Cut cut) throws Exception {
    long rows = 0;
    for (Map<String, String> r : cut.requests()) {
      rows += Bench.readAll(client.dataCells("GolfStream", false, Bench.Cut.filter(r)));
    }
    return rows;
  }

  private static long bare(Bench b, Bench.Cut cut) throws Exception {
    long rows = 0;
    for (Map<String, String> r : cut.requests()) {
      rows += b.bare.cells(Bench.Cut.wire(r));
    }
    return rows;
  }
}
