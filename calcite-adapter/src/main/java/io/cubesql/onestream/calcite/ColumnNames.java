package io.cubesql.onestream.calcite;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Gives each column a name no other column of the table has, ignoring case (unquoted names match
 * ignoring case): a clash gets {@code _2}, {@code _3}, ... in the order columns are added.
 */
final class ColumnNames {
  private final Set<String> used = new HashSet<>();

  String unique(String wanted) {
    String base = wanted == null || wanted.isBlank() ? "Column" : wanted.strip();
    String name = base;
    for (int n = 2; !used.add(name.toLowerCase(Locale.ROOT)); n++) {
      name = base + "_" + n;
    }
    return name;
  }
}
