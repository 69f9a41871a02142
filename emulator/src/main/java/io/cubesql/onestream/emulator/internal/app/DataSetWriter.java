package io.cubesql.onestream.emulator.internal.app;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.format.DateTimeFormatter;

/**
 * Writes rows as ADO.NET DataSets are serialised by Newtonsoft (onestream-api.md §4 [CLIENT]): no
 * type metadata, numbers as JSON numbers, dates as ISO-8601 strings, DBNull as null.
 */
final class DataSetWriter {
  private DataSetWriter() {}

  /**
   * Writes the rows of {@code rs} as a JSON array of objects. Duplicate column labels get a number,
   * as ADO.NET does ({@code Name}, {@code Name1}), so that no JSON key repeats.
   *
   * @param onFirstRow null when the cursor has not moved yet; else whether it stands on a first row
   *     already read
   */
  static void writeRows(JsonGenerator out, ResultSet rs, Boolean onFirstRow)
      throws IOException, SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int n = meta.getColumnCount();
    String[] names = new String[n];
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < n; i++) {
      String label = meta.getColumnLabel(i + 1);
      String unique = label;
      for (int k = 1; !seen.add(unique.toLowerCase(java.util.Locale.ROOT)); k++) {
        unique = label + k;
      }
      names[i] = unique;
    }
    out.writeStartArray();
    boolean more = onFirstRow == null ? rs.next() : onFirstRow;
    for (; more; more = rs.next()) {
      out.writeStartObject();
      for (int i = 0; i < n; i++) {
        out.writeFieldName(names[i]);
        writeValue(out, rs, i + 1, meta.getColumnType(i + 1));
      }
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  private static void writeValue(JsonGenerator out, ResultSet rs, int col, int type)
      throws IOException, SQLException {
    switch (type) {
      case Types.INTEGER:
      case Types.SMALLINT:
      case Types.TINYINT:
      case Types.BIGINT:
        long l = rs.getLong(col);
        if (rs.wasNull()) {
          out.writeNull();
        } else {
          out.writeNumber(l);
        }
        break;
      case Types.DOUBLE:
      case Types.FLOAT:
      case Types.REAL:
        double d = rs.getDouble(col);
        // NaN and infinities have no JSON form; DBNull is the nearest an ADO.NET client sees.
        if (rs.wasNull() || !Double.isFinite(d)) {
          out.writeNull();
        } else {
          out.writeNumber(d);
        }
        break;
      case Types.DECIMAL:
      case Types.NUMERIC:
        BigDecimal b = rs.getBigDecimal(col);
        if (b == null) {
          out.writeNull();
        } else {
          out.writeNumber(b);
        }
        break;
      case Types.BOOLEAN:
      case Types.BIT:
        boolean v = rs.getBoolean(col);
        if (rs.wasNull()) {
          out.writeNull();
        } else {
          out.writeBoolean(v);
        }
        break;
      case Types.TIMESTAMP:
      case Types.DATE:
        Timestamp t = rs.getTimestamp(col);
        if (t == null) {
          out.writeNull();
        } else {
          out.writeString(t.toLocalDateTime().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        }
        break;
      default:
        String s = rs.getString(col);
        if (s == null) {
          out.writeNull();
        } else {
          out.writeString(s);
        }
    }
  }
}
