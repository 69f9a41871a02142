package io.cubesql.onestream.emulator.internal.identity;

import java.security.SecureRandom;

/**
 * Makes and checks Personal Access Tokens in the shape onestream-api.md §2 gives [DOC]: 66
 * characters, letters and digits with exactly one dash.
 */
public final class Pats {
  /** The length of every PAT. */
  public static final int LENGTH = 66;

  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private Pats() {}

  /** A new random PAT: 32 letters or digits, a dash, 33 letters or digits. */
  public static String generate(SecureRandom random) {
    StringBuilder b = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      b.append(i == 32 ? '-' : ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
    }
    return b.toString();
  }

  /** Whether {@code s} has the shape of a PAT (it may still be unknown, expired or revoked). */
  public static boolean isWellFormed(String s) {
    if (s == null || s.length() != LENGTH) {
      return false;
    }
    int dashes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '-') {
        dashes++;
      } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return dashes == 1 && s.charAt(0) != '-' && s.charAt(LENGTH - 1) != '-';
  }

  /** Throws when {@code s} is not PAT-shaped; the message states the rule, never the value. */
  public static String requireWellFormed(String s) {
    if (!isWellFormed(s)) {
      throw new IllegalArgumentException(
          "A Personal Access Token must be exactly 66 characters, letters and digits with exactly"
              + " one dash inside.");
    }
    return s;
  }
}
