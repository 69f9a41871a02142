package io.cubesql.onestream.jdbc.internal;

import io.cubesql.onestream.jdbc.OneStreamSqlState;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A read-only, forward-only {@link ResultSet} over rows held in memory, with the columns of another
 * result set: what {@link OneStreamDatabaseMetaData} answers after rewriting the rows Calcite gives
 * (metadata result sets are small and Calcite builds them in memory too). A dynamic proxy: it reads
 * values with {@code getObject}, {@code getString}, the numeric and boolean getters and {@code
 * wasNull}, by index or label; any other method of {@code ResultSet} is refused with {@code 0A000}.
 */
final class RowsResultSet implements InvocationHandler {
  /** One column's description, copied from the source's {@link ResultSetMetaData}. */
  private record Col(
      String name,
      String label,
      int type,
      String typeName,
      String className,
      int nullable,
      int precision,
      int scale,
      int displaySize,
      boolean signed) {}

  private final List<Col> columns;
  private final List<Object[]> rows;
  private int row = -1;
  private boolean wasNull;
  private boolean closed;

  private RowsResultSet(List<Col> columns, List<Object[]> rows) {
    this.columns = columns;
    this.rows = rows;
  }

  /**
   * Reads {@code source} to the end and closes it; {@code rewrite} gets each row (one value per
   * column, by {@code getObject}) and returns it changed, or null to leave it out.
   */
  static ResultSet copy(ResultSet source, UnaryOperator<Object[]> rewrite) throws SQLException {
    try (ResultSet rs = source) {
      ResultSetMetaData md = rs.getMetaData();
      List<Col> cols = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        cols.add(
            new Col(
                md.getColumnName(i),
                md.getColumnLabel(i),
                md.getColumnType(i),
                md.getColumnTypeName(i),
                md.getColumnClassName(i),
                md.isNullable(i),
                md.getPrecision(i),
                md.getScale(i),
                md.getColumnDisplaySize(i),
                md.isSigned(i)));
      }
      List<Object[]> rows = new ArrayList<>();
      while (rs.next()) {
        Object[] r = new Object[cols.size()];
        for (int i = 0; i < r.length; i++) {
          r[i] = rs.getObject(i + 1);
        }
        Object[] out = rewrite.apply(r);
        if (out != null) {
          rows.add(out);
        }
      }
      return (ResultSet)
          Proxy.newProxyInstance(
              RowsResultSet.class.getClassLoader(),
              new Class<?>[] {ResultSet.class},
              new RowsResultSet(List.copyOf(cols), rows));
    }
  }

  /** A result set with the columns of {@code source} (which it closes) and {@code rows}. */
  static ResultSet withRows(ResultSet source, List<Object[]> rows) throws SQLException {
    ResultSet empty = copy(source, r -> null);
    RowsResultSet handler = (RowsResultSet) Proxy.getInvocationHandler(empty);
    handler.rows.addAll(rows);
    return empty;
  }

  /** The 0-based index of the column {@code label} names in {@code source}, ignoring case. */
  static int indexOf(ResultSetMetaData md, String label) throws SQLException {
    for (int i = 1; i <= md.getColumnCount(); i++) {
      if (md.getColumnLabel(i).equalsIgnoreCase(label)) {
        return i - 1;
      }
    }
    throw OneStreamSqlState.GENERAL_ERROR.exception("No column " + label, null);
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    switch (name) {
      case "next":
        checkOpen();
        if (row < rows.size()) {
          row++;
        }
        return row < rows.size();
      case "close":
        closed = true;
        return null;
      case "isClosed":
        return closed;
      case "wasNull":
        return wasNull;
      case "getMetaData":
        checkOpen();
        return metaData();
      case "findColumn":
        return index(args[0]) + 1;
      case "getStatement":
      case "getWarnings":
      case "getCursorName":
        return null;
      case "clearWarnings":
      case "setFetchSize":
        return null;
      case "setFetchDirection":
        if ((Integer) args[0] != ResultSet.FETCH_FORWARD) {
          throw OneStreamSqlState.notImplemented(ResultSet.class, "setFetchDirection(int)");
        }
        return null;
      case "getFetchSize":
        return 0;
      case "getFetchDirection":
        return ResultSet.FETCH_FORWARD;
      case "getType":
        return ResultSet.TYPE_FORWARD_ONLY;
      case "getConcurrency":
        return ResultSet.CONCUR_READ_ONLY;
      case "getHoldability":
        return ResultSet.CLOSE_CURSORS_AT_COMMIT;
      case "getRow":
        return row >= 0 && row < rows.size() ? row + 1 : 0;
      case "isBeforeFirst":
        return row < 0 && !rows.isEmpty();
      case "isAfterLast":
        return row >= rows.size() && !rows.isEmpty();
      case "isFirst":
        return row == 0 && !rows.isEmpty();
      case "isLast":
        return row == rows.size() - 1 && row >= 0;
      case "unwrap":
        if (((Class<?>) args[0]).isInstance(proxy)) {
          return proxy;
        }
        throw OneStreamSqlState.GENERAL_ERROR.exception("Not a wrapper for " + args[0], null);
      case "isWrapperFor":
        return ((Class<?>) args[0]).isInstance(proxy);
      case "toString":
        return "RowsResultSet[" + rows.size() + " rows]";
      case "hashCode":
        return System.identityHashCode(proxy);
      case "equals":
        return proxy == args[0];
      default:
        break;
    }
    if (name.startsWith("get") && args != null && (args.length == 1 || isTyped(method, args))) {
      Object v = value(args[0]);
      wasNull = v == null;
      return convert(v, args.length == 2 ? (Class<?>) args[1] : method.getReturnType(), name);
    }
    throw OneStreamSqlState.notImplemented(ResultSet.class, name + "(...)");
  }

  private static boolean isTyped(Method method, Object[] args) {
    return args.length == 2 && method.getName().equals("getObject") && args[1] instanceof Class;
  }

  private void checkOpen() throws SQLException {
    if (closed) {
      throw OneStreamSqlState.GENERAL_ERROR.exception("The result set is closed", null);
    }
  }

  private int index(Object column) throws SQLException {
    if (column instanceof Integer i) {
      if (i < 1 || i > columns.size()) {
        throw OneStreamSqlState.GENERAL_ERROR.exception("Column index out of range: " + i, null);
      }
      return i - 1;
    }
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).label().equalsIgnoreCase((String) column)) {
        return i;
      }
    }
    throw OneStreamSqlState.GENERAL_ERROR.exception("No column " + column, null);
  }

  private Object value(Object column) throws SQLException {
    checkOpen();
    int i = index(column);
    if (row < 0 || row >= rows.size()) {
      throw OneStreamSqlState.GENERAL_ERROR.exception("The result set has no current row", null);
    }
    return rows.get(row)[i];
  }

  private static Object convert(Object v, Class<?> type, String getter) throws SQLException {
    if (type == Object.class) {
      return v;
    }
    if (type == String.class) {
      return v == null ? null : v.toString();
    }
    if (type == boolean.class || type == Boolean.class) {
      if (v == null) {
        return type == boolean.class ? false : null;
      }
      if (v instanceof Boolean b) {
        return b;
      }
      if (v instanceof Number n) {
        return n.intValue() != 0;
      }
      return Boolean.parseBoolean(v.toString().strip());
    }
    if (type.isInstance(v)) {
      return v;
    }
    if (v == null) {
      return type.isPrimitive() ? zero(type) : null;
    }
    Number n;
    try {
      n = v instanceof Number number ? number : new BigDecimal(v.toString().strip());
    } catch (NumberFormatException e) {
      throw OneStreamSqlState.INVALID_CHARACTER_VALUE_FOR_CAST.exception(
          "Cannot convert '" + v + "' with " + getter, null);
    }
    String t = type.getSimpleName().toLowerCase(Locale.ROOT);
    switch (t) {
      case "byte":
        return n.byteValue();
      case "short":
        return n.shortValue();
      case "int":
      case "integer":
        return n.intValue();
      case "long":
        return n.longValue();
      case "float":
        return n.floatValue();
      case "double":
        return n.doubleValue();
      case "bigdecimal":
        return new BigDecimal(n.toString());
      default:
        throw OneStreamSqlState.notImplemented(ResultSet.class, getter + "(...)");
    }
  }

  private static Object zero(Class<?> type) {
    if (type == byte.class) {
      return (byte) 0;
    }
    if (type == short.class) {
      return (short) 0;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == float.class) {
      return 0f;
    }
    return 0d;
  }

  private ResultSetMetaData metaData() {
    return (ResultSetMetaData)
        Proxy.newProxyInstance(
            RowsResultSet.class.getClassLoader(),
            new Class<?>[] {ResultSetMetaData.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getColumnCount":
                  return columns.size();
                case "unwrap":
                  if (((Class<?>) args[0]).isInstance(proxy)) {
                    return proxy;
                  }
                  throw OneStreamSqlState.GENERAL_ERROR.exception(
                      "Not a wrapper for " + args[0], null);
                case "isWrapperFor":
                  return ((Class<?>) args[0]).isInstance(proxy);
                case "toString":
                  return "RowsResultSet.MetaData" + columns;
                case "hashCode":
                  return System.identityHashCode(proxy);
                case "equals":
                  return proxy == args[0];
                default:
                  break;
              }
              int i = (Integer) args[0];
              if (i < 1 || i > columns.size()) {
                throw OneStreamSqlState.GENERAL_ERROR.exception(
                    "Column index out of range: " + i, null);
              }
              Col c = columns.get(i - 1);
              return switch (method.getName()) {
                case "getColumnName" -> c.name();
                case "getColumnLabel" -> c.label();
                case "getColumnType" -> c.type();
                case "getColumnTypeName" -> c.typeName();
                case "getColumnClassName" -> c.className();
                case "isNullable" -> c.nullable();
                case "getPrecision" -> c.precision();
                case "getScale" -> c.scale();
                case "getColumnDisplaySize" -> c.displaySize();
                case "isSigned" -> c.signed();
                case "getSchemaName", "getTableName", "getCatalogName" -> "";
                case "isReadOnly", "isCaseSensitive", "isSearchable" -> true;
                case "isAutoIncrement", "isCurrency", "isWritable", "isDefinitelyWritable" -> false;
                default ->
                    throw OneStreamSqlState.notImplemented(
                        ResultSetMetaData.class, method.getName() + "(int)");
              };
            });
  }
}
