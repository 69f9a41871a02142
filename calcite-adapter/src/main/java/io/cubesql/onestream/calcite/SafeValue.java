package io.cubesql.onestream.calcite;

/**
 * Refuses values that cannot be carried safely in a substitution variable ({@code Name=[Value]}) or
 * a bracketed member name (onestream-api.md §4): a {@code ]} would end the value early, {@code |!}
 * would start another variable, and control characters have no place in a member name. The value is
 * never sent.
 */
final class SafeValue {
  private SafeValue() {}

  static void check(String column, String value) {
    String why = null;
    if (value.contains("]")) {
      why = "']'";
    } else if (value.contains("[")) {
      why = "'['";
    } else if (value.contains("|!")) {
      why = "'|!'";
    } else if (value.chars().anyMatch(Character::isISOControl)) {
      why = "a control character";
    } else if (value.isBlank()) {
      why = "nothing but blanks";
    }
    if (why != null) {
      throw new OneStreamAdapterException(
          States.INVALID_PARAMETER_VALUE,
          "The value '"
              + printable(value)
              + "' for column '"
              + column
              + "' contains "
              + why
              + ", which a OneStream request cannot carry safely; it was not sent");
    }
  }

  private static String printable(String v) {
    StringBuilder b = new StringBuilder();
    for (char c : v.toCharArray()) {
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.length() > 80 ? b.substring(0, 80) + "…" : b.toString();
  }
}
