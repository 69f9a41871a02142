package io.cubesql.onestream.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The first SQL query of a fresh JVM against the running emulator, from JVM start to the last row
 * read; loads nothing but the driver before it. {@code bench/run.sh} runs it in several JVMs,
 * without and with a class-data sharing archive that an earlier run of it wrote.
 */
final class FirstQuery {
  private FirstQuery() {}

  static void run(String label) throws Exception {
    long mainStart = System.nanoTime();
    long rows;
    try (Connection c = Bench.open(Bench.required("bench.url"), Bench.required("bench.pat"));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT Account, Scenario, CellValue FROM cubes.GolfStream"
                    + " WHERE Entity = 'Houston' AND \"Time\" = '2024M3'")) {
      rows = Bench.readAll(rs);
    }
    long fromJvm = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    long fromMain = (System.nanoTime() - mainStart) / 1_000_000;
    System.out.printf(
        "first query (%s): %d rows, %d ms from JVM start, %d ms from main()%n",
        label, rows, fromJvm, fromMain);
    if (label.equals("archive")) {
      return; // the run that writes the archive is not measured
    }
    new Results(Path.of(Bench.required("bench.results")))
        .sample(
            "2 first query",
            "fresh JVM, JVM start to last row, " + label,
            fromJvm,
            "ms",
            "<= 1500");
  }
}
