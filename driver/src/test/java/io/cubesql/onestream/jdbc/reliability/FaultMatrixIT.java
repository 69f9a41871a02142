package io.cubesql.onestream.jdbc.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.app.GolfStreamHost;
import io.cubesql.onestream.emulator.internal.dm.DataManagement;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reliability suite (issue 8): the packaged shaded driver, loaded as a BI tool loads it (a
 * class loader holding only the jar, plus an SLF4J backend keeping every event at TRACE), against
 * the emulator's injected faults and a restart of the emulator. Each fault meets each kind of query
 * where it hurts most: a cube view read of three requests (the second request), a cells read of
 * four Analytics pages (its first call, and page 2 once rows have been read), a cube view answered
 * through the call-state envelope ({@code Running}, then polled through {@code GetDataRequest}),
 * and the Data Management sequence {@code NightlyConsolidation}, polled under call state and
 * answered synchronously without. A cell's outcome is either the fault-free reference rows
 * (compared row by row) or one SQLException whose state the README's retry rules predict. A result
 * set that ends early without an exception ("short") or holds a row the reference does not
 * ("wrong") fails the suite, as does any other state, a sequence sent more often than the single
 * resend after a 401 that the README allows, or a secret found in the driver's TRACE log,
 * java.util.logging, standard output and error, exception texts, {@code getURL()}, {@code
 * toString()}, {@code getPropertyInfo} or the {@code onestream_meta} tables. Timings are never
 * asserted. The table is printed and written to {@code target/reliability/fault-matrix.md}.
 */
class FaultMatrixIT {
  private static final String APPLICATION = "GolfStream";
  private static final String CLIENT_ID = "reliability-client";
  private static final int PAGE_SIZE = 25;
  private static final int QUERY_TIMEOUT_S = 30;
  private static final int SHORT_TIMEOUT_S = 1;
  private static final long LATENCY_MS = 1_500;

  /** How long a request is held, or a sequence's step waits, while the emulator restarts. */
  private static final long IN_FLIGHT_MS = 600;

  private static final String CUBE_VIEW = "DataProvider/GetAdoDataSetForCubeViewCommand";
  private static final String DATA_CELLS = "Analytics/GetDataCellsFromCube";
  private static final String DATA_REQUEST = "Analytics/GetDataRequest";
  private static final String SEQUENCE = "DataManagement/ExecuteSequence";

  /** Distinctive secrets, so that finding one in a text is never a coincidence. */
  private static final String PAT = pat();

  private static final String CLIENT_SECRET = "RelClientSecret-" + random(24);

  private static final String CUBE_VIEW_SQL =
      "SELECT * FROM cubeviews.ActualVsBudget"
          + " WHERE Entity IN ('Houston', 'Augusta', 'Montreal') AND \"Time\" = '2024M3'";
  private static final String CELLS_SQL =
      "SELECT * FROM cubes.GolfStream"
          + " WHERE Entity = 'Houston' AND \"Time\" = '2024M3' AND Scenario = 'Actual'";
  private static final String SEQUENCE_SQL =
      "SELECT State, Message FROM TABLE(execute_sequence('NightlyConsolidation',"
          + " 'Time=[2024M3]'))";

  /**
   * The kinds of query (a column of the matrix each): the SQL, whether the emulator answers with
   * call state, and where the fault meets the query — the route, and whether once the first row is
   * read (mid-read) or as the statement runs.
   */
  enum Kind {
    CUBE_VIEW_READ(
        "Cube view, 2nd of 3 requests", CUBE_VIEW_SQL, "&parallelism=1", false, CUBE_VIEW, true),
    CELLS_FIRST("Cells, 1st call", CELLS_SQL, "", false, DATA_CELLS, false),
    CELLS_PAGE("Cells, page 2", CELLS_SQL, "", false, DATA_REQUEST, true),
    ASYNC_ENVELOPE(
        "Call-state cube view, 1st poll",
        "SELECT * FROM cubeviews.ActualVsBudget WHERE Entity = 'Houston' AND \"Time\" = '2024M3'",
        "",
        true,
        DATA_REQUEST,
        false),
    SEQUENCE_POLLED("Call-state sequence, 1st poll", SEQUENCE_SQL, "", true, DATA_REQUEST, false),
    SEQUENCE_RUN("Sequence, ExecuteSequence", SEQUENCE_SQL, "", false, SEQUENCE, false);

