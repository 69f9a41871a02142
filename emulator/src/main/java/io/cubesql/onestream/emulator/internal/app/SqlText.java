package io.cubesql.onestream.emulator.internal.app;

/** Reads SQL text just enough to tell whether it holds one statement. */
final class SqlText {
  private SqlText() {}

  /**
   * Whether {@code sql} is one statement: no {@code ;} outside string literals, quoted or bracketed
   * identifiers and comments, but for one at the very end.
   */
  static boolean isSingleStatement(String sql) {
    int n = sql.length();
    for (int i = 0; i < n; i++) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '[') {
        char close = c == '[' ? ']' : c;
        i++;
        while (i < n && !(sql.charAt(i) == close && !(i + 1 < n && sql.charAt(i + 1) == close))) {
          if (sql.charAt(i) == close) {
            i++; // a doubled quote inside the literal
          }
          i++;
        }
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 1;
      } else if (c == ';') {
        return sql.substring(i + 1).isBlank();
      }
    }
    return true;
  }
}
