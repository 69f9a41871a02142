package io.cubesql.onestream.calcite;

/** The SQLStates the adapter raises itself; the driver documents them with its own. */
final class States {
  /** A value cannot be carried safely to the server. */
  static final String INVALID_PARAMETER_VALUE = "22023";

  /** A value in an answer does not convert to its column's type. */
  static final String CONVERSION = "22018";

  /** A syntax or access rule violation: a refused or disabled pass-through. */
  static final String ACCESS = "42000";

  /** What a prepared statement was planned on changed (PostgreSQL uses it so). */
  static final String CHANGED = "0A000";

  /** A statement would make more API calls than the call budget allows. */
  static final String CALL_BUDGET = "54000";

  /** The statement was cancelled. */
  static final String CANCELLED = "57014";

  /** The statement's query time-out passed. */
  static final String TIMEOUT = "HYT00";

  private States() {}
}