    final String title;
    final String sql;
    final String urlOptions;
    final boolean callState;
    final String faultRoute;
    final boolean midRead;

    Kind(
        String title,
        String sql,
        String urlOptions,
        boolean callState,
        String faultRoute,
        boolean midRead) {
      this.title = title;
      this.sql = sql;
      this.urlOptions = urlOptions;
      this.callState = callState;
      this.faultRoute = faultRoute;
      this.midRead = midRead;
    }

    boolean sequence() {
      return sql.equals(SEQUENCE_SQL);
    }
  }

  /** The faults: an emulator fault kind on the kind's route, or a restart of the emulator. */
  enum Fault {
    HTTP_429("429 Too Many Requests (Retry-After: 1)", FaultKind.HTTP_429),
    HTTP_503("503 with Retry-After: 1", FaultKind.HTTP_503),
    HTTP_500("500 execution error", FaultKind.HTTP_500),
    TOKEN_EXPIRY_PAT("401 token expiry (PAT)", FaultKind.TOKEN_EXPIRY),
    TOKEN_EXPIRY_OAUTH("401 token expiry (OAuth2)", FaultKind.TOKEN_EXPIRY),
    SI_EXPIRY("401 SessionInfo expiry", FaultKind.SI_EXPIRY),
    LATENCY("Latency 1.5 s > query time-out 1 s", FaultKind.LATENCY),
    TRUNCATED_BODY("Truncated body", FaultKind.TRUNCATED_BODY),
    MALFORMED_JSON("Malformed JSON", FaultKind.MALFORMED_JSON),
    NULL_BODY("JSON `null` body", FaultKind.NULL_BODY),
    CONNECTION_RESET("Connection reset", FaultKind.CONNECTION_RESET),
    RESTART("Emulator restart mid-query", null);

    final String title;
    final FaultKind kind;

    Fault(String title, FaultKind kind) {
      this.title = title;
      this.kind = kind;
    }
  }

  /**
   * What the README's rules predict: the reference rows (null state), or an SQLException of {@code
   * state}. {@code withoutRequest} marks the one case where the answer legitimately holds fewer
   * rows: a DataProvider answer of {@code null} is an empty result [CLIENT, onestream-api.md §4].
   */
  record Expected(String state, boolean withoutRequest, String why, String orState) {
    static Expected recovered(String why) {
      return new Expected(null, false, why, null);
    }

    static Expected error(String state, String why) {
      return new Expected(state, false, why, null);
    }

    /** Also {@code state}: when the stop may cut an answer that is still on its way. */
    Expected or(String other) {
      return new Expected(
          state,
          withoutRequest,
          why + " (or " + other + ", when the stop cuts an answer still on its way)",
          other);
    }

    boolean accepts(String actual) {
      return Objects.equals(actual, state) || (orState != null && orState.equals(actual));
    }
  }

  static Expected expected(Kind kind, Fault fault) {
    // The one call of a sequence that starts work; its polls are reads like any other.
    boolean action = kind == Kind.SEQUENCE_RUN;
    switch (fault) {
      case HTTP_429:
      case HTTP_503:
        return action
            ? Expected.error("53400", "a sequence is never retried")
            : Expected.recovered("reads are retried after Retry-After");
      case HTTP_500:
        return Expected.error("58000", "a 500 is an execution error, never retried");
      case TOKEN_EXPIRY_PAT:
        return Expected.error("28000", "a refused PAT is final");
      case TOKEN_EXPIRY_OAUTH:
        return Expected.recovered("a new token, a new session, one resend");
      case SI_EXPIRY:
        return Expected.recovered("log on again, one resend");
      case LATENCY:
        return Expected.error("HYT00", "setQueryTimeout");
      case TRUNCATED_BODY:
      case MALFORMED_JSON:
        return Expected.error("08P01", "an answer that ends early or is malformed is an error");
      case NULL_BODY:
        return kind == Kind.CUBE_VIEW_READ
            ? new Expected(null, true, "a DataProvider `null` is an empty result", null)
            : Expected.error("08P01", "an envelope, page or message cannot be `null`");
      case CONNECTION_RESET:
        return action
            ? Expected.error("08006", "a sequence is never retried")
            : Expected.recovered("a read lost before any answer is retried");
      case RESTART:
        switch (kind) {
          case CUBE_VIEW_READ:
            return Expected.recovered("the next request logs on to the new server").or("08P01");
          case CELLS_FIRST:
            return Expected.recovered("the read lost before any answer is retried");
          case CELLS_PAGE:
            return Expected.error(
                    "24000", "the new server no longer holds the request id: run it again")
                .or("08P01");
          case SEQUENCE_RUN:
            return Expected.error("08006", "the connection drops mid-sequence; never resent");
          case SEQUENCE_POLLED:
            return Expected.error(
                "24000", "the new server no longer knows the request id: the work may have ended");
          default:
            return Expected.error(
                "24000", "the new server no longer holds the request id: run it again");
        }
      default:
        throw new IllegalArgumentException(fault.name());
    }
  }

