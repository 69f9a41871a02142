package io.cubesql.onestream.calcite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether an SQL text for the administrator SQL endpoint is a single read-only statement, judged by
 * its words outside strings, quoted names and comments, in SQL Server's dialect (OneStream's
 * databases). It must start with {@code SELECT} or {@code WITH}, hold no {@code ;} but a last one,
 * and no word that writes, runs code or changes the session ({@code INSERT}, {@code INTO}, {@code
 * EXEC}, {@code xp_...}, ...). A guard against mistakes, not a sandbox: the server's permissions
 * still decide what the user may read.
 */
final class ReadOnlySql {
  /** Words that have no place in a read-only query. */
  private static final Set<String> DENIED =
      Set.of(
          "ALTER",
          "BACKUP",
          "BEGIN",
          "BULK",
          "CHECKPOINT",
          "COMMIT",
          "CREATE",
          "DBCC",
          "DECLARE",
          "DELETE",
          "DENY",
          "DISABLE",
          "DROP",
          "ENABLE",
          "EXEC",
          "EXECUTE",
          "GO",
          "GRANT",
          "INSERT",
          "INTO",
          "KILL",
          "MERGE",
          "OPENDATASOURCE",
          "OPENQUERY",
          "OPENROWSET",
          "OPENXML",
          "RECONFIGURE",
          "RESTORE",
          "REVERT",
          "REVOKE",
          "ROLLBACK",
          "SAVE",
          "SET",
          "SHUTDOWN",
          "TRUNCATE",
          "UPDATE",
          "UPDATETEXT",
          "USE",
          "WAITFOR",
          "WRITETEXT");

  private ReadOnlySql() {}

  /** Why {@code sql} is refused, or null when it is one read-only statement. */
  static String refusal(String sql) {
    if (sql == null || sql.isBlank()) {
      return "the query is empty";
    }
    StringBuilder code = new StringBuilder(sql.length());
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '[') {
        char close = c == '[' ? ']' : c;
        int end = i + 1;
        while (true) {
          end = sql.indexOf(close, end);
          if (end < 0) {
            return "a " + (c == '\'' ? "string" : "quoted name") + " is not closed";
          }
          if (end + 1 < n && sql.charAt(end + 1) == close) {
            end += 2; // a doubled quote stands for itself
            continue;
          }
          break;
        }
        code.append(c == '\'' ? " '' " : " q ");
        i = end + 1;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end;
        code.append(' ');
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        // SQL Server's block comments nest.
        int depth = 0;
        do {
          if (sql.startsWith("/*", i)) {
            depth++;
            i += 2;
          } else if (sql.startsWith("*/", i)) {
            depth--;
            i += 2;
          } else {
            i++;
          }
        } while (depth > 0 && i < n);
        if (depth > 0) {
          return "a comment is not closed";
        }
        code.append(' ');
      } else {
        code.append(c);
        i++;
      }
    }
    String text = code.toString().strip();
    if (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    if (text.indexOf(';') >= 0) {
      return "it holds more than one statement";
    }
    List<String> words = words(text);
    if (words.isEmpty() || !(words.get(0).equals("SELECT") || words.get(0).equals("WITH"))) {
      return "it does not start with SELECT or WITH";
    }
    for (int w = 0; w < words.size(); w++) {
      String word = words.get(w);
      if (DENIED.contains(word)) {
        return "it holds " + word;
      }
      if (word.startsWith("XP_") || word.startsWith("SP_")) {
        return "it calls the procedure " + word.toLowerCase(Locale.ROOT);
      }
      if (word.equals("NEXT")
          && w + 2 < words.size()
          && words.get(w + 1).equals("VALUE")
          && words.get(w + 2).equals("FOR")) {
        return "it holds NEXT VALUE FOR, which moves a sequence";
      }
    }
    return null;
  }

  /** The words of {@code text}, upper-cased (names, keywords; {@code @variables} included). */
  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isLetter(c) || c == '_' || c == '@' || c == '#') {
        int start = i;
        while (i < text.length()
            && (Character.isLetterOrDigit(text.charAt(i)) || "_@#$".indexOf(text.charAt(i)) >= 0)) {
          i++;
        }
        out.add(text.substring(start, i).toUpperCase(Locale.ROOT));
      } else {
        i++;
      }
    }
    return out;
  }
}
