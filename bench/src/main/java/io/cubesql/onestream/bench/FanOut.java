package io.cubesql.onestream.bench;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fan-out: with {@code membersPerRequest=1}, {@code "Time" IN (K months)} is K requests; with the
 * emulator answering each call 50 ms late, the speed-up of the driver's {@code parallelism} C over
 * C = 1, and how the time grows with K. Beside it, the driver's default: one request with the K
 * months as a member list.
 */
final class FanOut {
  static final long LATENCY_MS = 50;

  /** The key of the connection with the default membersPerRequest: one member-list request. */
  private static final int LIST = 0;

  private FanOut() {}

  static void run(Bench b) throws Exception {
    int k = b.quick ? 8 : 16;
    int reps = b.quick ? 3 : 5;
    int[] concurrency = b.quick ? new int[] {1, 2, 4} : new int[] {1, 2, 4, 8};
    int[] ks = b.quick ? new int[] {1, 4, 8, 16} : new int[] {1, 4, 16, 32};
    Map<Integer, Connection> connections = new LinkedHashMap<>();
    try {
      for (int c : concurrency) {
        Connection conn = b.connect("parallelism=" + c, "membersPerRequest=1");
        connections.put(c, conn);
      }
      connections.put(LIST, b.connect());
      for (Connection conn : connections.values()) {
        for (int kk : ks) {
          Bench.query(conn, sql(kk)); // metadata and compiled plans, before the latency
        }
      }
      b.admin.latency(LATENCY_MS);
      Map<Integer, List<Long>> times = new LinkedHashMap<>();
      Map<Integer, Integer> seen = new LinkedHashMap<>();
      Map<Integer, Long> serverMs = new LinkedHashMap<>();
      int[] measured = java.util.Arrays.copyOf(concurrency, concurrency.length + 1);
      measured[concurrency.length] = LIST;
      for (int rep = 0; rep < reps; rep++) {
        for (int c : measured) {
          b.admin.clearLog();
          long t0 = System.nanoTime();
          Bench.query(connections.get(c), sql(k));
          times.computeIfAbsent(c, x -> new ArrayList<>()).add(System.nanoTime() - t0);
          Thread.sleep(50); // the last answer's log entry
          List<EmulatorAdmin.Call> calls = b.admin.dataCalls();
          seen.merge(c, EmulatorAdmin.maxConcurrent(calls), Math::max);
          serverMs.put(
              c, calls.stream().mapToLong(EmulatorAdmin.Call::durationMicros).sum() / 1_000);
        }
      }
      b.admin.clearLog();
      Bench.query(connections.get(1), sql(k));
      int calls = b.admin.dataCalls().size();
      double sequential = Bench.medianMs(times.get(1));
      String scale = "scale " + System.getProperty("bench.scale", "?");
      String section = "3 fan-out K=" + k + ", 50 ms, " + scale;
      b.results.row(
          section,
          "sequential (parallelism=1)",
          sequential,
          "ms",
          String.format(
              Locale.ROOT,
              "%d calls, %d ms of server time in all (latency included); median of %d",
              calls,
              serverMs.get(1),
              reps));
      for (int c : concurrency) {
        if (c > 1) {
          double t = Bench.medianMs(times.get(c));
          b.results.goal(
              section,
              "speed-up at parallelism=" + c,
              sequential / t,
              "x",
              String.format(Locale.ROOT, ">= %.1f", 0.7 * c),
              String.format(
                  Locale.ROOT,
                  "%.0f ms; the server saw at most %d calls at once, %d ms of server time in all"
                      + " (latency included)",
                  t,
                  seen.get(c),
                  serverMs.get(c)));
        }
      }
      double list = Bench.medianMs(times.get(LIST));
      b.results.row(
          section,
          "one member-list request (the default)",
          sequential / list,
          "x",
          String.format(
              Locale.ROOT,
              "%.0f ms, speed-up over sequential; %d ms of server time (latency included)",
              list,
              serverMs.get(LIST)));
      // Growth with K: one request per member at parallelism 4 and 1, and one member list.
      for (int kk : ks) {
        List<Long> one = new ArrayList<>();
        List<Long> four = new ArrayList<>();
        List<Long> listed = new ArrayList<>();
        for (int rep = 0; rep < reps; rep++) {
          long t0 = System.nanoTime();
          Bench.query(connections.get(1), sql(kk));
          long t1 = System.nanoTime();
          Bench.query(connections.get(4), sql(kk));
          long t2 = System.nanoTime();
          Bench.query(connections.get(LIST), sql(kk));
          one.add(t1 - t0);
          four.add(t2 - t1);
          listed.add(System.nanoTime() - t2);
        }
        b.results.row(
            "growth: fan-out, 50 ms, " + scale,
            "K=" + kk + ", parallelism=4",
            Bench.medianMs(four),
            "ms",
            String.format(
                Locale.ROOT,
                "parallelism=1: %.0f ms; one member-list request: %.0f ms",
                Bench.medianMs(one),
                Bench.medianMs(listed)));
      }
    } finally {
      b.admin.latency(0);
      for (Connection c : connections.values()) {
        c.close();
      }
    }
  }

  /** Houston's Actual cells for the first {@code k} months from 2023M1. */
  private static String sql(int k) {
    StringBuilder months = new StringBuilder();
    for (int i = 0; i < k; i++) {
      months
          .append(i == 0 ? "" : ", ")
          .append("'")
          .append(2023 + i / 12)
          .append('M')
          .append(1 + i % 12)
          .append("'");
    }
    return "SELECT \"Time\", Account, UD1, CellValue FROM cubes.GolfStream"
        + " WHERE Entity = 'Houston' AND Scenario = 'Actual' AND \"Time\" IN ("
        + months
        + ")";
  }
}
