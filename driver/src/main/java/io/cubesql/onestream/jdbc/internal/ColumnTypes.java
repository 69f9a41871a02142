package io.cubesql.onestream.jdbc.internal;

import java.sql.JDBCType;
import java.sql.Types;

/**
 * How a column's type reads in {@code DatabaseMetaData.getColumns}: the plain SQL name ({@code
 * VARCHAR}, not Calcite's {@code VARCHAR CHARACTER SET "ISO-8859-1" NOT NULL} or {@code
 * JavaType(class java.lang.String)}), and a {@code COLUMN_SIZE}, {@code DECIMAL_DIGITS}, {@code
 * NUM_PREC_RADIX} and {@code CHAR_OCTET_LENGTH} as JDBC defines them, where Calcite says -1 for
 * "not specified" (PITFALLS.md, Calcite and Avatica).
 *
 * @param typeName the SQL type name without precision, character set or nullability
 * @param columnSize characters for text, digits for numbers, the length of the literal for dates
 *     and times; null when it does not apply
 * @param decimalDigits digits after the point (fractional seconds for times); null when it does not
 *     apply
 * @param radix 10 for numbers, else null
 * @param charOctetLength the most bytes a text value takes, else null
 */
record ColumnTypes(
    String typeName,
    Integer columnSize,
    Integer decimalDigits,
    Integer radix,
    Integer charOctetLength) {
  /** The longest {@code VARCHAR} and {@code VARBINARY} (Calcite's type system, as getTypeInfo). */
  static final int MAX_LENGTH = 65536;

  /** The most digits of a {@code DECIMAL} that tools (Spark, Tableau) accept. */
  static final int MAX_DECIMAL_PRECISION = 38;

  /** Calcite's {@code DECIMAL} precision when none was given. */
  private static final int DEFAULT_DECIMAL_PRECISION = 19;

  /**
   * The shape of a column Calcite describes as {@code dataType} ({@link Types}), {@code
   * calciteName} (its full type string), {@code size} and {@code digits} (its precision and scale,
   * null or -1 when not specified).
   */
  static ColumnTypes of(int dataType, String calciteName, Integer size, Integer digits) {
    int p = size == null ? -1 : size;
    int s = digits == null ? -1 : digits;
    String name = typeName(dataType, calciteName);
    switch (dataType) {
      case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR -> {
        int length = p > 0 ? p : MAX_LENGTH;
        // UTF-8: up to four bytes a character.
        return new ColumnTypes(name, length, null, null, 4 * length);
      }
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> {
        int length = p > 0 ? p : MAX_LENGTH;
        return new ColumnTypes(name, length, null, null, length);
      }
      case Types.TINYINT -> {
        return new ColumnTypes(name, 3, 0, 10, null);
      }
      case Types.SMALLINT -> {
        return new ColumnTypes(name, 5, 0, 10, null);
      }
      case Types.INTEGER -> {
        return new ColumnTypes(name, 10, 0, 10, null);
      }
      case Types.BIGINT -> {
        return new ColumnTypes(name, 19, 0, 10, null);
      }
      case Types.REAL -> {
        return new ColumnTypes(name, 7, null, 10, null);
      }
      case Types.FLOAT, Types.DOUBLE -> {
        // The decimal digits a double holds exactly (DBL_DIG), as getTypeInfo and
        // ResultSetMetaData.getPrecision say.
        return new ColumnTypes(name, 15, null, 10, null);
      }
      case Types.DECIMAL, Types.NUMERIC -> {
        int precision = Math.min(p > 0 ? p : DEFAULT_DECIMAL_PRECISION, MAX_DECIMAL_PRECISION);
        int scale = Math.max(0, Math.min(s, precision));
        return new ColumnTypes(name, precision, scale, 10, null);
      }
      case Types.BOOLEAN, Types.BIT -> {
        return new ColumnTypes(name, 1, null, null, null);
      }
      case Types.DATE -> {
        return new ColumnTypes(name, 10, null, null, null); // yyyy-mm-dd
      }
      case Types.TIME, Types.TIME_WITH_TIMEZONE -> {
        // For a time type Calcite's precision is the fractional seconds: hh:mm:ss[.fff]
        int fraction = Math.max(0, p);
        return new ColumnTypes(name, 8 + (fraction > 0 ? fraction + 1 : 0), fraction, null, null);
      }
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
        int fraction = Math.max(0, p); // yyyy-mm-dd hh:mm:ss[.fff]
        return new ColumnTypes(name, 19 + (fraction > 0 ? fraction + 1 : 0), fraction, null, null);
      }
      default -> {
        return new ColumnTypes(name, p >= 0 ? p : null, s >= 0 ? s : null, null, null);
      }
    }
  }

  /**
   * The plain name of a Calcite type string: {@code VARCHAR CHARACTER SET "UTF-8" NOT NULL} and
   * {@code VARCHAR(20)} are {@code VARCHAR}, {@code TIMESTAMP(0)} is {@code TIMESTAMP}; a Java type
   * ({@code JavaType(int)}) or nothing at all is named after its JDBC type.
   */
  static String typeName(int dataType, String calciteName) {
    String s = calciteName == null ? "" : calciteName.strip();
    if (s.startsWith("JavaType(") || s.isEmpty()) {
      return jdbcName(dataType);
    }
    if (s.endsWith(" NOT NULL")) {
      s = s.substring(0, s.length() - " NOT NULL".length());
    }
    int cut = s.indexOf(" CHARACTER SET");
    if (cut >= 0) {
      s = s.substring(0, cut);
    }
    cut = s.indexOf('(');
    if (cut >= 0) {
      int close = s.indexOf(')', cut);
      s = (s.substring(0, cut) + (close >= 0 ? s.substring(close + 1) : "")).strip();
    }
    return s.isEmpty() ? jdbcName(dataType) : s;
  }

  private static String jdbcName(int dataType) {
    try {
      return JDBCType.valueOf(dataType).getName();
    } catch (IllegalArgumentException e) {
      return "OTHER"; // a vendor code JDBC does not name (Calcite's GEOMETRY)
    }
  }
}
