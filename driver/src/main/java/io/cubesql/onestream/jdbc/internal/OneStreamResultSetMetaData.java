package io.cubesql.onestream.jdbc.internal;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Calcite's {@link ResultSetMetaData} with the sizes JDBC defines and tools size their columns by
 * (Calcite says 0 or -1 for "not specified": SQLLine and DBeaver then draw empty columns), and
 * {@link #getColumnName} answering an alias, so that it reaches tools that name columns by
 * getColumnName (JPype's and JayDeBeApi's DB-API), as pgjdbc does. Type names are the plain ones of
 * {@code DatabaseMetaData.getColumns} ({@link ColumnTypes}).
 */
final class OneStreamResultSetMetaData implements ResultSetMetaData {
  private final ResultSetMetaData delegate;

  OneStreamResultSetMetaData(ResultSetMetaData delegate) {
    this.delegate = delegate;
  }

  private ColumnTypes shape(int column) throws SQLException {
    return ColumnTypes.of(
        delegate.getColumnType(column),
        delegate.getColumnTypeName(column),
        delegate.getPrecision(column),
        delegate.getScale(column));
  }

  /**
   * The alias when the query gave one ({@code Time_StartDate AS Month} is {@code Month}), else the
   * column's own name in OneStream's case ({@code SELECT entity} is {@code Entity}; its label is
   * {@code entity}, as written).
   */
  @Override
  public String getColumnName(int column) throws SQLException {
    String label = delegate.getColumnLabel(column);
    String name = delegate.getColumnName(column);
    return name == null || !name.equalsIgnoreCase(label) ? label : name;
  }

  @Override
  public String getColumnTypeName(int column) throws SQLException {
    return shape(column).typeName();
  }

  @Override
  public int getPrecision(int column) throws SQLException {
    Integer size = shape(column).columnSize();
    return size == null ? 0 : size;
  }

  @Override
  public int getScale(int column) throws SQLException {
    Integer digits = shape(column).decimalDigits();
    return digits == null ? 0 : digits;
  }

  /**
   * The characters a value takes at most: its length for text, dates and times; for numbers their
   * digits, a sign and a point (a {@code DOUBLE} prints up to 24: {@code -1.7976931348623157E308});
   * {@code false} for a {@code BOOLEAN}.
   */
  @Override
  public int getColumnDisplaySize(int column) throws SQLException {
    int type = delegate.getColumnType(column);
    ColumnTypes shape = shape(column);
    int size = shape.columnSize() == null ? 0 : shape.columnSize();
    switch (type) {
      case Types.DOUBLE, Types.FLOAT -> {
        return 24;
      }
      case Types.REAL -> {
        return 15;
      }
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
        return size + 1;
      }
      case Types.DECIMAL, Types.NUMERIC -> {
        return size + 2;
      }
      case Types.BOOLEAN, Types.BIT -> {
        return 5;
      }
      default -> {
        int calcite = delegate.getColumnDisplaySize(column);
        return size > 0 ? size : Math.max(calcite, 0);
      }
    }
  }

  @Override
  public int getColumnCount() throws SQLException {
    return delegate.getColumnCount();
  }

  @Override
  public boolean isAutoIncrement(int column) throws SQLException {
    return delegate.isAutoIncrement(column);
  }

  @Override
  public boolean isCaseSensitive(int column) throws SQLException {
    return delegate.isCaseSensitive(column);
  }

  @Override
  public boolean isSearchable(int column) throws SQLException {
    return delegate.isSearchable(column);
  }

  @Override
  public boolean isCurrency(int column) throws SQLException {
    return delegate.isCurrency(column);
  }

  @Override
  public int isNullable(int column) throws SQLException {
    return delegate.isNullable(column);
  }

  @Override
  public boolean isSigned(int column) throws SQLException {
    return delegate.isSigned(column);
  }

  @Override
  public String getColumnLabel(int column) throws SQLException {
    return delegate.getColumnLabel(column);
  }

  @Override
  public String getSchemaName(int column) throws SQLException {
    return delegate.getSchemaName(column);
  }

  @Override
  public String getTableName(int column) throws SQLException {
    return delegate.getTableName(column);
  }

  @Override
  public String getCatalogName(int column) throws SQLException {
    return ""; // no catalogs (DatabaseMetaData.getCatalogs is empty)
  }

  @Override
  public int getColumnType(int column) throws SQLException {
    return delegate.getColumnType(column);
  }

  @Override
  public boolean isReadOnly(int column) throws SQLException {
    return true;
  }

  @Override
  public boolean isWritable(int column) throws SQLException {
    return false;
  }

  @Override
  public boolean isDefinitelyWritable(int column) throws SQLException {
    return false;
  }

  @Override
  public String getColumnClassName(int column) throws SQLException {
    return delegate.getColumnClassName(column);
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || delegate.isWrapperFor(iface);
  }
}
