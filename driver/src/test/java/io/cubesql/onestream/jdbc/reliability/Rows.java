package io.cubesql.onestream.jdbc.reliability;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Result rows as the reliability ITs compare them: each row a list of {@code
 * String.valueOf(getObject(i))}, a result a list of rows, compared with a fault-free reference as a
 * multiset (order aside).
 */
final class Rows {
  private Rows() {}

  /** Runs {@code sql} on a statement of its own with a query time-out, and reads every row. */
  static List<List<String>> read(Connection c, String sql, int timeoutSeconds) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.setQueryTimeout(timeoutSeconds);
      try (ResultSet rs = st.executeQuery(sql)) {
        return readAll(rs, new ArrayList<>());
      }
    }
  }

  /**
   * Reads the rest of {@code rs} into {@code into} and returns it; rows read before an exception
   * stay in {@code into}, so that a caller can check them against the reference too.
   */
  static List<List<String>> readAll(ResultSet rs, List<List<String>> into) throws SQLException {
    int columns = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      into.add(row(rs, columns));
    }
    return into;
  }

  static List<String> row(ResultSet rs, int columns) throws SQLException {
    List<String> r = new ArrayList<>(columns);
    for (int i = 1; i <= columns; i++) {
      r.add(String.valueOf(rs.getObject(i)));
    }
    return r;
  }

  /**
   * How {@code rows} differ from {@code reference} as multisets: the rows the reference does not
   * have ({@code extra}, a wrong result) and the reference rows not read ({@code missing}, a short
   * one when no exception says why).
   */
  record Diff(List<List<String>> extra, List<List<String>> missing) {
    boolean same() {
      return extra.isEmpty() && missing.isEmpty();
    }
  }

  static Diff diff(List<List<String>> rows, List<List<String>> reference) {
    Map<List<String>, Integer> left = new HashMap<>();
    for (List<String> r : reference) {
      left.merge(r, 1, Integer::sum);
    }
    List<List<String>> extra = new ArrayList<>();
    for (List<String> r : rows) {
      Integer n = left.get(r);
      if (n == null) {
        extra.add(r);
      } else if (n == 1) {
        left.remove(r);
      } else {
        left.put(r, n - 1);
      }
    }
    List<List<String>> missing = new ArrayList<>();
    left.forEach((r, n) -> missing.addAll(Collections.nCopies(n, r)));
    return new Diff(extra, missing);
  }
}
