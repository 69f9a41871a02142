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
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
    emulator = OneStreamEmulator.builder().callState(true).start();
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
}
