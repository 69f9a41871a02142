package io.cubesql.onestream.calcite;

import java.time.LocalDate;
import java.util.Map;
import org.apache.calcite.sql.type.SqlTypeName;

/** Converts the values of OneStream answers into Calcite's internal representation. */
final class Values {
  private Values() {}

  /**
   * {@code v} as a value of SQL type {@code type}: VARCHAR as String, DOUBLE as Double, INTEGER as
   * Integer, BIGINT as Long (a number with a fraction does not fit), BOOLEAN as Boolean, DATE as
   * days since 1970-01-01 (Integer), null as null.
   *
   * @throws OneStreamAdapterException 22018 naming the column when the value does not fit the type
   */
  static Object convert(Object v, SqlTypeName type, String column) {
    if (v == null) {
      return null;
    }
    switch (type) {
      case VARCHAR:
        return v instanceof String s ? s : v.toString();
      case DOUBLE:
        if (v instanceof Number n) {
          return n.doubleValue();
        }
        return parse(v, column, () -> Double.valueOf(v.toString()));
      case INTEGER:
        if (v instanceof Number n) {
          return n.intValue();
        }
        return parse(v, column, () -> Integer.valueOf(v.toString().strip()));
      case BIGINT:
        if (v instanceof Long || v instanceof Integer) {
          return ((Number) v).longValue();
        }
        return parse(
            v, column, () -> new java.math.BigDecimal(v.toString().strip()).longValueExact());
      case BOOLEAN:
        if (v instanceof Boolean b) {
          return b;
        }
        String s = v.toString().strip();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
          return Boolean.valueOf(s);
        }
        throw bad(column, v);
      case DATE:
        String text = v.toString();
        return parse(
            v,
            column,
            () ->
                (int)
                    LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text)
                        .toEpochDay());
      default:
        throw new IllegalStateException("No conversion to " + type);
    }
  }

  /**
   * The value of {@code key} in an answer's row, its name matched ignoring case (servers differ in
   * case), as text; null when absent or null.
   */
  static String text(Map<String, Object> row, String key) {
    for (Map.Entry<String, Object> e : row.entrySet()) {
      if (e.getKey().equalsIgnoreCase(key) && e.getValue() != null) {
        return e.getValue().toString();
      }
    }
    return null;
  }

  private interface Parser {
    Object parse();
  }

  private static Object parse(Object v, String column, Parser p) {
    try {
      return p.parse();
    } catch (java.time.DateTimeException | ArithmeticException | NumberFormatException e) {
      throw bad(column, v);
    }
  }

  private static OneStreamAdapterException bad(String column, Object v) {
    return new OneStreamAdapterException(
        States.CONVERSION,
        "The server answered a value of column '" + column + "' that is not of its type: " + v);
  }
}
