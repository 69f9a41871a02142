package io.cubesql.onestream.emulator.internal.model;

/**
 * How an account behaves over time and in translation. Flow accounts (revenue, expense) hold
 * periodic amounts: a time parent sums its months, YTD sums from the first month of the year, and
 * translation uses the average rate. Balance accounts (asset, liability) hold closing balances: a
 * time parent and YTD take the balance of the last month, and translation uses the closing rate.
 */
public enum AccountType {
  REVENUE(true),
  EXPENSE(true),
  ASSET(false),
  LIABILITY(false),
  /** A parent account that only groups others (its own type does not drive anything). */
  GROUP(true);

  private final boolean flow;

  AccountType(boolean flow) {
    this.flow = flow;
  }

  public boolean isFlow() {
    return flow;
  }
}
