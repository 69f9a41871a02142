package io.cubesql.onestream.calcite;

import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The rows of a query normalised so that two engines' answers compare: every number is a {@link
 * BigDecimal} (an INTEGER sum and a BIGINT one are equal), a date is a {@link java.time.LocalDate},
 * and numbers are equal within a relative 1e-9 (two engines sum doubles in different orders).
 */
final class ResultRows {
  private static final MathContext KEY_PRECISION = new MathContext(6);

  /** Relative tolerance between two numbers. */
  private static final double RELATIVE = 1e-9;

  /** Absolute tolerance near zero. */
  private static final double ABSOLUTE = 1e-6;

  private ResultRows() {}

  /** Reads and normalises every row of {@code rs}. */
  static List<List<Object>> read(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    List<List<Object>> rows = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        row.add(normalise(rs.getObject(i)));
      }
      rows.add(row);
    }
    return rows;
  }

  static Object normalise(Object v) {
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? d : BigDecimal.valueOf(d);
    }
    if (v instanceof Float f) {
      return normalise(f.doubleValue());
    }
    if (v instanceof BigDecimal b) {
      return b;
    }
    if (v instanceof Number x) {
      return BigDecimal.valueOf(x.longValue());
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof Timestamp t) {
      return t.toLocalDateTime();
    }
    return v;
  }

  /**
   * Asserts that {@code actual} holds the rows of {@code expected}: in the same order when {@code
   * ordered}, else as the same multiset.
   */
  static void assertSameRows(
      String name,
      String sql,
      List<List<Object>> expected,
      List<List<Object>> actual,
      boolean ordered) {
    List<List<Object>> e = expected;
    List<List<Object>> a = actual;
    if (!ordered) {
      e = sorted(expected);
      a = sorted(actual);
    }
    String problem = null;
    if (e.size() != a.size()) {
      problem = "expected " + e.size() + " rows, got " + a.size();
    } else {
      for (int i = 0; i < e.size() && problem == null; i++) {
        if (!rowEquals(e.get(i), a.get(i))) {
          problem = "row " + i + " differs: expected " + e.get(i) + ", got " + a.get(i);
        }
      }
    }
    if (problem != null) {
      fail("%s: %s%n  query: %s%n%s", name, problem, sql, difference(e, a));
    }
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>(rows);
    out.sort(Comparator.comparing(ResultRows::key));
    return out;
  }

  /** A sort key in which numbers that are equal within the tolerance almost always agree. */
  private static String key(List<Object> row) {
    return row.stream().map(ResultRows::keyOf).collect(Collectors.joining("\u0001"));
  }

  private static String keyOf(Object v) {
    if (v == null) {
      return "\u0000";
    }
    if (v instanceof BigDecimal b) {
      return b.round(KEY_PRECISION).stripTrailingZeros().toPlainString();
    }
    return v.toString();
  }

  private static boolean rowEquals(List<Object> e, List<Object> a) {
    if (e.size() != a.size()) {
      return false;
    }
    for (int i = 0; i < e.size(); i++) {
      if (!valueEquals(e.get(i), a.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean valueEquals(Object e, Object a) {
    if (e instanceof BigDecimal x && a instanceof BigDecimal y) {
      double dx = x.doubleValue();
      double dy = y.doubleValue();
      double diff = Math.abs(dx - dy);
      return diff <= ABSOLUTE || diff <= RELATIVE * Math.max(Math.abs(dx), Math.abs(dy));
    }
    return Objects.equals(e, a);
  }

  /** The rows only one side has (by sort key), at most 20 of each. */
  private static String difference(List<List<Object>> expected, List<List<Object>> actual) {
    Map<String, Integer> counts = new HashMap<>();
    expected.forEach(r -> counts.merge(key(r), 1, Integer::sum));
    actual.forEach(r -> counts.merge(key(r), -1, Integer::sum));
    List<String> missing = new ArrayList<>();
    List<String> extra = new ArrayList<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            en -> {
              String row = "[" + en.getKey().replace("\u0001", " | ").replace("\u0000", "null");
              for (int i = 0; i < Math.abs(en.getValue()); i++) {
                (en.getValue() > 0 ? missing : extra).add(row + "]");
              }
            });
    StringBuilder b = new StringBuilder();
    b.append("  missing (").append(missing.size()).append("):");
    missing.stream().limit(20).forEach(r -> b.append("\n    ").append(r));
    b.append("\n  unexpected (").append(extra.size()).append("):");
    extra.stream().limit(20).forEach(r -> b.append("\n    ").append(r));
    if (expected.size() <= 20) {
      b.append("\n  expected: ").append(expected);
    }
    if (actual.size() <= 20) {
      b.append("\n  actual: ").append(actual);
    }
    return b.toString();
  }
}
