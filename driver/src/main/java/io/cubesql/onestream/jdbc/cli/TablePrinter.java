package io.cubesql.onestream.jdbc.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a result set as an aligned table, psql's way: a header, a rule, the rows (numbers to the
 * right, NULL spelled out), and the row count. It holds the rows to measure the columns, which
 * suits a quick look, not a bulk export.
 */
final class TablePrinter {
  private TablePrinter() {}

  static void print(ResultSet rs, PrintStream out) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    String[] header = new String[n];
    boolean[] right = new boolean[n];
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      header[i] = md.getColumnLabel(i + 1);
      right[i] = numeric(md.getColumnType(i + 1));
      width[i] = header[i].length();
    }
    List<String[]> rows = new ArrayList<>();
    while (rs.next()) {
      String[] row = new String[n];
      for (int i = 0; i < n; i++) {
        row[i] = text(rs.getObject(i + 1));
        width[i] = Math.max(width[i], row[i].length());
      }
      rows.add(row);
    }
    out.println(line(header, width, right));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < n; i++) {
      rule.append(i == 0 ? "" : "+").append("-".repeat(width[i] + 2));
    }
    out.println(rule);
    for (String[] row : rows) {
      out.println(line(row, width, right));
    }
    out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
  }

  private static String line(String[] cells, int[] width, boolean[] right) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String pad = " ".repeat(width[i] - cells[i].length());
      b.append(i == 0 ? " " : " | ").append(right[i] ? pad + cells[i] : cells[i] + pad);
    }
    return b.toString().stripTrailing();
  }

  /** Numbers in plain notation (1234567.5, not 1.2345675E6), as a finance user reads them. */
  private static String text(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Double d && Double.isFinite(d)) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    if (value instanceof Float f && Float.isFinite(f)) {
      return new BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
    }
    if (value instanceof BigDecimal b) {
      return b.toPlainString();
    }
    return value.toString();
  }

  private static boolean numeric(int type) {
    switch (type) {
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
      case Types.REAL:
      case Types.FLOAT:
      case Types.DOUBLE:
      case Types.DECIMAL:
      case Types.NUMERIC:
        return true;
      default:
        return false;
    }
  }
}
