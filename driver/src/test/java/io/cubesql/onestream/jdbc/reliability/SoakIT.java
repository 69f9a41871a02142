package io.cubesql.onestream.jdbc.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The concurrency soak (issue 8): {@value #THREADS} threads each run a mix of queries through the
 * packaged shaded driver, first borrowing from a HikariCP pool of {@value #POOL_SIZE} connections
 * (so that they contend for them), then all sharing one {@code Connection}, each with statements of
 * its own. The emulator runs in a JVM of its own, so that this JVM's heap holds the driver and
 * little else, and injects faults into a few percent of the API calls: 429 and 503 with {@code
 * Retry-After}, connection resets, SessionInfo expiry and latency, all of which the driver recovers
 * from for reads. HikariCP is loaded beside the driver, in the class loader that holds the jar, as
 * a BI tool or an application server has them.
 *
 * <p>Every result is compared with a reference read once before any fault, as a multiset of rows: a
 * wrong or short result fails the soak. A fault that still surfaces (retries used up, a session
 * expired on each of a call's three sends) must be an SQLException of a state the README documents
 * for it ({@link #ALLOWED_STATES}). At each tenth of a phase the threads stop together: no
 * connection is out of the pool, every HTTP connection of the driver is idle (a response body left
 * open keeps its connection busy), and the heap is measured after full garbage collections. After a
 * phase closes its pool or connection: no thread of a connection or of the pool is left, the
 * JVM-wide threads are the driver's few shared daemons, OkHttp finds no leaked response body (its
 * warning goes to java.util.logging, captured with the TRACE log and scanned, as is everything the
 * driver logs or prints, for the PAT), and once the driver's idle HTTP connections are evicted the
 * emulator has none open. The heap of the last third of the samples must not exceed the first
 * third's by more than {@value #HEAP_GROWTH_BOUND_MIB} MiB.
 *
 * <p>Size: {@value #THREADS} threads × {@code onestream.soak.queriesPerThread} queries per phase,
 * 60 in {@code mvn verify}, 500 with {@code -Psoak}. The figures are printed and written to {@code
 * target/reliability/soak.md}.
 */
class SoakIT {
  private static final int THREADS = 16;
  private static final int POOL_SIZE = 4;
  private static final int QUERIES_PER_THREAD =
      Integer.getInteger("onestream.soak.queriesPerThread", 60);
  private static final int SAMPLES = 10;

  /**
   * How long the threads wait for each other at a pause: far longer than a tenth of a phase takes,
   * so that only a hung query reaches it.
   */
  private static final int PAUSE_WAIT_MINUTES = 5;

  private static final int QUERY_TIMEOUT_S = 60;
  private static final int PAGE_SIZE = 40;
  private static final long HEAP_GROWTH_BOUND_MIB = 8;
  private static final String POOL_NAME = "soak";

  /**
   * OkHttp's task runner threads (connection pool clean-up; the driver makes no asynchronous calls)
   * end after a minute idle; a handful at most.
   */
  private static final int OKHTTP_RUNNERS = 4;

  /**
   * The states a fault may still surface as, with the README's reason: 429/503 after the client's
   * retries; a connection lost before any answer, after the retries; a second 401 after the one
   * resend (the SessionInfo expired again, by another thread's fault, before the resend arrived).
   */
  static final Map<String, String> ALLOWED_STATES =
      Map.of(
          "53400", "throttled after the client's retries",
          "08006", "connection lost, after the client's retries",
          "28000", "the session expired on each of a call's three sends");

  /** The faults, as the emulator's admin route takes them, with a fixed seed. */
  private static final String FAULTS =
      "{\"seed\": 8, \"rules\": ["
          + "{\"kind\": \"HTTP_429\", \"probability\": 0.01, \"retryAfterSeconds\": 1},"
          + "{\"kind\": \"HTTP_503\", \"probability\": 0.01, \"retryAfterSeconds\": 1},"
          + "{\"kind\": \"CONNECTION_RESET\", \"probability\": 0.005},"
          + "{\"kind\": \"SI_EXPIRY\", \"probability\": 0.005},"
          + "{\"kind\": \"LATENCY\", \"probability\": 0.02, \"latencyMs\": 150}]}";

  private static final String SHADED = "io.cubesql.onestream.internal.shaded.";

  @TempDir static Path dir;

  private static final List<Query> MIX = mix();

  /** The run's emulator, driver and references, and the threads before the driver loaded. */
  private static EmulatorProcess emulator;

  private static ShadedDriverHost host;
  private static final Map<Query, List<List<String>>> REFERENCES = new HashMap<>();
  private static Map<Long, ThreadInfo> threadsAtStart;

  // ------------------------------------------------------------------------------ the queries

  /** One query: its family (a row of the mix), the SQL, and the parameters of a prepared one. */
  record Query(String family, String sql, List<String> params) {
    boolean prepared() {
      return !params.isEmpty();
    }
  }

  private static final String CELLS = "SELECT Entity, Account, UD1, UD2, CellValue";

  /** The mix: every kind of read the driver does, each in a few variants. */
  static List<Query> mix() {
    List<Query> q = new ArrayList<>();
    for (String[] v :
        new String[][] {{"Houston", "2024M3"}, {"Montreal", "2024M6"}, {"Augusta", "2025M1"}}) {
      q.add(
          new Query(
              "cube view, parameters",
              "SELECT * FROM cubeviews.ActualVsBudget WHERE Entity = '"
                  + v[0]
                  + "' AND \"Time\" = '"
                  + v[1]
                  + "'",
              List.of()));
      q.add(
          new Query(
              "cube view, prepared",
              "SELECT Account, Actual, Budget, Variance FROM cubeviews.ActualVsBudget"
                  + " WHERE Entity = ? AND \"Time\" = ?",
              List.of(v[0], v[1])));
    }
    q.add(
        new Query(
            "cube view, IN (3 requests)",
            "SELECT Entity, Account, Actual, Budget FROM cubeviews.ActualVsBudget"
                + " WHERE Entity IN ('Houston', 'Augusta', 'Carlsbad') AND \"Time\" = '2024M3'",
            List.of()));
    q.add(
        new Query(
            "cube view, nested rows",
            "SELECT * FROM cubeviews.EntityAccountDetail WHERE \"Time\" = '2024Q1'",
            List.of()));
    for (String[] v : new String[][] {{"Houston", "2024M3"}, {"Carlsbad", "2024M7"}}) {
      q.add(
          new Query(
              "cells, paged",
              CELLS
                  + " FROM cubes.GolfStream WHERE Entity = '"
                  + v[0]
                  + "' AND \"Time\" = '"
                  + v[1]
                  + "' AND Scenario = 'Actual'",
              List.of()));
    }
    q.add(
        new Query(
            "cells, IN and LIKE",
            CELLS
                + " FROM cubes.GolfStream WHERE Entity IN ('Augusta', 'Carlsbad')"
                + " AND \"Time\" = '2024M2' AND Scenario = 'Budget' AND Account LIKE '%Costs'",
            List.of()));
    q.add(
        new Query(
            "cells, filter not pushed",
            "SELECT Entity, Account, UD1, CellValue FROM cubes.GolfStream"
                + " WHERE Entity = 'Montreal' AND \"Time\" = '2024M3' AND Scenario = 'Actual'"
                + " AND CellValue > 1000 AND Account NOT LIKE 'S%'",
            List.of()));
    q.add(
        new Query(
            "aggregate",
            "SELECT Entity, Account, COUNT(*) AS N, ROUND(SUM(CellValue), 4) AS Total"
                + " FROM cubes.GolfStream WHERE Entity IN ('Houston', 'Montreal')"
                + " AND \"Time\" IN ('2024M1', '2024M2', '2024M3') AND Scenario = 'Actual'"
                + " AND Account IN ('Sales', 'Rent', 'Salaries', 'Marketing')"
                + " GROUP BY Entity, Account",
            List.of()));
    q.add(
        new Query(
            "LIMIT",
            CELLS
                + " FROM cubes.GolfStream WHERE Entity = 'Carlsbad' AND \"Time\" = '2024M4'"
                + " AND Scenario = 'Forecast' LIMIT 7",
            List.of()));
    q.add(
        new Query(
            "dimension",
            "SELECT Name, Parent, Description, Depth, IsBase FROM dimensions.Entity",
            List.of()));
    for (String[] v :
        new String[][] {{"Houston", "2024M3"}, {"Augusta", "2024M5"}, {"Frankfurt", "2024M1"}}) {
      q.add(
          new Query(
              "cells, prepared",
              CELLS
                  + " FROM cubes.GolfStream WHERE Entity = ? AND \"Time\" = ?"
                  + " AND Scenario = 'Actual' AND Account IN ('Sales', 'Rent', 'Cash')",
              List.of(v[0], v[1])));
    }
    return List.copyOf(q);
  }

  // ------------------------------------------------------------------------------ the test

  @Test
  void soak() throws Exception {
    Map<String, Phase> phases = new LinkedHashMap<>();
    Scan scan = null;
    try (EmulatorProcess started = EmulatorProcess.start(dir)) {
      emulator = started;
      threadsAtStart = threads();
      scan = new Scan(new SecretScanner().add("PAT", emulator.pat));
      // java.util.logging from INFO: OkHttp's leak warning, not its task runner's every task.
      try (ShadedDriverHost opened = ShadedDriverHost.open(dir, scan, Level.INFO, hikariJar())) {
        host = opened;
        try (Connection c = connect()) {
          for (Query q : MIX) {
            REFERENCES.put(q, reference(c, q));
            assertThat(REFERENCES.get(q)).as("reference rows of " + q.sql()).isNotEmpty();
          }
        }
        Phase pool = new Phase("HikariCP pool (" + POOL_SIZE + " connections)");
        phases.put("pool", pool);
        runPool(pool);
        Phase shared = new Phase("One shared connection");
        phases.put("shared", shared);
        runShared(shared);
        scan.duringPhases = scan.leakWarnings.size();
        scan.plantedLeakSeen = plantedLeakIsFound(scan);
        host.restoreOutput();
      } finally {
        host = null;
      }
    } finally {
      emulator = null;
      if (scan != null) {
        summary(phases, scan); // the figures so far, also when a phase failed
      }
    }

    for (Phase phase : phases.values()) {
      String name = phase.title + ": ";
      assertThat(phase.tally.queries.sum())
          .as(name + "queries run")
          .isEqualTo((long) THREADS * QUERIES_PER_THREAD);
      assertThat(phase.tally.wrong.sum()).as(name + "wrong results").isZero();
      assertThat(phase.tally.shortSets.sum()).as(name + "short results").isZero();
      assertThat(phase.tally.unexpected).as(name + "errors of undocumented states").isEmpty();
      assertThat(phase.problems).as(name + "leaks and stray threads").isEmpty();
      assertThat(phase.heapGrowthMib())
          .as(name + "heap growth, last third over first third, MiB")
          .isLessThan(HEAP_GROWTH_BOUND_MIB);
    }
    assertThat(scan.plantedLeakSeen)
        .as("OkHttp's warning for a planted leak was captured")
        .isTrue();
    assertThat(scan.leakWarnings.subList(0, scan.duringPhases))
        .as("OkHttp's leaked-response warnings during the phases")
        .isEmpty();
    assertThat(scan.secrets).as("the PAT in a log or output (where, kind)").isEmpty();
  }

  /** Prints the table and writes it to {@code target/reliability/soak.md}. */
  private static void summary(Map<String, Phase> phases, Scan scan) throws IOException {
    String table = table(phases, scan);
    // Error messages are in it: the driver promises they hold no secret.
    scan.secrets.addAll(scan.scanner.scan(Map.of("the summary", table)));
    Path out = Path.of(System.getProperty("onestream.shadedJar")).resolveSibling("reliability");
    Files.createDirectories(out);
    Files.writeString(out.resolve("soak.md"), table);
    System.out.println(table);
  }

  /** A connection of the driver, with the PAT as its password. */
  private static Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("password", emulator.pat);
    return host.driver().connect(emulator.jdbcUrl(), p);
  }

  private static List<List<String>> reference(Connection c, Query q) throws SQLException {
    try (Statement st = q.prepared() ? c.prepareStatement(q.sql()) : c.createStatement()) {
      return execute(st, q, new ArrayList<>());
    }
  }

  // ------------------------------------------------------------------------------ the phases

  /** What one phase observed. */
  static final class Phase {
    final String title;
    final Tally tally = new Tally();
    final List<Double> heapMib = Collections.synchronizedList(new ArrayList<>());
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    final Map<String, String> figures = new LinkedHashMap<>();
    long millis;

    Phase(String title) {
      this.title = title;
    }

    /** The mean of the last third of the samples less the mean of the first third. */
    double heapGrowthMib() {
      List<Double> s = new ArrayList<>(heapMib.subList(1, heapMib.size()));
      int third = s.size() / 3;
      double first = s.subList(0, third).stream().mapToDouble(d -> d).average().orElse(0);
      double last =
          s.subList(s.size() - third, s.size()).stream().mapToDouble(d -> d).average().orElse(0);
      return last - first;
    }
  }

  private static void runPool(Phase phase) throws Exception {
    DataSource pool = hikari();
    HikariStats stats = new HikariStats(pool);
    Checks checks = new Checks(phase);
    run(
        phase,
        checks,
        () -> {
          if (stats.active() != 0) {
            phase.problems.add("connections out of the pool at a pause: " + stats.active());
          }
        },
        index ->
            new Worker(phase, index) {
              @Override
              void step(Query q, int left) throws SQLException {
                try (Connection c = pool.getConnection()) {
                  if (q.prepared()) {
                    // Prepared on the borrowed connection and run with two sets of values.
                    try (PreparedStatement ps = c.prepareStatement(q.sql())) {
                      check(q, ps);
                      if (left > 1) {
                        check(sibling(q), ps);
                      }
                    }
                  } else {
                    try (Statement st = c.createStatement()) {
                      check(q, st);
                    }
                  }
                }
              }
            });
    phase.figures.put(
        "HikariCP before close: active / idle / total / waiting",
        stats.active() + " / " + stats.idle() + " / " + stats.total() + " / " + stats.waiting());
    if (stats.active() != 0 || stats.waiting() != 0) {
      phase.problems.add("HikariCP still lends connections before close");
    }
    ((AutoCloseable) pool).close();
    phase.figures.put("HikariCP after close: total", String.valueOf(stats.total()));
    if (stats.total() != 0) {
      phase.problems.add("HikariCP holds " + stats.total() + " connections after close");
    }
    checks.afterClose();
  }

  private static void runShared(Phase phase) throws Exception {
    Connection shared = connect();
    Checks checks = new Checks(phase);
    run(
        phase,
        checks,
        () -> {},
        index ->
            new Worker(phase, index) {
              /** This thread's prepared statements on the shared connection, by SQL. */
              private final Map<String, PreparedStatement> prepared = new HashMap<>();

              @Override
              void step(Query q, int left) throws SQLException {
                if (q.prepared()) {
                  PreparedStatement ps = prepared.get(q.sql());
                  if (ps == null) {
                    ps = shared.prepareStatement(q.sql());
                    prepared.put(q.sql(), ps);
                  }
                  check(q, ps);
                } else {
                  try (Statement st = shared.createStatement()) {
                    check(q, st);
                  }
                }
              }

              @Override
              void done() throws SQLException {
                for (PreparedStatement ps : prepared.values()) {
                  ps.close();
                }
              }
            });
    shared.close();
    if (!shared.isClosed()) {
      phase.problems.add("the shared connection does not say it is closed");
    }
    checks.afterClose();
  }

  /** A worker's body for thread {@code index}. */
  private interface WorkerFactory {
    Worker create(int index);
  }

  /**
   * Runs {@value #THREADS} workers, each {@link #QUERIES_PER_THREAD} queries, with the faults on,
   * pausing all of them together at each tenth to check and measure; times it.
   */
  private static void run(Phase phase, Checks checks, Runnable atPause, WorkerFactory factory)
      throws Exception {
    checks.sample();
    emulator.faults(FAULTS);
    long start = System.nanoTime();
    CyclicBarrier pause =
        new CyclicBarrier(
            THREADS,
            () -> {
              atPause.run();
              checks.sample();
            });
    ExecutorService threads =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "soak-worker");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        Worker w = factory.create(i);
        futures.add(
            threads.submit(
                () -> {
                  try {
                    w.run(pause);
                  } catch (Exception | Error e) {
                    pause.reset(); // the others stop waiting for a thread that is gone
                    throw e;
                  }
                  return null;
                }));
      }
      // Every failure but another thread's broken pause says what went wrong.
      AssertionError failed = null;
      for (Future<?> f : futures) {
        try {
          f.get(30, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof BrokenBarrierException)) {
            if (failed == null) {
              failed = new AssertionError(phase.title + ": a worker failed", e.getCause());
            } else {
              failed.addSuppressed(e.getCause());
            }
          }
        }
      }
      if (failed != null) {
        throw failed;
      }
    } finally {
      threads.shutdownNow();
      assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    phase.millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    emulator.clearFaults();
    assertThat(phase.heapMib).hasSize(SAMPLES + 1);
  }

  /** One thread's run: its queries, picked by a seeded random, each checked. */
  abstract static class Worker {
    private final Phase phase;
    private final Random random;

    /** The queries the current step ran. */
    private int executed;

    Worker(Phase phase, int index) {
      this.phase = phase;
      this.random = new Random(1000L + index);
    }

    /** Runs {@code q} (a prepared one, and another of its values while {@code left} > 1). */
    abstract void step(Query q, int left) throws SQLException;

    void done() throws SQLException {}

    final void run(CyclicBarrier pause) throws Exception {
      int done = 0;
      int nextPause = 1;
      while (done < QUERIES_PER_THREAD) {
        Query q = MIX.get(random.nextInt(MIX.size()));
        executed = 0;
        try {
          step(q, nextPause(nextPause) - done);
        } catch (SQLException e) {
          // Borrowing, preparing or closing failed: one more query, and it failed.
          phase.tally.error(q, e, List.of(), REFERENCES.get(q));
          executed++;
        } catch (RuntimeException e) {
          phase.tally.threw(q, e);
          executed++;
        }
        done += executed;
        while (nextPause <= SAMPLES && done >= nextPause(nextPause)) {
          try {
            pause.await(PAUSE_WAIT_MINUTES, TimeUnit.MINUTES);
          } catch (TimeoutException e) {
            throw new AssertionError(
                "The threads did not all reach a pause in "
                    + PAUSE_WAIT_MINUTES
                    + " minutes; where they are:\n"
                    + stacks(),
                e);
          }
          nextPause++;
        }
      }
      done();
    }

    /** The stacks of the workers and of the driver's threads, for a run that hangs. */
    private static String stacks() {
      StringBuilder b = new StringBuilder();
      Thread.getAllStackTraces()
          .forEach(
              (t, stack) -> {
                if (t.getName().startsWith("soak-worker") || t.getName().startsWith("onestream")) {
                  b.append(t.getName()).append(' ').append(t.getState()).append('\n');
                  for (StackTraceElement e : stack) {
                    b.append("    at ").append(e).append('\n');
                  }
                }
              });
      return b.toString();
    }

    private static int nextPause(int k) {
      return QUERIES_PER_THREAD * k / SAMPLES;
    }

    /** The query of the same SQL with other values, for a second run of a prepared statement. */
    final Query sibling(Query q) {
      List<Query> same = MIX.stream().filter(o -> o.sql().equals(q.sql()) && o != q).toList();
      return same.get(random.nextInt(same.size()));
    }

    /** Runs {@code q} on {@code st} and tallies the outcome against its reference. */
    final void check(Query q, Statement st) {
      executed++;
      List<List<String>> rows = new ArrayList<>();
      try {
        execute(st, q, rows);
        phase.tally.result(q, rows, REFERENCES.get(q));
      } catch (SQLException e) {
        phase.tally.error(q, e, rows, REFERENCES.get(q));
      } catch (RuntimeException e) {
        phase.tally.threw(q, e);
      }
    }
  }

  /**
   * Runs {@code q} on {@code st} (a {@code PreparedStatement} of its SQL when {@code q} has
   * parameters) and reads its rows into {@code rows}, which keeps those read before an exception.
   */
  private static List<List<String>> execute(Statement st, Query q, List<List<String>> rows)
      throws SQLException {
    st.setQueryTimeout(QUERY_TIMEOUT_S);
    if (st instanceof PreparedStatement ps) {
      for (int i = 0; i < q.params().size(); i++) {
        ps.setString(i + 1, q.params().get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        return Rows.readAll(rs, rows);
      }
    }
    try (ResultSet rs = st.executeQuery(q.sql())) {
      return Rows.readAll(rs, rows);
    }
  }

  /** The outcomes of one phase's queries. Thread-safe. */
  static final class Tally {
    final LongAdder queries = new LongAdder();
    final LongAdder wrong = new LongAdder();
    final LongAdder shortSets = new LongAdder();
    final Map<String, LongAdder> states = new ConcurrentHashMap<>();
    final Map<String, LongAdder> families = new ConcurrentHashMap<>();
    final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

    /** The first few messages of the documented states, to read in the table. */
    final List<String> examples = Collections.synchronizedList(new ArrayList<>());

    void result(Query q, List<List<String>> rows, List<List<String>> reference) {
      count(q);
      Rows.Diff diff = Rows.diff(rows, reference);
      if (!diff.extra().isEmpty()) {
        wrong.increment();
        note(q, diff.extra().size() + " rows the reference does not have");
      } else if (!diff.missing().isEmpty()) {
        shortSets.increment();
        note(q, diff.missing().size() + " reference rows missing, no exception");
      }
    }

    void error(Query q, SQLException e, List<List<String>> rows, List<List<String>> reference) {
      count(q);
      String state = String.valueOf(e.getSQLState());
      states.computeIfAbsent(state, s -> new LongAdder()).increment();
      if (!Rows.diff(rows, reference).extra().isEmpty()) {
        wrong.increment();
        note(q, "rows before `" + state + "` that the reference does not have");
      }
      String text = "`" + state + "` " + e.getMessage();
      if (!ALLOWED_STATES.containsKey(state)) {
        note(q, text);
      } else if (examples.size() < 5) {
        examples.add(clip(q.family() + ": " + text));
      }
    }

    /** A JDBC call threw something else than an SQLException: a driver bug, noted with where. */
    void threw(Query q, RuntimeException e) {
      count(q);
      states.computeIfAbsent("not an SQLException", s -> new LongAdder()).increment();
      StringBuilder where = new StringBuilder(e.toString());
      StackTraceElement[] stack = e.getStackTrace();
      for (int i = 0; i < Math.min(stack.length, 12); i++) {
        where.append(" < ").append(stack[i]);
      }
      if (unexpected.size() < 20) {
        unexpected.add(q.family() + ": threw " + where);
      }
    }

    private void count(Query q) {
      queries.increment();
      families.computeIfAbsent(q.family(), f -> new LongAdder()).increment();
    }

    private void note(Query q, String what) {
      if (unexpected.size() < 20) {
        unexpected.add(clip(q.family() + ": " + what));
      }
    }

    private static String clip(String text) {
      return text.length() > 300 ? text.substring(0, 299) + "…" : text;
    }
  }

  // ------------------------------------------------------------------------------ the checks

  /** Checks and measures at each pause, and after a phase closes its connections. */
  static final class Checks {
    private final Phase phase;
    private final Object okHttpPool;
    private final JsonNode statsBefore;

    Checks(Phase phase) throws Exception {
      this.phase = phase;
      // The JVM's one OkHttp connection pool, which every connection of the driver shares.
      Field http =
          host.type("io.cubesql.onestream.client.internal.HttpClients")
              .getDeclaredField("CLEARTEXT");
      http.setAccessible(true);
      Object client = http.get(null);
      this.okHttpPool = client.getClass().getMethod("connectionPool").invoke(client);
      this.statsBefore = emulator.stats();
    }

    /** Quiet now: the driver's HTTP connections are all idle, and the heap after full GCs. */
    void sample() {
      try {
        if (!await(() -> inUse() == 0, 10)) {
          phase.problems.add(
              "HTTP connections in use at a pause (a response body not closed): " + inUse());
        }
        phase.heapMib.add(usedHeapMib());
      } catch (Exception e) {
        phase.problems.add("a pause failed: " + e);
      }
    }

    int inUse() {
      return poolCount("connectionCount") - poolCount("idleConnectionCount");
    }

    private int poolCount(String method) {
      try {
        return (int) okHttpPool.getClass().getMethod(method).invoke(okHttpPool);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    void afterClose() throws Exception {
      // The threads of a connection end when it closes; its pool's threads when the pool does.
      boolean ended =
          await(
              () ->
                  newThreads(threadsAtStart).stream()
                      .noneMatch(
                          t -> t.kind() == ThreadKind.CONNECTION || t.kind() == ThreadKind.POOL),
              10);
      List<ThreadInfo> left = newThreads(threadsAtStart);
      Map<ThreadKind, List<ThreadInfo>> byKind = new TreeMap<>();
      for (ThreadInfo t : left) {
        byKind.computeIfAbsent(t.kind(), k -> new ArrayList<>()).add(t);
      }
      if (!ended) {
        phase.problems.add("threads of a closed connection or pool left: " + left);
      }
      for (ThreadInfo t : left) {
        if (t.kind() == ThreadKind.OTHER) {
          phase.problems.add("a thread no one accounts for: " + t);
        } else if (!t.daemon()) {
          phase.problems.add("a non-daemon thread left: " + t);
        }
      }
      long timers =
          left.stream().filter(t -> t.name().equals("onestream-jdbc-query-timeout")).count();
      if (timers > 1) {
        phase.problems.add(timers + " query time-out threads; the driver has one per JVM");
      }
      long pings = left.stream().filter(t -> t.name().equals("onestream-jdbc-is-valid")).count();
      if (pings > THREADS) {
        phase.problems.add(pings + " isValid threads for " + THREADS + " borrowers");
      }
      long watchdogs = left.stream().filter(t -> t.name().equals("Okio Watchdog")).count();
      long runners = left.stream().filter(t -> t.name().startsWith("OkHttp ")).count();
      if (watchdogs > 1 || runners > OKHTTP_RUNNERS) {
        phase.problems.add(
            runners
                + " OkHttp task runners (at most "
                + OKHTTP_RUNNERS
                + ") and "
                + watchdogs
                + " Okio watchdogs (one per JVM)");
      }
      long commonPool =
          left.stream().filter(t -> t.name().startsWith("ForkJoinPool.commonPool-worker-")).count();
      if (commonPool > ForkJoinPool.getCommonPoolParallelism()) {
        phase.problems.add(commonPool + " threads in the common fork-join pool");
      }
      phase.figures.put(
          "Threads new since start, after close",
          left.isEmpty()
              ? "none"
              : byKind.entrySet().stream()
                  .map(e -> e.getKey().title + ": " + names(e.getValue()))
                  .collect(Collectors.joining("; ")));

      // No response body left open: every HTTP connection idle, and, after a full GC, OkHttp's own
      // leak detector (which logs to java.util.logging) has nothing to report.
      boolean idle = await(() -> inUse() == 0, 10);
      System.gc();
      System.gc();
      cleanUpOkHttpPool(okHttpPool);
      phase.figures.put(
          "Driver HTTP connections after close: open / in use",
          poolCount("connectionCount") + " / " + inUse());
      if (!idle) {
        phase.problems.add("HTTP connections in use after close: " + inUse());
      }
      // The server side: once the idle ones are evicted, the emulator has no connection open.
      okHttpPool.getClass().getMethod("evictAll").invoke(okHttpPool);
      // The last answer, not a new call: an earlier admin call's connection may still be closing.
      JsonNode[] last = new JsonNode[1];
      boolean closed =
          await(
              () -> {
                last[0] = emulator.stats();
                return last[0].get("openConnections").asInt() == 0;
              },
              10);
      JsonNode stats = last[0];
      phase.figures.put(
          "Emulator connections open after the driver's idle ones are evicted",
          stats.get("openConnections").asText());
      if (!closed) {
        phase.problems.add(
            "the emulator still has " + stats.get("openConnections") + " connections open");
      }
      long requests = stats.get("apiRequests").asLong() - statsBefore.get("apiRequests").asLong();
      List<String> fired = new ArrayList<>();
      long faults = 0;
      for (var it = stats.get("faultsFired").fields(); it.hasNext(); ) {
        var e = it.next();
        JsonNode was = statsBefore.get("faultsFired").get(e.getKey());
        long n = e.getValue().asLong() - (was == null ? 0 : was.asLong());
        if (n > 0) {
          fired.add(e.getKey() + " " + n);
          faults += n;
        }
      }
      phase.figures.put(
          "API requests / faults injected",
          requests
              + " / "
              + faults
              + String.format(Locale.ROOT, " (%.1f %%: ", 100.0 * faults / Math.max(1, requests))
              + String.join(", ", fired)
              + ")");
      // No client logs off: a session is either in use or waits for its idle expiry.
      JsonNode expiries = stats.get("faultsFired").get("SI_EXPIRY");
      long expired =
          (expiries == null ? 0 : expiries.asLong())
              - statsBefore.get("faultsFired").path("SI_EXPIRY").asLong();
      phase.figures.put(
          "Emulator: new SessionInfos (a logon makes two) / SessionInfo expiries injected",
          (stats.get("sessions").asLong() - statsBefore.get("sessions").asLong())
              + " / "
              + expired);
    }

    private static String names(List<ThreadInfo> threads) {
      Map<String, Long> n = new TreeMap<>();
      for (ThreadInfo t : threads) {
        n.merge(
            t.name().replaceAll("-\\d+$", "-N") + (t.daemon() ? "" : " (not daemon)"),
            1L,
            Long::sum);
      }
      return n.entrySet().stream()
          .map(e -> e.getKey() + (e.getValue() > 1 ? " ×" + e.getValue() : ""))
          .collect(Collectors.joining(", "));
    }
  }

  /**
   * Runs OkHttp's pool clean-up now, which finds the calls whose response was never closed (once
   * the garbage collector has taken them) and logs "A connection to … was leaked". Internal API:
   * {@code ConnectionPool.delegate.cleanup(now)}.
   */
  private static void cleanUpOkHttpPool(Object pool) throws ReflectiveOperationException {
    Field delegate = pool.getClass().getDeclaredField("delegate");
    delegate.setAccessible(true);
    Object real = delegate.get(pool);
    real.getClass().getMethod("cleanup", long.class).invoke(real, System.nanoTime());
  }

  /**
   * The leak checks themselves, checked through the same capture: a response of the shaded OkHttp
   * left open shows as a connection in use and, once collected, as OkHttp's warning in the captured
   * java.util.logging. Whether the warning came.
   */
  private static boolean plantedLeakIsFound(Scan scan) throws Exception {
    int before = scan.leakWarnings.size();
    Object pool = leakOneResponse();
    return await(
        () -> {
          System.gc();
          try {
            cleanUpOkHttpPool(pool);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
          return scan.leakWarnings.size() > before;
        },
        10);
  }

  /**
   * Calls the emulator with a client of its own and drops the response unclosed; returns the
   * client's connection pool.
   */
  private static Object leakOneResponse() throws Exception {
    Class<?> clientType = host.type(SHADED + "okhttp3.OkHttpClient");
    Object client = clientType.getConstructor().newInstance();
    Class<?> builderType = host.type(SHADED + "okhttp3.Request$Builder");
    Object builder = builderType.getConstructor().newInstance();
    builderType.getMethod("url", String.class).invoke(builder, emulator.baseUrl + "/");
    Object request = builderType.getMethod("build").invoke(builder);
    Object call =
        clientType
            .getMethod("newCall", host.type(SHADED + "okhttp3.Request"))
            .invoke(client, request);
    Object response = host.type(SHADED + "okhttp3.Call").getMethod("execute").invoke(call);
    assertThat(response).isNotNull();
    Object pool = clientType.getMethod("connectionPool").invoke(client);
    int connections = (int) pool.getClass().getMethod("connectionCount").invoke(pool);
    int idle = (int) pool.getClass().getMethod("idleConnectionCount").invoke(pool);
    assertThat(connections - idle).as("a connection whose response is open is in use").isOne();
    return pool;
  }

  // ------------------------------------------------------------------------------ capture

  /**
   * Scans what the driver logs and prints as it comes, keeping nothing but findings: OkHttp's
   * leaked-response warning, and the PAT in any form.
   */
  static final class Scan implements ShadedDriverHost.Sink {
    static final String LEAK = "was leaked. Did you forget to close a response body?";

    final SecretScanner scanner;
    final Map<ShadedDriverHost.Source, LongAdder> events = new ConcurrentHashMap<>();
    final List<String> leakWarnings = Collections.synchronizedList(new ArrayList<>());
    final Set<SecretScanner.Finding> secrets = ConcurrentHashMap.newKeySet();

    /** How many leak warnings came before the planted leak. */
    volatile int duringPhases;

    volatile boolean plantedLeakSeen;

    Scan(SecretScanner scanner) {
      this.scanner = scanner;
    }

    @Override
    public void accept(ShadedDriverHost.Source source, String text) {
      events.computeIfAbsent(source, s -> new LongAdder()).increment();
      if (text.contains(LEAK) && leakWarnings.size() < 5) {
        leakWarnings.add(text.lines().findFirst().orElse(""));
      }
      secrets.addAll(scanner.scan(Map.of(source.title, text)));
    }

    long events(ShadedDriverHost.Source source) {
      LongAdder n = events.get(source);
      return n == null ? 0 : n.sum();
    }
  }

  // ------------------------------------------------------------------------------ threads

  /** What a thread is, as far as the soak is concerned. */
  enum ThreadKind {
    CONNECTION("of a connection (request senders, watcher)"),
    POOL("of the HikariCP pool"),
    DRIVER_SHARED("the driver's JVM-wide daemons"),
    OKHTTP("OkHttp's task runner and Okio's time-out watchdog, JVM-wide"),
    JDK("the JDK's"),
    OTHER("unaccounted for");

    final String title;

    ThreadKind(String title) {
      this.title = title;
    }

    static ThreadKind of(String name) {
      if (name.startsWith("onestream-request-") || name.startsWith("onestream-watcher-")) {
        return CONNECTION;
      }
      if (name.startsWith(POOL_NAME + ":")) {
        return POOL;
      }
      if (name.equals("onestream-jdbc-query-timeout") || name.equals("onestream-jdbc-is-valid")) {
        return DRIVER_SHARED;
      }
      if (name.startsWith("OkHttp ") || name.equals("Okio Watchdog")) {
        return OKHTTP;
      }
      if (name.startsWith("ForkJoinPool.commonPool-worker-")
          || name.equals("process reaper")
          || name.equals("Keep-Alive-Timer")) {
        return JDK;
      }
      return OTHER;
    }
  }

  record ThreadInfo(long id, String name, boolean daemon) {
    ThreadKind kind() {
      return ThreadKind.of(name);
    }
  }

  static Map<Long, ThreadInfo> threads() {
    Map<Long, ThreadInfo> out = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive()) {
        out.put(t.getId(), new ThreadInfo(t.getId(), t.getName(), t.isDaemon()));
      }
    }
    return out;
  }

  static List<ThreadInfo> newThreads(Map<Long, ThreadInfo> before) {
    return threads().values().stream().filter(t -> !before.containsKey(t.id())).toList();
  }

  // ------------------------------------------------------------------------------ HikariCP

  /** The HikariCP jar of the test class path, to load beside the driver's. */
  private static Path hikariJar() throws Exception {
    return Path.of(HikariConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /**
   * A HikariCP pool, made in the host's class loader as an application does: HikariCP finds the
   * driver class by name through the thread's context class loader.
   */
  private static DataSource hikari() throws Exception {
    Properties p = new Properties();
    p.setProperty("jdbcUrl", emulator.jdbcUrl());
    p.setProperty("driverClassName", ShadedDriverHost.DRIVER_CLASS);
    p.setProperty("password", emulator.pat);
    p.setProperty("poolName", POOL_NAME);
    p.setProperty("maximumPoolSize", String.valueOf(POOL_SIZE));
    p.setProperty("connectionTimeout", "120000");
    Class<?> configType = host.type("com.zaxxer.hikari.HikariConfig");
    Object config = configType.getConstructor(Properties.class).newInstance(p);
    Thread current = Thread.currentThread();
    ClassLoader context = current.getContextClassLoader();
    current.setContextClassLoader(host.loader());
    try {
      DataSource ds =
          (DataSource)
              host.type("com.zaxxer.hikari.HikariDataSource")
                  .getConstructor(configType)
                  .newInstance(config);
      try (Connection c = ds.getConnection()) {
        Class<?> ours = host.type("io.cubesql.onestream.jdbc.OneStreamConnection");
        assertThat(c.isWrapperFor(ours)).as("the pool lends the isolated driver's").isTrue();
      }
      return ds;
    } finally {
      current.setContextClassLoader(context);
    }
  }

  /** HikariCP's pool figures, through its MXBean interface. */
  static final class HikariStats {
    private final Object bean;
    private final Class<?> type;

    HikariStats(DataSource ds) throws Exception {
      this.type = host.type("com.zaxxer.hikari.HikariPoolMXBean");
      this.bean = ds.getClass().getMethod("getHikariPoolMXBean").invoke(ds);
    }

    int active() {
      return get("getActiveConnections");
    }

    int idle() {
      return get("getIdleConnections");
    }

    int total() {
      return get("getTotalConnections");
    }

    int waiting() {
      return get("getThreadsAwaitingConnection");
    }

    private int get(String method) {
      try {
        return (int) type.getMethod(method).invoke(bean);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  // ------------------------------------------------------------------------------ the emulator

  /**
   * The emulator in a JVM of its own (the shaded jar holds it, for demo mode), so that the heap
   * measured here is the driver's: started on a free port, its PAT read from what it prints, and
   * driven through its admin routes.
   */
  static final class EmulatorProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Process process;
    final String baseUrl;
    final String pat;

    private EmulatorProcess(Process process, String baseUrl, String pat) {
      this.process = process;
      this.baseUrl = baseUrl;
      this.pat = pat;
    }

    static EmulatorProcess start(Path dir) throws Exception {
      // What it prints holds the PAT: a temporary file, never shown as it is.
      Path log = dir.resolve("emulator.log");
      Process process =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx1g",
                  "-cp",
                  System.getProperty("onestream.shadedJar"),
                  "io.cubesql.onestream.emulator.EmulatorMain",
                  "--port",
                  "0",
                  "--page-size",
                  String.valueOf(PAGE_SIZE))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String base = null;
        String pat = null;
        while (base == null || pat == null) {
          if (!process.isAlive() || System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "The emulator did not start: "
                    + Files.readString(log).replaceAll("(?m)^.*(PAT|Bearer).*$", "<hidden>"));
          }
          Thread.sleep(50);
          for (String line : Files.readAllLines(log)) {
            String t = line.trim();
            if (t.startsWith("Base URL:")) {
              base = t.substring("Base URL:".length()).trim();
            } else if (t.startsWith("Administrator PAT:")) {
              pat = t.substring("Administrator PAT:".length()).trim();
            }
          }
        }
        return new EmulatorProcess(process, base, pat);
      } catch (Exception | Error e) {
        process.destroyForcibly();
        throw e;
      }
    }

    String jdbcUrl() {
      return "jdbc:onestream://" + baseUrl.substring("http://".length()) + "/GolfStream?ssl=false";
    }

    void faults(String json) throws IOException {
      admin("POST", "faults", json);
    }

    void clearFaults() throws IOException {
      admin("DELETE", "faults", null);
    }

    JsonNode stats() {
      try {
        return admin("GET", "stats", null);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * One admin call on a connection of its own, closed after the answer: it is not counted as
     * open, and leaves no keep-alive thread behind.
     */
    private JsonNode admin(String method, String route, String body) throws IOException {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create(baseUrl + "/emulator/admin/" + route).toURL().openConnection();
      c.setRequestMethod(method);
      c.setRequestProperty("Connection", "close");
      if (body != null) {
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
          out.write(body.getBytes(StandardCharsets.UTF_8));
        }
      }
      try (InputStream in = c.getInputStream()) {
        assertThat(c.getResponseCode()).as(method + " " + route).isEqualTo(200);
        return JSON.readTree(in);
      } finally {
        c.disconnect();
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  // ------------------------------------------------------------------------------ helpers

  private static double usedHeapMib() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024);
  }

  /** Waits up to {@code seconds} for {@code condition}; whether it came true. */
  private static boolean await(BooleanSupplier condition, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------------------ the table

  private static String table(Map<String, Phase> phases, Scan scan) {
    List<Phase> ps = new ArrayList<>(phases.values());
    StringBuilder b = new StringBuilder();
    b.append("## Concurrency soak: ")
        .append(THREADS)
        .append(" threads × ")
        .append(QUERIES_PER_THREAD)
        .append(" queries, shaded driver, faults in a few % of API calls\n\n");
    b.append("| |");
    ps.forEach(p -> b.append(' ').append(p.title).append(" |"));
    b.append("\n|---|").append("---|".repeat(ps.size())).append('\n');
    row(b, "Queries", ps, p -> String.valueOf(p.tally.queries.sum()));
    row(b, "Wrong / short results", ps, p -> p.tally.wrong.sum() + " / " + p.tally.shortSets.sum());
    row(
        b,
        "Errors by SQLState",
        ps,
        p ->
            p.tally.states.isEmpty()
                ? "none"
                : new TreeMap<>(p.tally.states)
                    .entrySet().stream()
                        .map(e -> "`" + e.getKey() + "` " + e.getValue().sum())
                        .collect(Collectors.joining(", ")));
    row(
        b,
        "Errors not documented for these faults",
        ps,
        p -> String.valueOf(p.tally.unexpected.size()));
    row(b, "Wall time", ps, p -> String.format(Locale.ROOT, "%.1f s", p.millis / 1000.0));
    Set<String> keys = new java.util.LinkedHashSet<>();
    ps.forEach(p -> keys.addAll(p.figures.keySet()));
    for (String k : keys) {
      row(b, k, ps, p -> p.figures.getOrDefault(k, "—"));
    }
    row(
        b,
        "Heap after full GC, MiB (start, then each tenth)",
        ps,
        p ->
            p.heapMib.stream()
                .map(d -> String.format(Locale.ROOT, "%.1f", d))
                .collect(Collectors.joining(", ")));
    row(
        b,
        "Heap, last third less first third",
        ps,
        p ->
            String.format(
                Locale.ROOT, "%+.1f MiB (bound %d)", p.heapGrowthMib(), HEAP_GROWTH_BOUND_MIB));
    row(
        b,
        "Leak and thread problems",
        ps,
        p -> p.problems.isEmpty() ? "none" : String.join("; ", p.problems));
    b.append('\n');
    b.append("Mix (both phases, queries by family): ");
    Map<String, Long> families = new TreeMap<>();
    for (Phase p : ps) {
      p.tally.families.forEach((f, n) -> families.merge(f, n.sum(), Long::sum));
    }
    b.append(
        families.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", ")));
    b.append(". Reference rows per query: ")
        .append(
            REFERENCES.values().stream()
                .mapToInt(List::size)
                .summaryStatistics()
                .toString()
                .replaceAll(".*\\{|\\}", ""));
    b.append(". Faults: ").append(FAULTS.replaceAll(".*\"rules\": ", "").replace("\"", ""));
    b.append(". States a fault may surface as: ");
    b.append(
        new TreeMap<>(ALLOWED_STATES)
            .entrySet().stream()
                .map(e -> "`" + e.getKey() + "` " + e.getValue())
                .collect(Collectors.joining("; ")));
    b.append(".\n\nCaptured: TRACE ")
        .append(scan.events(ShadedDriverHost.Source.TRACE))
        .append(" events, java.util.logging ")
        .append(scan.events(ShadedDriverHost.Source.JUL))
        .append(" records, output ")
        .append(scan.events(ShadedDriverHost.Source.STD))
        .append(" writes; OkHttp leak warnings ")
        .append(scan.duringPhases)
        .append(" (a planted leak ")
        .append(scan.plantedLeakSeen ? "was" : "was NOT")
        .append(" reported); the PAT found ")
        .append(scan.secrets.size())
        .append(" times.\n");
    for (Phase p : ps) {
      for (String u : p.tally.unexpected) {
        b.append("\n- ").append(p.title).append(", NOT DOCUMENTED: ").append(u);
      }
      for (String e : p.tally.examples) {
        b.append("\n- ").append(p.title).append(": ").append(e);
      }
    }
    return b.toString();
  }

  private interface Cell {
    String text(Phase p);
  }

  private static void row(StringBuilder b, String title, List<Phase> ps, Cell cell) {
    b.append("| ").append(title).append(" |");
    for (Phase p : ps) {
      b.append(' ').append(cell.text(p)).append(" |");
    }
    b.append('\n');
  }
}
