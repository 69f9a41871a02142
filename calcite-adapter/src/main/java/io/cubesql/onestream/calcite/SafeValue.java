package io.cubesql.onestream.calcite;

/**
 * Refuses values that cannot be carried safely in a substitution variable ({@code Name=[Value]}) or
 * a bracketed member name (onestream-api.md §4): a {@code ]} would end the value early, {@code |!}
 * would start another variable, and control characters have no place in a member name. The value is
 * never sent.
 *
 * <p>A cube view parameter needs more ({@link #checkParameter}): the server puts its value into the
 * cube view's member filters as text, where the cube view wrote {@code |!Name!|} ({@code
 * E#|!Entity!|}, {@code T#|!Year!|.Base}), with no brackets around it (§8). There the characters of
 * the filter syntax are read as syntax: {@code Houston, E#Augusta} would become a member list,
 * {@code Houston:A#Sales} another dimension, {@code US Clubs.Base} an expansion. Member names sent
 * for cube cells need no such care: they are bracketed, and only names that are members of the
 * dimension are ever sent.
 */
final class SafeValue {
  /** The longest cube view parameter value sent; a member name or period is far shorter. */
  static final int MAX_PARAMETER_LENGTH = 1000;

  /** The member-filter syntax a cube view parameter's value must not hold (§8). */
  private static final String FILTER_SYNTAX = ",:#.()";

  private static final String CANNOT = "a OneStream request cannot carry safely";

  private SafeValue() {}

  /** Refuses a value that a bracketed member name or a substitution variable cannot carry. */
  static void check(String column, String value) {
    refuseUnsafe("column '" + column + "'", value);
  }

  private static void refuseUnsafe(String subject, String value) {
    String why = null;
    if (value.contains("]")) {
      why = "contains ']'";
    } else if (value.contains("[")) {
      why = "contains '['";
    } else if (value.contains("|!")) {
      why = "contains '|!'";
    } else if (value.chars().anyMatch(Character::isISOControl)) {
      why = "contains a control character";
    } else if (value.isBlank()) {
      why = "contains nothing but blanks";
    }
    if (why != null) {
      throw refused(value, subject, why + ", which " + CANNOT);
    }
  }

  /**
   * Refuses a value for a cube view parameter: what {@link #check} refuses, and what the cube
   * view's member filters would read as something else than one name ({@code , : # . ( )}, a blank
   * at either end, which the server drops, or more than {@link #MAX_PARAMETER_LENGTH} characters).
   */
  static void checkParameter(String column, String value) {
    String subject = "cube view parameter '" + column + "'";
    refuseUnsafe(subject, value);
    String why = null;
    int syntax = -1;
    for (int i = 0; i < value.length() && syntax < 0; i++) {
      if (FILTER_SYNTAX.indexOf(value.charAt(i)) >= 0) {
        syntax = i;
      }
    }
    if (value.length() > MAX_PARAMETER_LENGTH) {
      why =
          "is "
              + value.length()
              + " characters long, more than the "
              + MAX_PARAMETER_LENGTH
              + " a cube view parameter may hold";
    } else if (syntax >= 0) {
      why =
          "contains '"
              + value.charAt(syntax)
              + "', which the cube view's member filters would read as filter syntax (a member"
              + " list, another dimension or an expansion), not as part of one name";
    } else if (blank(value.charAt(0)) || blank(value.charAt(value.length() - 1))) {
      why = "begins or ends with a blank, which the server would drop";
    }
    if (why != null) {
      throw refused(value, subject, why);
    }
  }

  /** A blank as the server's trimming sees it: Java's whitespace and Unicode space separators. */
  private static boolean blank(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private static OneStreamAdapterException refused(String value, String subject, String why) {
    return new OneStreamAdapterException(
        States.INVALID_PARAMETER_VALUE,
        "The value '" + printable(value) + "' for " + subject + " " + why + "; it was not sent");
  }

  private static String printable(String v) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length() && b.length() <= 80; i++) {
      char c = v.charAt(i);
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.length() > 80 ? b.substring(0, 80) + "…" : b.toString();
  }
}
