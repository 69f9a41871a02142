package io.cubesql.onestream.calcite;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the text form of substitution variables, {@code Name1=[Value1],Name2=[Value2]}
 * (onestream-api.md §4): commas inside brackets belong to the value, and the brackets around a
 * value are dropped. Used for what a server lists as a cube view's defaults and for what a user
 * passes to a table function; each caller decides what to do with a malformed pair.
 */
final class SubstVarText {
  private SubstVarText() {}

  /**
   * The pairs of {@code text}, each {@code {name, value}}, the name stripped and empty when the
   * pair has no {@code =}, the value without its surrounding brackets. The pair's own text is the
   * third element, for messages.
   */
  static List<String[]> pairs(String text) {
    List<String[]> out = new ArrayList<>();
    for (String pair : splitOutsideBrackets(text)) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? "" : pair.substring(0, eq).strip();
      String value = eq < 0 ? "" : pair.substring(eq + 1).strip();
      if (value.startsWith("[") && value.endsWith("]")) {
        value = value.substring(1, value.length() - 1);
      }
      out.add(new String[] {name, value, pair.strip()});
    }
    return out;
  }

  private static List<String> splitOutsideBrackets(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth = Math.max(0, depth - 1);
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }
}