  /** One cell of the matrix, as observed. */
  static final class Cell {
    final Kind kind;
    final Fault fault;
    final Expected expected;
    String state;
    int rows;
    int wrong;
    int shortSets;
    int calls;
    int sends;
    String message;
    boolean fired = true;
    String problem;

    Cell(Kind kind, Fault fault) {
      this.kind = kind;
      this.fault = fault;
      this.expected = expected(kind, fault);
    }

    boolean asExpected() {
      return problem == null && wrong == 0 && shortSets == 0 && fired;
    }

    String text() {
      String outcome =
          state == null
              ? (expected.withoutRequest ? "no rows for that request" : "recovered")
              : "`"
                  + state
                  + "`"
                  + (rows == 0 ? "" : " after " + rows + (rows == 1 ? " row" : " rows"));
      StringBuilder b = new StringBuilder(outcome);
      b.append(", ").append(calls).append(calls == 1 ? " call" : " calls");
      b.append(", ").append(wrong + shortSets).append(" wrong/short");
      if (!asExpected()) {
        b.append(" **UNEXPECTED: ").append(problem == null ? "" : problem).append("**");
      }
      return b.toString();
    }
  }

  @TempDir static Path dir;

  /** The shaded driver, with everything it logs or prints kept. */
  private static ShadedDriverHost host;

  private static final ShadedDriverHost.Kept CAPTURED = new ShadedDriverHost.Kept();
  private static Driver driver;
  private static Server server;

  /** Every text a secret must not appear in, by where it came from. */
  private static final Map<String, String> SURFACES = new LinkedHashMap<>();

  private static String pollDelays;

  @BeforeAll
  static void load() throws Exception {
    host = ShadedDriverHost.open(dir, CAPTURED, Level.ALL);
    driver = host.driver();
    // Polls of a Running answer after 20 ms, not the Power BI connector's 5 s.
    pollDelays = System.getProperty(POLL_DELAYS);
    System.setProperty(POLL_DELAYS, "20");
  }

  private static final String POLL_DELAYS = "io.cubesql.onestream.pollDelaysMs";
  private static final String TRACE_LOG = ShadedDriverHost.Source.TRACE.title;

  @AfterAll
  static void unload() throws Exception {
    restoreOutput();
    if (server != null) {
      server.close();
    }
    if (host != null) {
      host.close();
    }
  }

  private static void restoreOutput() {
    if (host != null) {
      host.restoreOutput();
    }
    if (pollDelays == null) {
      System.clearProperty(POLL_DELAYS);
    } else {
      System.setProperty(POLL_DELAYS, pollDelays);
    }
  }

  @Test
  void faultMatrixOnTheShadedJar() throws Exception {
    long start = System.nanoTime();
    server = new Server(dir.resolve("db"));
    Map<Kind, List<List<String>>> references = new EnumMap<>(Kind.class);
    List<Cell> cells = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      server.settle(kind.callState);
      List<List<String>> reference;
      try (Connection c = connect(kind, false)) {
        reference = Rows.read(c, kind.sql, QUERY_TIMEOUT_S);
        if (kind == Kind.CUBE_VIEW_READ) {
          // withoutNulledRequest finds a request's rows by this column.
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery(kind.sql)) {
            assertThat(rs.getMetaData().getColumnLabel(1)).isEqualToIgnoringCase("Entity");
          }
        }
        surfaces("reference " + kind, c);
      }
      assertThat(reference).as("reference rows of " + kind).isNotEmpty();
      references.put(kind, reference);
      for (Fault fault : Fault.values()) {
        Cell cell = new Cell(kind, fault);
        run(cell, reference);
        cells.add(cell);
      }
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    server.close();
    server = null;

