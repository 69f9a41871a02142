package io.cubesql.onestream.jdbc;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;

/**
 * The SQLStates this driver raises, and only those (pgjdbc's {@code PSQLState} shape). Class {@code
 * 08} is kept for a connection that is really unusable, since pools such as HikariCP evict a
 * connection on {@code 08*}.
 */
public enum OneStreamSqlState {
  /**
   * Class 08: the server (or its token endpoint) could not be reached while the connection was
   * being opened, or did not pass TLS verification: a certificate not trusted, or not for its host
   * name.
   */
  CONNECTION_UNABLE_TO_CONNECT("08001"),
  /** Class 08: the server was lost after the connection was opened. */
  CONNECTION_FAILURE("08006"),
  /** Class 08: the server's answer was truncated, malformed or not what the API documents. */
  PROTOCOL_VIOLATION("08P01"),
  /** A JDBC method this read-only driver does not implement. */
  FEATURE_NOT_SUPPORTED("0A000"),
  /** A value does not convert to the type asked for, as in {@code CAST('x' AS INTEGER)}. */
  INVALID_CHARACTER_VALUE_FOR_CAST("22018"),
  /**
   * A connection property or URL part is unknown, repeated or has a bad value (a trust store that
   * is missing, is not one or does not open with its password); a value cannot be sent safely; or
   * the server refused a request as invalid (400).
   */
  INVALID_PARAMETER_VALUE("22023"),
  /** A {@code LIKE} pattern's escape is invalid, as in {@code LIKE 'a\' ESCAPE '\'}. */
  INVALID_ESCAPE_SEQUENCE("22025"),
  /**
   * The server no longer holds the answer a result set was reading (its request id expired, or the
   * server restarted), so a later page or poll cannot be had: the server-side cursor is gone.
   * Running the statement again reads a new answer; the connection is fine, so this is a {@link
   * SQLTransientException}, not class 08 (pools would evict the connection). For Data Management
   * work the wait ends without knowing whether the work completed.
   */
  INVALID_CURSOR_STATE("24000"),
  /** The token, the user's role or the application was refused (401, 403). */
  INVALID_AUTHORIZATION("28000"),
  /** The SQL does not parse, or does not validate for a reason other than a missing name. */
  SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION("42000"),
  /** A table, schema, cube view, cube or member the SQL names does not exist. */
  UNDEFINED_TABLE("42S02"),
  /** A column the SQL names does not exist. */
  UNDEFINED_COLUMN("42S22"),
  /** The server asked the driver to slow down (429, 503) and the retries ran out. */
  THROTTLED("53400"),
  /** A statement would make more API calls than the connection's {@code callBudget}. */
  PROGRAM_LIMIT_EXCEEDED("54000"),
  /** The work asked for is already running on the server (409). */
  OBJECT_NOT_IN_PREREQUISITE_STATE("55000"),
  /** The statement was cancelled ({@code Statement.cancel()}). */
  QUERY_CANCELED("57014"),
  /** The server failed (500 and other 5xx). */
  SYSTEM_ERROR("58000"),
  /** Anything else: the message says what. */
  GENERAL_ERROR("HY000"),
  /** The statement ran longer than its query timeout, or a call to the server timed out. */
  QUERY_TIMEOUT("HYT00");

  private final String state;

  OneStreamSqlState(String state) {
    this.state = state;
  }

  public String state() {
    return state;
  }

  /** The state spelled {@code state}, or null when the driver never raises it. */
  public static OneStreamSqlState forState(String state) {
    for (OneStreamSqlState s : values()) {
      if (s.state.equals(state)) {
        return s;
      }
    }
    return null;
  }

  /**
   * An exception of this state, of the {@link SQLException} subclass that JDBC tools test for:
   * {@link SQLTimeoutException} for {@code HYT00}, {@link SQLInvalidAuthorizationSpecException} for
   * {@code 28000}, and so on.
   */
  public SQLException exception(String message, Throwable cause) {
    switch (this) {
      case CONNECTION_UNABLE_TO_CONNECT:
      case CONNECTION_FAILURE:
      case PROTOCOL_VIOLATION:
        return new SQLNonTransientConnectionException(message, state, cause);
      case FEATURE_NOT_SUPPORTED:
        return new SQLFeatureNotSupportedException(message, state, cause);
      case INVALID_CHARACTER_VALUE_FOR_CAST:
      case INVALID_PARAMETER_VALUE:
      case INVALID_ESCAPE_SEQUENCE:
        return new SQLDataException(message, state, cause);
      case INVALID_AUTHORIZATION:
        return new SQLInvalidAuthorizationSpecException(message, state, cause);
      case SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION:
      case UNDEFINED_TABLE:
      case UNDEFINED_COLUMN:
        return new SQLSyntaxErrorException(message, state, cause);
      case THROTTLED:
      case INVALID_CURSOR_STATE:
        return new SQLTransientException(message, state, cause);
      case QUERY_TIMEOUT:
        return new SQLTimeoutException(message, state, cause);
      default:
        return new SQLException(message, state, cause);
    }
  }

  /** The {@code 0A000} error for {@code method} of {@code type}, such as {@code prepareCall}. */
  public static SQLFeatureNotSupportedException notImplemented(Class<?> type, String method) {
    return (SQLFeatureNotSupportedException)
        FEATURE_NOT_SUPPORTED.exception(
            type.getSimpleName() + "." + method + " is not supported by the OneStream driver",
            null);
  }
}
