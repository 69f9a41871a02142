package io.cubesql.onestream.calcite;

/**
 * An error of the adapter that carries the SQLState the JDBC surface must report. Calcite wraps
 * what an enumerator or a planner rule throws in SQLExceptions without a state; the driver finds
 * this exception in the cause chain and restores the state (STYLE.md, Errors).
 */
public final class OneStreamAdapterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String sqlState;

  public OneStreamAdapterException(String sqlState, String message, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  public OneStreamAdapterException(String sqlState, String message) {
    this(sqlState, message, null);
  }

  /** The five-character SQLState, never null. */
  public String sqlState() {
    return sqlState;
  }
}