    checkOtherSurfaces();
    restoreOutput();

    // The secrets, looked for everywhere: first the checker itself, on planted secrets.
    SecretScanner scanner = scanner();
    Map<String, String> texts = texts();
    List<SecretScanner.Finding> leaks = scanner.scan(texts);
    String table = table(cells, references, seconds, scanner, texts, leaks);
    Path file = Path.of(System.getProperty("onestream.shadedJar")).resolveSibling("reliability");
    Files.createDirectories(file);
    Files.writeString(file.resolve("fault-matrix.md"), table);
    System.out.println(table);

    // Never print these texts: a failing check would show what it protects.
    String trace = texts.get(TRACE_LOG);
    assertThat(trace.contains("TRACE io.cubesql.onestream.client.http") && trace.contains("***"))
        .as("the shaded driver's TRACE output, redacted request bodies, reached the backend")
        .isTrue();
    Map<String, String> planted = new LinkedHashMap<>(texts);
    planted.put(TRACE_LOG, trace + "DEBUG x Authorization: Bearer " + PAT + "\n");
    assertThat(scanner.scan(planted))
        .as("the checker finds a PAT planted in the log")
        .contains(new SecretScanner.Finding(TRACE_LOG, "PAT"));
    planted.put(TRACE_LOG, trace + "{\"SI\":{\"XfBytes\":\"" + anIssuedSessionInfo() + "\"}}");
    assertThat(scanner.scan(planted))
        .as("the checker finds a SessionInfo planted in the log")
        .contains(new SecretScanner.Finding(TRACE_LOG, "XfBytes"));
    assertThat(leaks).as("secrets found (where, kind of secret)").isEmpty();

