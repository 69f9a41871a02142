package io.cubesql.onestream.jdbc.internal;

import io.cubesql.onestream.calcite.OneStreamAdapterException;
import io.cubesql.onestream.client.ErrorKind;
import io.cubesql.onestream.client.OneStreamException;
import io.cubesql.onestream.jdbc.OneStreamSqlState;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.validate.SqlValidatorException;

/**
 * Restores SQLStates at the JDBC surface. Calcite and Avatica wrap what the adapter and the client
 * throw in SQLExceptions without a state; this walks the causes and suppressed exceptions and
 * rethrows with the state of the first exception that knows it (STYLE.md, Errors). One instance per
 * connection: it knows whether the connection was established (class 08 then means lost, not
 * unreachable) and the connection's secrets, which never appear in a message even if a server
 * echoed one.
 */
public final class SqlErrors {
  private static final Pattern MISSING_TABLE = Pattern.compile("^(Object|Table|Schema) '.*");
  private static final Pattern MISSING_COLUMN = Pattern.compile("^Column '.*");
  private static final String AVATICA_CANCELLED = "Statement canceled";

  /** How Calcite's LIKE says that a pattern's escape is invalid (a plain RuntimeException). */
  private static final Pattern BAD_ESCAPE =
      Pattern.compile("^Invalid escape (sequence|character) .*");

  private final List<String> secrets;
  private volatile boolean established;

  /**
   * @param secrets values that must never appear in a message (a PAT, a client secret)
   */
  public SqlErrors(List<String> secrets) {
    this.secrets = List.copyOf(secrets);
  }

  /** From now on, a lost server is {@code 08006} rather than {@code 08001}. */
  public void established() {
    established = true;
  }

  /**
   * {@code e} as an SQLException with the state of the first exception in its chain that has one.
   */
  public SQLException translate(Throwable e) {
    return translate(e, false, false, 0);
  }

  /**
   * As {@link #translate(Throwable)}, for a statement that was cancelled by its caller or by its
   * query timeout of {@code timeoutSeconds}; the time-out wins, whatever the adapter saw.
   */
  public SQLException translate(
      Throwable e, boolean cancelled, boolean timedOut, int timeoutSeconds) {
    if (timedOut) {
      return OneStreamSqlState.QUERY_TIMEOUT.exception(
          "The statement ran longer than its query timeout of "
              + timeoutSeconds
              + " s and was cancelled",
          e);
    }
    OneStreamAdapterException adapter = null;
    OneStreamException client = null;
    SQLException stated = null;
    SqlValidatorException validator = null;
    CalciteContextException context = null;
    SqlParseException parse = null;
    NumberFormatException number = null;
    RuntimeException escape = null;
    SQLFeatureNotSupportedException unsupported = null;
    boolean avaticaCancelled = false;
    for (Throwable t : chain(e)) {
      if (adapter == null && t instanceof OneStreamAdapterException a) {
        adapter = a;
      } else if (client == null && t instanceof OneStreamException c) {
        client = c;
      } else if (validator == null && t instanceof SqlValidatorException v) {
        validator = v;
      } else if (context == null && t instanceof CalciteContextException c) {
        context = c;
      } else if (parse == null && t instanceof SqlParseException p) {
        parse = p;
      } else if (number == null && t instanceof NumberFormatException n) {
        number = n;
      } else if (escape == null
          && t instanceof RuntimeException r
          && r.getMessage() != null
          && BAD_ESCAPE.matcher(r.getMessage()).matches()) {
        escape = r;
      }
      if (t instanceof SQLException s) {
        if (stated == null && s.getSQLState() != null) {
          stated = s;
        }
        if (unsupported == null && s instanceof SQLFeatureNotSupportedException u) {
          unsupported = u;
        }
        avaticaCancelled |= AVATICA_CANCELLED.equals(s.getMessage());
      }
    }
    if (adapter != null) {
      return build(adapter.sqlState(), adapter.getMessage(), e);
    }
    if (client != null) {
      return build(stateFor(client.kind(), established).state(), client.getMessage(), e);
    }
    if (stated != null) {
      return stated == e ? scrubbed(stated) : build(stated.getSQLState(), stated.getMessage(), e);
    }
    if (validator != null) {
      String message = context != null ? context.getMessage() : validator.getMessage();
      String m = validator.getMessage() == null ? "" : validator.getMessage();
      OneStreamSqlState state =
          MISSING_TABLE.matcher(m).matches() && m.contains("' not found")
              ? OneStreamSqlState.UNDEFINED_TABLE
              : MISSING_COLUMN.matcher(m).matches() && m.contains("' not found")
                  ? OneStreamSqlState.UNDEFINED_COLUMN
                  : OneStreamSqlState.SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION;
      return build(state.state(), message, e);
    }
    if (parse != null) {
      return build(
          OneStreamSqlState.SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION.state(), parse.getMessage(), e);
    }
    if (number != null) {
      return build(
          OneStreamSqlState.INVALID_CHARACTER_VALUE_FOR_CAST.state(),
          "A value cannot be converted to a number: " + number.getMessage(),
          e);
    }
    if (escape != null) {
      return build(
          OneStreamSqlState.INVALID_ESCAPE_SEQUENCE.state(),
          "A LIKE pattern is invalid: "
              + escape.getMessage()
              + " (the escape is one character, followed in the pattern by _, % or itself)",
          e);
    }
    if (cancelled || avaticaCancelled) {
      return build(OneStreamSqlState.QUERY_CANCELED.state(), "The statement was cancelled", e);
    }
    if (unsupported != null) {
      return build(
          OneStreamSqlState.FEATURE_NOT_SUPPORTED.state(),
          unsupported.getMessage() != null
              ? unsupported.getMessage()
              : "The operation is not supported by the OneStream driver",
          e);
    }
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return build(OneStreamSqlState.GENERAL_ERROR.state(), message, e);
  }

