package io.cubesql.onestream.jdbc;

import io.cubesql.onestream.client.JobStatus;
import io.cubesql.onestream.client.OneStreamClient;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A connection of the OneStream driver, reached with {@code connection.unwrap(
 * OneStreamConnection.class)}: the Java API beside SQL.
 *
 * <pre>{@code
 * OneStreamConnection os = connection.unwrap(OneStreamConnection.class);
 * JobStatus done = os.executeSequence("NightlyConsolidation", "Time=[2024M3]");
 * try (DataSetReader rows = os.client().cubeView("ActualVsBudget", SubstVars.of("Entity",
 *     "Houston"), false, false, null)) { ... }
 * }</pre>
 *
 * <p>The Data Management methods do what the table functions {@code execute_sequence}, {@code
 * execute_step}, {@code submit_sequence}, {@code submit_step} and {@code job_status} do, with the
 * same checks ({@code 22023} for substitution variables that cannot be sent safely, nothing sent)
 * and the same SQLStates; none is ever retried.
 */
public interface OneStreamConnection extends Connection {
  /** The application this connection opened, such as {@code GolfStream}. */
  String application();

  /** Whether this connection runs against the in-process demo server. */
  boolean isDemo();

  /**
   * The API client of this connection, for calls SQL does not cover. It shares the connection's
   * session and is closed with the connection: do not close it yourself.
   */
  OneStreamClient client();

  /**
   * Runs a sequence and waits for its end.
   *
   * @param substVars {@code Name=[Value],Name=[Value]}, or null
   */
  JobStatus executeSequence(String name, String substVars) throws SQLException;

  /** Runs a step and waits for its end. */
  JobStatus executeStep(String group, String step, String substVars) throws SQLException;

  /** Starts a sequence and answers at once; follow it with {@link #jobStatus}. */
  JobStatus submitSequence(String name, String substVars) throws SQLException;

  /** Starts a step and answers at once; follow it with {@link #jobStatus}. */
  JobStatus submitStep(String group, String step, String substVars) throws SQLException;

  /** One look at work started with call state: {@code Running}, then {@code Completed}. */
  JobStatus jobStatus(String requestId) throws SQLException;
}