    assertThat(cells.stream().mapToInt(c -> c.wrong + c.shortSets).sum())
        .as("wrong or short result sets")
        .isZero();
    assertThat(cells.stream().filter(c -> !c.asExpected()).map(Cell::text).toList())
        .as("cells whose outcome the README's rules do not predict")
        .isEmpty();
  }

  // ---------------------------------------------------------------------------------- one cell

  private static void run(Cell cell, List<List<String>> reference) throws Exception {
    Kind kind = cell.kind;
    Fault fault = cell.fault;
    boolean oauth = fault == Fault.TOKEN_EXPIRY_OAUTH;
    String where = kind.name() + " x " + fault.name();
    List<List<String>> expectedRows = reference;
    Connection c = connect(kind, oauth);
    try {
      if (!kind.sequence()) {
        // Learns the table's shape, so that the fault meets the data calls, not discovery.
        compare(cell, Rows.read(c, kind.sql, QUERY_TIMEOUT_S), reference, "warm-up");
      }
      server.startCounting();
      List<List<String>> rows = new ArrayList<>();
      try (Statement st = c.createStatement()) {
        st.setQueryTimeout(fault == Fault.LATENCY ? SHORT_TIMEOUT_S : QUERY_TIMEOUT_S);
        CompletableFuture<Void> restart = null;
        if (!kind.midRead) {
          restart = inject(cell, true);
        }
        try (ResultSet rs = st.executeQuery(kind.sql)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            rows.add(Rows.row(rs, columns));
            if (kind.midRead && rows.size() == 1) {
              inject(cell, false);
            }
          }
        } finally {
          if (restart != null) {
            restart.get(60, TimeUnit.SECONDS);
          }
        }
        cell.rows = rows.size();
        if (cell.expected.withoutRequest) {
          expectedRows = withoutNulledRequest(reference);
        }
        compare(cell, rows, expectedRows, "result");
      } catch (SQLException e) {
        cell.state = e.getSQLState();
        cell.message = e.getMessage();
        cell.rows = rows.size();
        SURFACES.put("exception " + where, describe(e));
        // Rows read before the exception must still be rows of the reference.
        List<List<String>> extra = Rows.diff(rows, reference).extra();
        if (!extra.isEmpty()) {
          cell.wrong++;
          cell.problem = extra.size() + " rows before the error that the reference does not have";
        }
      }
      if (fault == Fault.LATENCY) {
        server.awaitSlowRequest(kind.faultRoute, LATENCY_MS);
      }
      server.stopCounting(cell);
      surfaces(where, c);
    } finally {
      server.clearFaults();
      if (kind.sequence()) {
        // Work whose wait failed goes on on the server: let it end before the next cell.
        server.await(() -> server.dataManagement().running().isEmpty());
      }
      try {
        c.close();
      } catch (SQLException e) {
        SURFACES.put("close " + where, describe(e));
      }
    }
    if (!cell.expected.accepts(cell.state) && cell.problem == null) {
      cell.problem =
          "expected "
              + (cell.expected.state == null ? "the reference rows" : cell.expected.state)
              + ", got "
              + (cell.state == null ? "rows" : cell.state);
    }
    if (kind.sequence()) {
      // Only a 401 on ExecuteSequence itself, which the server answers before running anything,
      // is sent once more.
      boolean resend =
          kind == Kind.SEQUENCE_RUN
              && (fault == Fault.SI_EXPIRY || fault == Fault.TOKEN_EXPIRY_OAUTH);
      int allowed = resend ? 2 : 1;
      if (cell.sends > allowed) {
        cell.problem = "the sequence was sent " + cell.sends + " times";
      }
    }
  }

  /**
   * Installs the cell's fault on its route, or restarts the emulator: at once when reading (the
   * next request meets the new server), or, before a statement, once its request is in flight.
   */
  private static CompletableFuture<Void> inject(Cell cell, boolean beforeStatement) {
    Fault fault = cell.fault;
    String route = cell.kind.faultRoute;
    if (fault != Fault.RESTART) {
      FaultRule rule = FaultRule.of(fault.kind).count(1).route(route).retryAfterSeconds(1);
      if (fault == Fault.LATENCY) {
        rule = rule.latencyMs(LATENCY_MS);
      }
      server.emulator.faults().add(rule);
      return null;
    }
    if (!beforeStatement) {
      // Between two requests: the answers read so far have left the server.
      sleep(IN_FLIGHT_MS / 3);
      server.restart();
      return null;
    }
    // Once the request is in flight, the server stops: a sequence in its first step, any other
    // request while the emulator holds it (a latency rule, used up when the request arrives).
    boolean sequence = cell.kind == Kind.SEQUENCE_RUN;
    if (sequence) {
      server.stepDelay(Duration.ofMillis(IN_FLIGHT_MS));
    } else {
      server
          .emulator
          .faults()
          .add(FaultRule.of(FaultKind.LATENCY).count(1).route(route).latencyMs(IN_FLIGHT_MS));
    }
    return CompletableFuture.runAsync(
        () -> {
          server.await(
              () ->
                  sequence
                      ? !server.dataManagement().running().isEmpty()
                      : server.emulator.faults().rules().get(0).count() == 0);
          sleep(IN_FLIGHT_MS / 5);
          server.restart();
        });
  }

  /**
   * The reference without the rows of the request the emulator answered with {@code null}: those
   * whose first column, the cube view's {@code Entity} parameter, names its entity.
   */
  private static List<List<String>> withoutNulledRequest(List<List<String>> reference) {
    String entity = server.nulledEntity();
    List<List<String>> out = new ArrayList<>();
    for (List<String> r : reference) {
      if (!r.get(0).equals(entity)) {
        out.add(r);
      }
    }
    return out;
  }

  private static void compare(
      Cell cell, List<List<String>> rows, List<List<String>> reference, String what) {
    Rows.Diff diff = Rows.diff(rows, reference);
    if (!diff.extra().isEmpty()) {
      cell.wrong++;
      cell.problem = what + ": " + diff.extra().size() + " rows the reference does not have";
    } else if (!diff.missing().isEmpty()) {
      cell.shortSets++;
      cell.problem = what + ": " + diff.missing().size() + " reference rows missing, no exception";
    }
  }

  // ---------------------------------------------------------------------------------- JDBC

  private static Connection connect(Kind kind, boolean oauth) throws SQLException {
    Properties p = new Properties();
    if (oauth) {
      p.setProperty("auth", "oauth2");
      p.setProperty("tokenUrl", server.emulator.baseUrl() + "/as/token.oauth2");
      p.setProperty("clientId", CLIENT_ID);
      p.setProperty("clientSecret", CLIENT_SECRET);
    } else {
      p.setProperty("password", PAT);
    }
    return driver.connect(url(kind), p);
  }

  private static String url(Kind kind) {
    return "jdbc:onestream://127.0.0.1:"
        + server.port
        + "/"
        + APPLICATION
        + "?ssl=false"
        + kind.urlOptions;
  }

  /** The connection's URL, description and system tables, for the secrets check. */
  private static void surfaces(String where, Connection c) {
    StringBuilder b = new StringBuilder();
    try {
      b.append(c).append('\n');
      b.append(c.getMetaData().getURL()).append('\n');
      b.append(c.getMetaData().getUserName()).append('\n');
      b.append(c.getClientInfo()).append('\n');
      for (String table : List.of("connection_properties", "recent_requests")) {
        try (Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT * FROM onestream_meta." + table)) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            for (int i = 1; i <= md.getColumnCount(); i++) {
              b.append(md.getColumnLabel(i)).append('=').append(rs.getObject(i)).append(' ');
            }
            b.append('\n');
          }
        }
      }
    } catch (SQLException e) {
      b.append(describe(e));
    }
    SURFACES.put("connection " + where, b.toString());
  }

  /** {@code getPropertyInfo} with every secret property set, and a refused connection's error. */
  private static void checkOtherSurfaces() throws Exception {
    Properties p = new Properties();
    p.setProperty("password", PAT);
    p.setProperty("clientSecret", CLIENT_SECRET);
    p.setProperty("clientId", CLIENT_ID);
    StringBuilder b = new StringBuilder();
    for (String url :
        List.of(
            "jdbc:onestream://127.0.0.1:1/" + APPLICATION + "?ssl=false",
            "jdbc:onestream://127.0.0.1:1/" + APPLICATION + "?ssl=false&auth=oauth2")) {
      for (DriverPropertyInfo info : driver.getPropertyInfo(url, p)) {
        b.append(info.name).append('=').append(info.value).append(' ');
        b.append(info.description).append(' ');
        if (info.choices != null) {
          b.append(String.join(",", info.choices));
        }
        b.append('\n');
      }
    }
    SURFACES.put("getPropertyInfo", b.toString());
    // A URL that holds a secret is refused, and the refusal does not repeat it.
    try {
      driver.connect(
          "jdbc:onestream://127.0.0.1:1/" + APPLICATION + "?ssl=false&password=" + PAT,
          new Properties());
    } catch (SQLException e) {
      SURFACES.put("exception password in the URL", describe(e));
    }
  }

  /** The exception, its chain (causes, suppressed, next exceptions) and every stack trace. */
  private static String describe(SQLException e) {
    StringWriter w = new StringWriter();
    PrintWriter pw = new PrintWriter(w);
    for (SQLException s = e; s != null; s = s.getNextException()) {
      pw.println(s.getSQLState() + " " + s);
      s.printStackTrace(pw);
    }
    pw.flush();
    return w.toString();
  }

  // ---------------------------------------------------------------------------------- secrets

  private static SecretScanner scanner() {
    String basic = CLIENT_ID + ":" + CLIENT_SECRET;
    SecretScanner s =
        new SecretScanner()
            .add("PAT", PAT)
            .add("client secret", CLIENT_SECRET)
            .add(
                "client secret",
                Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    ISSUED.forEach((value, kind) -> s.add(kind, value));
    return s;
  }

  /** Every secret any emulator of the run held (value to kind), gathered before it closed. */
  private static final Map<String, String> ISSUED = new LinkedHashMap<>();

  /** A SessionInfo an emulator issued, to plant for the checker's self-test. */
  private static String anIssuedSessionInfo() {
    return ISSUED.entrySet().stream()
        .filter(e -> e.getValue().equals("XfBytes"))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, String> texts() throws Exception {
    Map<String, String> texts = new LinkedHashMap<>();
    for (ShadedDriverHost.Source source : ShadedDriverHost.Source.values()) {
      texts.put(source.title, CAPTURED.text(source));
    }
    texts.putAll(SURFACES);
    return texts;
  }

  // ---------------------------------------------------------------------------------- the table

  private static String table(
      List<Cell> cells,
      Map<Kind, List<List<String>>> references,
      long seconds,
      SecretScanner scanner,
      Map<String, String> texts,
      List<SecretScanner.Finding> leaks) {
    StringBuilder b = new StringBuilder();
    b.append("## Fault matrix: the shaded driver against the emulator's faults\n\n");
    b.append("| Fault |");
    for (Kind k : Kind.values()) {
      b.append(' ').append(k.title).append(" |");
    }
    b.append("\n|---|");
    b.append("---|".repeat(Kind.values().length)).append('\n');
    for (Fault f : Fault.values()) {
      b.append("| ").append(f.title).append(" |");
      for (Kind k : Kind.values()) {
        b.append(' ').append(cell(cells, k, f).text()).append(" |");
      }
      b.append('\n');
    }
    b.append('\n');
    b.append("Each cell: the outcome (recovered: the rows equal the fault-free reference read,")
        .append(" compared row by row; or the SQLState of the SQLException); the API calls the")
        .append(" emulator received during the statement (retries, pages, polls and new logons");
    b.append(" included); and the result sets that were wrong or ended early without an")
        .append(" exception. Reference rows: ");
    List<String> refs = new ArrayList<>();
    references.forEach((k, v) -> refs.add(k.title + " " + v.size()));
    b.append(String.join(", ", refs)).append(". Cells page size ").append(PAGE_SIZE);
    b.append("; call state answers `Running` to the first poll. Run time ")
        .append(seconds)
        .append(" s.\n\n");
    long unexpected = cells.stream().filter(c -> !c.asExpected()).count();
    int bad = cells.stream().mapToInt(c -> c.wrong + c.shortSets).sum();
    b.append("**Wrong or short result sets: ")
        .append(bad)
        .append(".** Cells not as the README's")
        .append(" rules predict: ")
        .append(unexpected)
        .append(". Secrets (");
    List<String> counts = new ArrayList<>();
    scanner.counts().forEach((k, n) -> counts.add(n + " " + k));
    b.append(String.join(", ", counts)).append(") found in ").append(texts.size());
    b.append(" texts (the TRACE log: ")
        .append(lines(texts.get(TRACE_LOG)))
        .append(" lines; java.util.logging: ")
        .append(lines(texts.get(ShadedDriverHost.Source.JUL.title)))
        .append(" lines; standard output and error; exception texts; connection surfaces): ")
        .append(leaks.size())
        .append(".\n\n");
    b.append("What the README's rules predict, and why:\n\n");
    for (Fault f : Fault.values()) {
      Map<String, List<String>> byRule = new LinkedHashMap<>();
      for (Kind k : Kind.values()) {
        Expected e = expected(k, f);
        String outcome =
            e.state() == null
                ? (e.withoutRequest() ? "no rows for that request" : "recovered")
                : "`" + e.state() + "`";
        byRule.computeIfAbsent(outcome + ": " + e.why(), x -> new ArrayList<>()).add(k.title);
      }
      b.append("- ").append(f.title).append(" — ");
      List<String> parts = new ArrayList<>();
      byRule.forEach((rule, kinds) -> parts.add(columns(kinds) + rule));
      b.append(String.join("; ", parts)).append(".\n");
    }
    b.append("\nMessages of the SQLExceptions:\n\n");
    for (Cell c : cells) {
      if (c.message != null) {
        String m = c.message.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT");
        m = m.replaceAll("\\b[0-9a-f]{32}\\b", "<id>");
        b.append("- ").append(c.kind.title).append(" × ").append(c.fault.title).append(": `");
        b.append(c.state).append("` ").append(m.length() > 220 ? m.substring(0, 219) + "…" : m);
        b.append('\n');
      }
    }
    return b.toString();
  }

  /** How the legend names a group of columns: none for all, "reads" for all but ExecuteSequence. */
  private static String columns(List<String> titles) {
    if (titles.size() == Kind.values().length) {
      return "";
    }
    if (titles.size() == Kind.values().length - 1 && !titles.contains(Kind.SEQUENCE_RUN.title)) {
      return "reads: ";
    }
    return String.join(", ", titles) + ": ";
  }

  private static Cell cell(List<Cell> cells, Kind k, Fault f) {
    return cells.stream().filter(c -> c.kind == k && c.fault == f).findFirst().orElseThrow();
  }

  private static long lines(String text) {
    return text == null ? 0 : text.lines().count();
  }

  // ---------------------------------------------------------------------------------- helpers

  private static String pat() {
    // 66 letters and digits with one dash (onestream-api.md §2), unmistakably this suite's.
    String a = "RelPat" + random(26);
    String b = "RelPatSecret" + random(21);
    return a + "-" + b;
  }

  private static String random(int n) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    SecureRandom r = new SecureRandom();
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The emulator under test, restarted on the same port (with the same PAT, OAuth2 client and
   * database files) when a cell asks for it or the next kind needs other settings; counts the calls
   * of a statement across restarts.
   */
  static final class Server implements AutoCloseable {
    final Path db;
    int port;
    boolean callState;
    OneStreamEmulator emulator;
    private final List<RequestLogEntry> counted = new ArrayList<>();
    private boolean counting;

    Server(Path db) {
      this.db = db;
    }

    /** Runs an emulator with {@code callState}, restarting when the current one differs. */
    void settle(boolean callState) {
      if (emulator != null && this.callState == callState) {
        return;
      }
      this.callState = callState;
      restart();
    }

    void restart() {
      if (emulator != null) {
        ISSUED.putAll(emulator.identity().secrets());
        emulator.close();
        // After the close: a request in flight is logged when its handler ends.
        collect();
      }
      emulator =
          OneStreamEmulator.builder()
              .port(port)
              .adminPat(PAT)
              .oauthClient(CLIENT_ID, CLIENT_SECRET)
              .databaseDirectory(db)
              .pageSize(PAGE_SIZE)
              .callState(callState)
              .asyncPolls(callState ? 1 : 0)
              .start();
      port = emulator.port();
    }

    DataManagement dataManagement() {
      return ((GolfStreamHost) emulator.applicationHost()).dataManagement(APPLICATION);
    }

    void stepDelay(Duration d) {
      dataManagement().setStepDelay(d);
    }

    /** Waits (at most 30 s) until {@code condition} holds. */
    void await(BooleanSupplier condition) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("The emulator did not get there in 30 s");
        }
        sleep(5);
      }
    }

    void startCounting() {
      emulator.requestLog().clear();
      counted.clear();
      counting = true;
    }

    private void collect() {
      if (counting) {
        counted.addAll(emulator.requestLog().entries());
        emulator.requestLog().clear();
      }
    }

    /** Ends a cell's statement: its calls and sends, and whether its fault fired. */
    void stopCounting(Cell cell) {
      collect();
      counting = false;
      cell.calls =
          (int)
              counted.stream()
                  .filter(e -> e.route() != null && !e.route().startsWith("token:"))
                  .count();
      cell.sends = (int) counted.stream().filter(e -> SEQUENCE.equals(e.route())).count();
      if (cell.fault != Fault.RESTART) {
        cell.fired = emulator.faults().rules().stream().allMatch(r -> r.count() == 0);
        if (!cell.fired && cell.problem == null) {
          cell.problem = "the fault never fired";
        }
      }
    }

    /** Removes the faults and the step delay a cell set. */
    void clearFaults() {
      emulator.faults().clear();
      stepDelay(Duration.ZERO);
    }

    /** The Entity of the request the emulator answered with {@code null}. */
    String nulledEntity() {
      List<RequestLogEntry> all = new ArrayList<>(counted);
      all.addAll(emulator.requestLog().entries());
      return all.stream()
          .filter(e -> "NULL_BODY".equals(e.fault()))
          .map(Server::loggedBody)
          .map(v -> v.replaceAll(".*Entity=\\[([^\\]]*)\\].*", "$1"))
          .findFirst()
          .orElse("?");
    }

    /**
     * The logged request body as text. By reflection: on failsafe's class path the emulator's
     * classes may come from the shaded jar, where the body's Jackson type is relocated.
     */
    private static String loggedBody(RequestLogEntry e) {
      try {
        return String.valueOf(RequestLogEntry.class.getMethod("body").invoke(e));
      } catch (ReflectiveOperationException x) {
        throw new IllegalStateException(x);
      }
    }

    /** Waits until a delayed request on {@code route} has ended on the server, so none lingers. */
    void awaitSlowRequest(String route, long latencyMs) {
      await(
          () ->
              emulator.requestLog().entries().stream()
                  .anyMatch(e -> route.equals(e.route()) && e.durationMs() >= latencyMs));
    }

    @Override
    public void close() {
      if (emulator != null) {
        ISSUED.putAll(emulator.identity().secrets());
        emulator.close();
        emulator = null;
      }
    }
  }
}
