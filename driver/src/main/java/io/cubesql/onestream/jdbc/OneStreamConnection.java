package io.cubesql.onestream.jdbc;

import io.cubesql.onestream.client.OneStreamClient;
import java.sql.Connection;

/**
 * A connection of the OneStream driver, reached with {@code connection.unwrap(
 * OneStreamConnection.class)}: the Java API beside SQL.
 *
 * <pre>{@code
 * OneStreamConnection os = connection.unwrap(OneStreamConnection.class);
 * try (DataSetReader rows = os.client().cubeView("ActualVsBudget", SubstVars.of("Entity",
 *     "Houston"), false, false, null)) { ... }
 * }</pre>
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
}
