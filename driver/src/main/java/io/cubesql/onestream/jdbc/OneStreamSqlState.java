package io.cubesql.onestream.jdbc;

/** The SQLStates this driver raises, and only those (pgjdbc's {@code PSQLState} shape). */
public enum OneStreamSqlState {
  /** A connection property or URL part is unknown, repeated or has a bad value. */
  INVALID_PARAMETER_VALUE("22023");

  private final String state;

  OneStreamSqlState(String state) {
    this.state = state;
  }

  public String state() {
    return state;
  }
}
