package io.cubesql.onestream.bench;

import java.nio.file.Path;

/**
 * The benchmarks' entry point, one part per JVM as {@code bench/run.sh} calls them: {@code warm}
 * (bulk, per-query overhead, fan-out, pushdown, cache, in one JVM on one emulator), {@code
 * overhead} (per-query overhead alone, for a JVM with other Calcite settings), {@code fanout}
 * (alone, for another emulator), {@code heap} (the 1 M read, for a heap-capped JVM), {@code first
 * LABEL} (a fresh JVM's first query) and {@code table FILE} (prints the run's one table). Prints
 * figures; fails only when a read fails or two paths disagree on the rows.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    String part = args.length == 0 ? "" : args[0];
    switch (part) {
      case "first" -> FirstQuery.run(args[1]);
      case "table" -> Results.printTable(Path.of(args[1]));
      case "heap" -> BulkRead.heap(Bench.fromSystemProperties());
      case "overhead" -> QueryOverhead.run(Bench.fromSystemProperties());
      case "fanout" -> FanOut.run(Bench.fromSystemProperties());
      case "warm" -> {
        Bench b = Bench.fromSystemProperties();
        for (String only :
            System.getProperty("bench.parts", "bulk,overhead,fanout,pushdown,cache").split(",")) {
          System.out.println("== " + only);
          switch (only) {
            case "bulk" -> BulkRead.compare(b);
            case "overhead" -> QueryOverhead.run(b);
            case "fanout" -> FanOut.run(b);
            case "pushdown" -> Pushdown.run(b);
            case "cache" -> CacheMix.run(b);
            default -> throw new IllegalArgumentException("Unknown part: " + only);
          }
        }
      }
      default -> {
        System.err.println("Usage: BenchMain warm | overhead | heap | first LABEL | table FILE");
        System.exit(2);
      }
    }
    System.exit(0);
  }
}
