package io.cubesql.onestream.jdbc;

import static io.cubesql.onestream.jdbc.GolfStreamEmulator.url;
import static io.cubesql.onestream.jdbc.GolfStreamEmulator.withFreshPat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.client.JobStatus;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.app.GolfStreamHost;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Data Management through the driver: the table functions and the Java API beside them, with the
 * SQLStates a scheduler sees. An emulator of its own with call state on, since sequences change
 * data.
 */
class OrchestrationTest {
  private static final String SEQUENCE = "DataManagement/ExecuteSequence";
  private static OneStreamEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = OneStreamEmulator.builder().callState(true).pageSize(1000).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(url(emulator), withFreshPat(emulator));
  }

  @Test
  void theJavaApiRunsASequenceAndASecondConcurrentRunIs55000() throws Exception {
    GolfStreamHost host = (GolfStreamHost) emulator.applicationHost();
    host.dataManagement("GolfStream").setStepDelay(Duration.ofMillis(800));
    try (Connection first = connect();
        Connection second = connect()) {
      emulator.requestLog().clear();
      CompletableFuture<JobStatus> run =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return first
                      .unwrap(OneStreamConnection.class)
                      .executeSequence("NightlyConsolidation", "Time=[2024M3]");
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      while (emulator.requestLog().entries(SEQUENCE).isEmpty()) {
        Thread.sleep(20);
      }
      SQLException refused =
          catchThrowableOfType(
              SQLException.class,
              () -> {
                try (Statement s = second.createStatement();
                    ResultSet rs =
                        s.executeQuery(
                            "SELECT * FROM TABLE(execute_sequence('NightlyConsolidation', ''))")) {
                  rs.next();
                }
              });

      assertThat(refused.getSQLState()).isEqualTo("55000");
      assertThat(refused.getMessage()).contains("already running");
      JobStatus done = run.get(60, TimeUnit.SECONDS);
      assertThat(done.completed()).isTrue();
      assertThat(done.requestId()).isNotBlank();
      assertThat(done.message())
          .isEqualTo("Data Management Sequence [NightlyConsolidation] was completed");
    } finally {
      host.dataManagement("GolfStream").setStepDelay(Duration.ZERO);
    }
  }

  @Test
  void theJavaApiRefusesUnsafeVariablesWith22023AndSendsNothing() throws Exception {
    try (Connection c = connect()) {
      emulator.requestLog().clear();
      SQLException e =
          catchThrowableOfType(
              SQLException.class,
              () ->
                  c.unwrap(OneStreamConnection.class)
                      .submitSequence("NightlyConsolidation", "Time=[2024M3],Entity=[a|!b!|]"));
      assertThat(e.getSQLState()).isEqualTo("22023");
      assertThat(emulator.requestLog().entries(SEQUENCE)).isEmpty();
    }
  }

  @Test
  void submitAndJobStatusThroughTheJavaApi() throws Exception {
    try (Connection c = connect()) {
      OneStreamConnection os = c.unwrap(OneStreamConnection.class);
      JobStatus submitted = os.submitStep("Consolidation", "Consolidate GolfStream", null);
      JobStatus status = os.jobStatus(submitted.requestId());
      for (int i = 0; i < 600 && !status.completed(); i++) {
        Thread.sleep(50);
        status = os.jobStatus(submitted.requestId());
      }
      assertThat(status.message())
          .isEqualTo("Data Management Step [Consolidate GolfStream] was completed");
    }
  }

  /** The messages of a warning chain, each checked to be a plain 01000 warning. */
  private static List<String> warnings(Statement s) throws SQLException {
    List<String> out = new ArrayList<>();
    for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
      assertThat(w.getSQLState()).isEqualTo("01000");
      out.add(w.getMessage());
    }
    return out;
  }

  @Test
  void theStatesOfALongRunAreWarningsOnItsStatement() throws Exception {
    GolfStreamHost host = (GolfStreamHost) emulator.applicationHost();
    host.dataManagement("GolfStream").setStepDelay(Duration.ofMillis(600));
    java.util.Properties props = withFreshPat(emulator);
    try (Connection c = DriverManager.getConnection(url(emulator), props);
        Statement s = c.createStatement()) {
      String id;
      try (ResultSet rs =
          s.executeQuery(
              "SELECT RequestId, State FROM TABLE(execute_sequence('NightlyConsolidation', ''))")) {
        assertThat(rs.next()).isTrue();
        id = rs.getString(1);
        assertThat(rs.getString(2)).isEqualTo("Completed");
      }
      List<String> states = warnings(s);
      assertThat(states)
          .as("the submission's state, then each poll's")
          .hasSizeGreaterThanOrEqualTo(2);
      assertThat(states.get(0))
          .startsWith("Data Management sequence NightlyConsolidation: Running after ")
          .endsWith("(request id " + id + ")");
      assertThat(states.get(states.size() - 1))
          .startsWith("Data Management sequence NightlyConsolidation: Completed after ");
      assertThat(String.join("\n", states)).doesNotContain(props.getProperty("password"));

      try (ResultSet rs = s.executeQuery("SELECT State FROM TABLE(job_status('" + id + "'))")) {
        assertThat(rs.next()).isTrue();
      }
      assertThat(warnings(s))
          .as("the next execution starts a new chain")
          .containsExactly("Data Management request " + id + ": Completed (request id " + id + ")");
      s.clearWarnings();
      assertThat((Object) s.getWarnings()).isNull();
    } finally {
      host.dataManagement("GolfStream").setStepDelay(Duration.ZERO);
    }
  }

  @Test
  void theFurtherPagesOfAReadAreWarnings() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT COUNT(*) FROM cubes.GolfStream WHERE Entity = 'Houston'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).as("more than one page of 1,000 cells").isGreaterThan(1000);
      assertThat(warnings(s))
          .first()
          .satisfies(
              w ->
                  assertThat(w)
                      .startsWith(
                          "Analytics/GetDataCellsFromCube(CubeName=GolfStream, IncludeDescriptions=false, Entity=[Houston])")
                      .endsWith(": reading page 2"));
    }
  }

  @Test
  void cancellingARunStopsTheWaitNotTheWork() throws Exception {
    GolfStreamHost host = (GolfStreamHost) emulator.applicationHost();
    host.dataManagement("GolfStream").setStepDelay(Duration.ofSeconds(4));
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      emulator.requestLog().clear();
      CompletableFuture<Void> run =
          CompletableFuture.runAsync(
              () -> {
                try (ResultSet rs =
                    s.executeQuery(
                        "SELECT * FROM TABLE(execute_sequence('NightlyConsolidation', ''))")) {
                  rs.next();
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      while (warnings(s).isEmpty()) {
        Thread.sleep(20);
      }
      String submitted = warnings(s).get(0);
      String id =
          submitted.substring(submitted.indexOf("(request id ") + 12, submitted.length() - 1);
      s.cancel();
      Throwable failed =
          catchThrowableOfType(ExecutionException.class, () -> run.get(30, TimeUnit.SECONDS));
      assertThat(failed.getCause().getCause())
          .isInstanceOfSatisfying(
              SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("57014"));
      OneStreamConnection os = c.unwrap(OneStreamConnection.class);
      assertThat(os.jobStatus(id).state())
          .as("the wait stopped; the work goes on on the server")
          .isEqualTo("Running");
      JobStatus status = os.jobStatus(id);
      for (int i = 0; i < 600 && !status.completed(); i++) {
        Thread.sleep(50);
        status = os.jobStatus(id);
      }
      assertThat(status.completed()).isTrue();
      assertThat(emulator.requestLog().entries(SEQUENCE)).as("sent once").hasSize(1);
    } finally {
      host.dataManagement("GolfStream").setStepDelay(Duration.ZERO);
    }
  }
}
