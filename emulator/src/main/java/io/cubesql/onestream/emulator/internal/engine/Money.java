package io.cubesql.onestream.emulator.internal.engine;

/** Amounts as the emulator answers them: rounded to cents, so sums carry no binary noise. */
public final class Money {
  private Money() {}

  /** {@code amount} rounded to two decimals. */
  public static double round(double amount) {
    return Math.round(amount * 100) / 100.0;
  }
}
