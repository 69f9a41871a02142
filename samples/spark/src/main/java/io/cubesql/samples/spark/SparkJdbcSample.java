package io.cubesql.samples.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.apache.spark.sql.functions.sum;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark SQL over the {@code jdbc:onestream:} driver: the GolfStream cube read with one partition
 * per base Entity, summed per Entity, and checked against one unpartitioned read, against the
 * driver's own {@code GROUP BY}, and against the requests the emulator received.
 *
 * <p>The emulator runs in this JVM (the copy inside the driver's jar, which its demo mode uses), so
 * Spark's local-mode executors, which are threads of this JVM too, reach it over loopback HTTP like
 * any server, and its request log shows what each partition sent.
 *
 * <p>Arguments: {@code [master [pageSize]]}, by default {@code local[2]} and {@code 1000}. Prints a
 * table; exits 1 when a check fails, after listing every failure.
 */
public final class SparkJdbcSample {
  private static final String DRIVER = "io.cubesql.onestream.jdbc.OneStreamDriver";
  private static final String CELLS = "Analytics/GetDataCellsFromCube";
  private static final String PAGES = "Analytics/GetDataRequest";
  private static final double RELATIVE_TOLERANCE = 1e-6;

  private final OneStreamEmulator emulator;
  private final SparkSession spark;
  private final String url;
  private final Properties props;
  private final int pageSize;
  private final List<String> failures = new ArrayList<>();

  private SparkJdbcSample(
      OneStreamEmulator emulator, SparkSession spark, String url, Properties props, int pageSize) {
    this.emulator = emulator;
    this.spark = spark;
    this.url = url;
    this.props = props;
    this.pageSize = pageSize;
  }

  public static void main(String[] args) {
    String master = args.length > 0 ? args[0] : "local[2]";
    int pageSize = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    long started = System.nanoTime();
    List<String> failures;
    try {
      failures = runAll(master, pageSize);
    } catch (Throwable t) {
      // Exit explicitly: a thread Spark or the emulator left behind must not keep the JVM up.
      System.out.println("The job FAILED with " + t);
      t.printStackTrace();
      System.exit(2);
      return;
    }
    System.out.printf(Locale.ROOT, "Job time: %.1f s%n", (System.nanoTime() - started) / 1e9);
    if (failures.isEmpty()) {
      System.out.println("All checks passed.");
      System.exit(0);
    }
    System.out.println(failures.size() + " check(s) FAILED:");
    failures.forEach(f -> System.out.println("  - " + f));
    System.exit(1);
  }

  private static List<String> runAll(String master, int pageSize) {
    try (OneStreamEmulator emulator = OneStreamEmulator.builder().pageSize(pageSize).start()) {
      URI base = URI.create(emulator.baseUrl());
      String url =
          "jdbc:onestream://" + base.getHost() + ":" + base.getPort() + "/GolfStream?ssl=false";
      // The PAT goes in the properties, never in the URL. Spark redacts the values of options
      // whose names match secret|password|token|url in its plans and logs.
      Properties props = new Properties();
      props.setProperty("driver", DRIVER);
      props.setProperty("password", emulator.issuePat("admin", Duration.ofHours(1)));

      SparkSession spark =
          SparkSession.builder()
              .master(master)
              .appName("onestream-jdbc-spark-sample")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.sql.debug.maxToStringFields", "100")
              .getOrCreate();
      try {
        SparkJdbcSample sample = new SparkJdbcSample(emulator, spark, url, props, pageSize);
        sample.run(master);
        return sample.failures;
      } finally {
        spark.stop();
      }
    }
  }

  private void run(String master) {
    System.out.println("Spark " + spark.version() + " on " + master + ", Java "
        + System.getProperty("java.version") + ", emulator page size " + pageSize);
    System.out.println("URL " + url);
    // Spark and Calcite both compile generated code with Janino (Spark 3.5 ships 3.1.9, the
    // driver's jar holds Calcite's 3.1.12, unrelocated): the first on the class path serves both.
    System.out.println("Janino from " + origin("org.codehaus.janino.ClassBodyEvaluator")
        + "; driver from " + origin(DRIVER));

    // 1. The base entities, through Spark's "query" option (Spark wraps it as a subquery).
    List<String> entities = new ArrayList<>();
    spark.read()
        .format("jdbc")
        .option("url", url)
        .option("query", "SELECT DISTINCT Name FROM dimensions.Entity WHERE IsBase = TRUE")
        .options(asMap(props))
        .load()
        .orderBy("Name")
        .collectAsList()
        .forEach(r -> entities.add(r.getString(0)));
    System.out.println("Base entities (" + entities.size() + "): " + entities);
    check(!entities.isEmpty(), "dimensions.Entity listed no base entity");

    // 2. One partition per entity. Resolving the DataFrame runs Spark's schema probe,
    //    SELECT * FROM cubes.GolfStream WHERE 1=0, which must not fetch any cell.
    String[] predicates =
        entities.stream().map(e -> "Entity = " + literal(e)).toArray(String[]::new);
    int markProbe = logSize();
    Dataset<Row> cells = spark.read().jdbc(url, "cubes.GolfStream", predicates, props);
    var probeLog = since(markProbe);
    System.out.println("Schema probe of cubes.GolfStream sent " + byRoute(probeLog));
    check(requests(probeLog, CELLS) == 0,
        "the schema probe sent " + requests(probeLog, CELLS) + " GetDataCellsFromCube request(s)");
    check(cells.rdd().getNumPartitions() == entities.size(),
        "the partitioned read has " + cells.rdd().getNumPartitions() + " partitions, expected "
            + entities.size());

    Dataset<Row> perPartitionQuery =
        cells
            .select(spark_partition_id().as("partition"), col("Entity"), col("CellValue"))
            .groupBy("partition", "Entity")
            .agg(count(lit(1)).as("cells"), sum("CellValue").as("total"))
            .orderBy("partition", "Entity");
    for (String line : perPartitionQuery.queryExecution().executedPlan().toString().split("\n")) {
      if (line.contains("Scan JDBCRelation")) {
        System.out.println("Spark's scan:" + line.replaceFirst("^[\\s+:\\-*]*", " "));
      }
    }
    int mark = logSize();
    List<Row> perPartition = perPartitionQuery.collectAsList();
    var partitionedLog = since(mark);

    // Rows and sums per partition; partition i must hold only entity i (predicate i).
    Map<Integer, Long> rowsByPartition = new TreeMap<>();
    Map<Integer, Double> sumByPartition = new TreeMap<>();
    for (Row r : perPartition) {
      int p = r.getInt(0);
      String entity = r.getString(1);
      check(p >= 0 && p < entities.size() && entities.get(p).equals(entity),
          "partition " + p + " returned rows of Entity '" + entity + "'");
      rowsByPartition.merge(p, r.getLong(2), Long::sum);
      sumByPartition.merge(p, r.getDouble(3), Double::sum);
    }

    // The cells requests of the partitioned read: one per partition, restricted to its entity.
    Map<String, Integer> cellRequestsByEntity = new HashMap<>();
    for (RequestLogEntry e : partitionedLog) {
      check(e.status() == 200, e.route() + " answered " + e.status());
      if (!CELLS.equalsIgnoreCase(e.route())) {
        continue;
      }
      var filter = e.body().path("DataCellsFilter");
      String entityFilter = filter.path("EntityFilter").asText(null);
      String matched =
          entities.stream().filter(x -> ("[" + x + "]").equals(entityFilter)).findFirst().orElse(null);
      check(matched != null, "a GetDataCellsFromCube request had DataCellsFilter " + filter);
      if (matched != null) {
        cellRequestsByEntity.merge(matched, 1, Integer::sum);
      }
    }
    for (String entity : entities) {
      int n = cellRequestsByEntity.getOrDefault(entity, 0);
      check(n == 1, "Entity '" + entity + "' caused " + n + " GetDataCellsFromCube requests");
    }

    // Further pages: the log has the RequestId of each page request but not the answer that
    // named it, so pages are grouped by RequestId and their counts compared, as a multiset, with
    // what each partition's row count needs (ceil(rows / pageSize) - 1 after the first page).
    Map<String, Integer> pagesByRequestId = new TreeMap<>();
    partitionedLog.stream()
        .filter(e -> PAGES.equalsIgnoreCase(e.route()))
        .forEach(e -> pagesByRequestId.merge(e.body().path("RequestId").asText(""), 1, Integer::sum));
    List<Integer> pagesSeen = new ArrayList<>(pagesByRequestId.values());
    List<Integer> pagesExpected = new ArrayList<>();
    for (int p = 0; p < entities.size(); p++) {
      int extra = extraPages(rowsByPartition.getOrDefault(p, 0L));
      if (extra > 0) {
        pagesExpected.add(extra);
      }
    }
    pagesSeen.sort(null);
    pagesExpected.sort(null);
    check(pagesSeen.equals(pagesExpected),
        "page requests per RequestId " + pagesSeen + " differ from what the partitions' rows need "
            + pagesExpected);
    // What each partition's connection sends before its data (Logon, OpenApplication, ...).
    int setup =
        partitionedLog.size() - requests(partitionedLog, CELLS) - requests(partitionedLog, PAGES);

    // 3. The same cube in one unpartitioned read.
    int markWholeProbe = logSize();
    Dataset<Row> whole = spark.read().jdbc(url, "cubes.GolfStream", props);
    check(requests(since(markWholeProbe), CELLS) == 0,
        "the schema probe of the unpartitioned read sent a GetDataCellsFromCube request");
    int markWhole = logSize();
    Row wholeRow = whole.agg(count(lit(1)), sum("CellValue")).first();
    var wholeLog = since(markWhole);
    long wholeRows = wholeRow.getLong(0);
    double wholeTotal = wholeRow.getDouble(1);
    check(requests(wholeLog, CELLS) == 1,
        "the unpartitioned read sent " + requests(wholeLog, CELLS) + " GetDataCellsFromCube requests");

    // 4. The totals per entity computed by the driver (Calcite), through a "query" Spark wraps.
    Map<String, Double> driverTotals = new TreeMap<>();
    spark.read()
        .format("jdbc")
        .option("url", url)
        .option("query",
            "SELECT Entity, SUM(CellValue) AS Total FROM cubes.GolfStream GROUP BY Entity")
        .options(asMap(props))
        .load()
        .collectAsList()
        .forEach(r -> driverTotals.put(r.getString(0), r.getDouble(1)));

    // 5. A DataFrame filter: Spark pushes it into its SQL, the driver into the request's POV.
    int markFilter = logSize();
    List<Row> houston =
        spark.read()
            .jdbc(url, "cubes.GolfStream", props)
            .filter(col("Entity").equalTo("Houston")
                .and(col("Time").equalTo("2024M3"))
                .and(col("Account").equalTo("Sales")))
            .collectAsList();
    var filterLog = since(markFilter);
    String filterSent = filterLog.stream()
        .filter(e -> CELLS.equalsIgnoreCase(e.route()))
        .map(e -> e.body().path("DataCellsFilter").toString())
        .toList()
        .toString();
    check(requests(filterLog, CELLS) == 1 && filterSent.contains("\"EntityFilter\":\"[Houston]\"")
            && filterSent.contains("\"TimeFilter\":\"[2024M3]\"")
            && filterSent.contains("\"AccountFilter\":\"[Sales]\""),
        "the DataFrame filter was not pushed into one request: " + filterSent);
    check(!houston.isEmpty() && houston.stream().allMatch(
            r -> "Houston".equals(r.getAs("Entity")) && "2024M3".equals(r.getAs("Time"))),
        "the filtered read returned " + houston.size() + " rows, not all Houston 2024M3");

    // The table.
    System.out.println();
    System.out.printf(Locale.ROOT, "Partitioned read: %d partitions, one per base Entity%n",
        entities.size());
    String format = "%-9s  %-22s  %5s  %5s  %8s  %8s  %18s  %18s%n";
    System.out.printf(Locale.ROOT, format, "partition", "Entity", "cells", "pages", "requests",
        "rows", "SUM Spark", "SUM driver SQL");
    long totalRows = 0;
    double total = 0;
    int totalCellRequests = 0;
    for (int p = 0; p < entities.size(); p++) {
      String entity = entities.get(p);
      long rows = rowsByPartition.getOrDefault(p, 0L);
      double s = sumByPartition.getOrDefault(p, 0.0);
      int cr = cellRequestsByEntity.getOrDefault(entity, 0);
      Double driverTotal = driverTotals.get(entity);
      check(driverTotal != null && close(s, driverTotal),
          "Entity '" + entity + "': Spark's sum " + s + " differs from the driver's " + driverTotal);
      System.out.printf(Locale.ROOT, format, p, entity, cr, extraPages(rows),
          requestsOfPartition(cr + extraPages(rows), setup, entities.size()), rows, amount(s),
          driverTotal == null ? "-" : amount(driverTotal));
      totalRows += rows;
      total += s;
      totalCellRequests += cr;
    }
    int totalPages = pagesSeen.stream().mapToInt(Integer::intValue).sum();
    System.out.printf(Locale.ROOT, format, "all", entities.size() + " partitions",
        totalCellRequests, totalPages, partitionedLog.size(), totalRows, amount(total),
        amount(driverTotals.values().stream().mapToDouble(Double::doubleValue).sum()));
    System.out.printf(Locale.ROOT, format, "1", "unpartitioned read", requests(wholeLog, CELLS),
        requests(wholeLog, PAGES), wholeLog.size(), wholeRows, amount(wholeTotal), "");
    System.out.println();
    System.out.println("requests = cells + pages + the requests of the partition's own connection"
        + " (" + setup + " in all for " + entities.size() + " partitions)");
    System.out.println("Partitioned read, by route: " + byRoute(partitionedLog));
    System.out.println("Unpartitioned read, by route: " + byRoute(wholeLog));
    System.out.println("DataCellsFilter of the unpartitioned read: " + wholeLog.stream()
        .filter(e -> CELLS.equalsIgnoreCase(e.route()))
        .map(e -> e.body().path("DataCellsFilter").toString())
        .toList());
    System.out.println("DataFrame filter Entity/Time/Account: " + houston.size() + " rows, "
        + requests(filterLog, CELLS) + " request with DataCellsFilter " + filterSent);

    check(totalRows == wholeRows,
        "the partitions read " + totalRows + " rows, the unpartitioned read " + wholeRows);
    check(close(total, wholeTotal),
        "the partitions sum to " + total + ", the unpartitioned read to " + wholeTotal);
    check(driverTotals.keySet().equals(new TreeSet<>(entities)),
        "the driver's GROUP BY Entity has entities " + driverTotals.keySet());
  }

  /** A partition's data requests and its share of the connection requests, when they divide. */
  private static String requestsOfPartition(int data, int setup, int partitions) {
    return setup % partitions == 0 ? String.valueOf(data + setup / partitions) : data + "+?";
  }

  /** Pages fetched after the first (which comes with the GetDataCellsFromCube answer). */
  private int extraPages(long rows) {
    return rows == 0 ? 0 : (int) ((rows + pageSize - 1) / pageSize) - 1;
  }

  private int logSize() {
    return emulator.requestLog().entries().size();
  }

  private List<RequestLogEntry> since(int mark) {
    List<RequestLogEntry> all = emulator.requestLog().entries();
    return all.subList(Math.min(mark, all.size()), all.size());
  }

  private static int requests(List<RequestLogEntry> entries, String route) {
    return (int) entries.stream().filter(e -> route.equalsIgnoreCase(e.route())).count();
  }

  private static Map<String, Integer> byRoute(List<RequestLogEntry> entries) {
    Map<String, Integer> out = new TreeMap<>();
    entries.forEach(e -> out.merge(String.valueOf(e.route()), 1, Integer::sum));
    return out;
  }

  /** The jar a class is loaded from, as this thread's context class loader sees it. */
  private static String origin(String className) {
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      var source = Class.forName(className, false, loader).getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        return "(unknown)";
      }
      String path = source.getLocation().getPath();
      return path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
    } catch (ClassNotFoundException e) {
      return "(not found)";
    }
  }

  private void check(boolean ok, String failure) {
    if (!ok) {
      failures.add(failure);
    }
  }

  private static boolean close(double a, double b) {
    return Math.abs(a - b)
        <= RELATIVE_TOLERANCE * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  private static String amount(double v) {
    return String.format(Locale.ROOT, "%,.2f", v);
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static Map<String, String> asMap(Properties p) {
    Map<String, String> out = new HashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }
}