  /**
   * {@code e} and what it carries, depth first: its suppressed exceptions, then its cause. Calcite
   * adds what the planner's implement step throws (the adapter's unsafe-value and call-budget
   * errors) as a suppressed exception, not as the cause.
   */
  private static List<Throwable> chain(Throwable e) {
    List<Throwable> out = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Throwable> todo = new ArrayDeque<>();
    todo.push(e);
    while (!todo.isEmpty()) {
      Throwable t = todo.pop();
      if (!seen.add(t)) {
        continue;
      }
      out.add(t);
      if (t.getCause() != null) {
        todo.push(t.getCause());
      }
      Throwable[] suppressed = t.getSuppressed();
      for (int i = suppressed.length - 1; i >= 0; i--) {
        todo.push(suppressed[i]);
      }
    }
    return out;
  }

  /**
   * The state of a client error: the table of the README ("SQLStates"). {@code established} says
   * whether the connection had been opened, which separates {@code 08001} from {@code 08006}.
   */
  public static OneStreamSqlState stateFor(ErrorKind kind, boolean established) {
    switch (kind) {
      case AUTHENTICATION:
      case PERMISSION:
        return OneStreamSqlState.INVALID_AUTHORIZATION;
      case CONNECTION:
        return established
            ? OneStreamSqlState.CONNECTION_FAILURE
            : OneStreamSqlState.CONNECTION_UNABLE_TO_CONNECT;
      case PROTOCOL:
        return OneStreamSqlState.PROTOCOL_VIOLATION;
      case TIMEOUT:
        return OneStreamSqlState.QUERY_TIMEOUT;
      case CANCELLED:
        return OneStreamSqlState.QUERY_CANCELED;
      case NOT_FOUND:
        return OneStreamSqlState.UNDEFINED_TABLE;
      case BAD_REQUEST:
        return OneStreamSqlState.INVALID_PARAMETER_VALUE;
      case REQUEST_EXPIRED:
        return OneStreamSqlState.INVALID_CURSOR_STATE;
      case THROTTLED:
        return OneStreamSqlState.THROTTLED;
      case CONFLICT:
        return OneStreamSqlState.OBJECT_NOT_IN_PREREQUISITE_STATE;
      case SERVER:
        return OneStreamSqlState.SYSTEM_ERROR;
      default:
        return OneStreamSqlState.GENERAL_ERROR;
    }
  }

  /**
   * {@code first} once more (its state and message), for a repeat of its failure: {@code cause}.
   */
  SQLException again(SQLException first, Throwable cause) {
    return build(first.getSQLState(), first.getMessage(), cause);
  }

  private SQLException build(String state, String message, Throwable cause) {
    String text = scrub(firstLine(message));
    OneStreamSqlState known = OneStreamSqlState.forState(state);
    return known != null ? known.exception(text, cause) : new SQLException(text, state, cause);
  }

  private SQLException scrubbed(SQLException e) {
    String m = e.getMessage();
    String clean = scrub(m);
    if (clean == null || clean.equals(m)) {
      return e;
    }
    return build(e.getSQLState(), clean, e.getCause());
  }

  private String scrub(String text) {
    if (text == null) {
      return null;
    }
    for (String s : secrets) {
      if (s != null && s.length() >= 8) {
        text = text.replace(s, "***");
      }
    }
    return text;
  }

  /** The first line: Calcite's parser lists every token it expected on the lines after it. */
  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
