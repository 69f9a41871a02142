package io.cubesql.onestream.jdbc.internal;

import io.cubesql.onestream.jdbc.OneStreamSqlState;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A result set of a OneStream connection: Calcite's, read-only, with the SQLStates restored. Rows
 * are fetched while it is read, so {@link #next()} is where API errors, a cancel and the query
 * timeout surface. Result sets of {@code DatabaseMetaData} have no statement.
 */
final class OneStreamResultSet implements ResultSet {
  private final OneStreamStatement<?> statement;
  final ResultSet delegate;
  private final SqlErrors errors;
  private final long maxRows;
  private long rows;

  /**
   * Wraps {@code delegate}.
   *
   * @param statement the statement that ran the query; null for metadata
   * @param maxRows the statement's {@code maxRows} when it ran; 0 for no limit
   */
  OneStreamResultSet(
      OneStreamStatement<?> statement, ResultSet delegate, SqlErrors errors, long maxRows) {
    this.statement = statement;
    this.delegate = delegate;
    this.errors = errors;
    this.maxRows = maxRows;
  }

  private SQLException translate(Throwable e) {
    return statement != null ? statement.translate(e) : errors.translate(e);
  }

  /**
   * The next row. {@code maxRows} is enforced here: Calcite applies it to a {@code Statement} but
   * not to a {@code PreparedStatement}, and the adapter only fetches what is read.
   */
  @Override
  public boolean next() throws SQLException {
    try {
      boolean more = (maxRows <= 0 || rows < maxRows) && delegate.next();
      if (more) {
        rows++;
      } else if (statement != null) {
        statement.finished(this);
      }
      return more;
    } catch (SQLException | RuntimeException e) {
      throw failed(e);
    } catch (Error e) {
      throw failed(OneStreamStatement.generatedCodeFailure(e));
    }
  }

  /** {@code e}, from reading the next row, with its SQLState; the execution is over. */
  private SQLException failed(Throwable e) {
    if (statement == null) {
      return errors.translate(e);
    }
    SQLException translated = statement.fail(e);
    if (statement.stopped()) {
      // Closing the cursor closes the adapter's enumerator, which aborts calls still in flight.
      closeQuietly(translated);
    }
    return translated;
  }

  private void closeQuietly(SQLException into) {
    try {
      delegate.close();
    } catch (SQLException | RuntimeException e) {
      into.addSuppressed(e);
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      delegate.close();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    } finally {
      if (statement != null) {
        statement.finished(this);
      }
    }
  }

  @Override
  public Statement getStatement() throws SQLException {
    return statement;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    try {
      return delegate.unwrap(iface);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || delegate.isWrapperFor(iface);
  }

  @Override
  public boolean absolute(int row) throws SQLException {
    try {
      return delegate.absolute(row);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void afterLast() throws SQLException {
    try {
      delegate.afterLast();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void beforeFirst() throws SQLException {
    try {
      delegate.beforeFirst();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void cancelRowUpdates() throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "cancelRowUpdates()");
  }

  @Override
  public void clearWarnings() throws SQLException {
    try {
      delegate.clearWarnings();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void deleteRow() throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "deleteRow()");
  }

  @Override
  public int findColumn(String columnLabel) throws SQLException {
    try {
      return delegate.findColumn(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean first() throws SQLException {
    try {
      return delegate.first();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Array getArray(String columnLabel) throws SQLException {
    try {
      return delegate.getArray(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Array getArray(int columnIndex) throws SQLException {
    try {
      return delegate.getArray(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public InputStream getAsciiStream(String columnLabel) throws SQLException {
    try {
      return delegate.getAsciiStream(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public InputStream getAsciiStream(int columnIndex) throws SQLException {
    try {
      return delegate.getAsciiStream(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
    try {
      return delegate.getBigDecimal(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
    try {
      return delegate.getBigDecimal(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Deprecated
  @Override
  public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
    try {
      return delegate.getBigDecimal(columnLabel, scale);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Deprecated
  @Override
  public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
    try {
      return delegate.getBigDecimal(columnIndex, scale);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public InputStream getBinaryStream(String columnLabel) throws SQLException {
    try {
      return delegate.getBinaryStream(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public InputStream getBinaryStream(int columnIndex) throws SQLException {
    try {
      return delegate.getBinaryStream(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Blob getBlob(String columnLabel) throws SQLException {
    try {
      return delegate.getBlob(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Blob getBlob(int columnIndex) throws SQLException {
    try {
      return delegate.getBlob(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean getBoolean(String columnLabel) throws SQLException {
    try {
      return delegate.getBoolean(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean getBoolean(int columnIndex) throws SQLException {
    try {
      return delegate.getBoolean(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public byte getByte(String columnLabel) throws SQLException {
    try {
      return delegate.getByte(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public byte getByte(int columnIndex) throws SQLException {
    try {
      return delegate.getByte(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public byte[] getBytes(String columnLabel) throws SQLException {
    try {
      return delegate.getBytes(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public byte[] getBytes(int columnIndex) throws SQLException {
    try {
      return delegate.getBytes(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Reader getCharacterStream(String columnLabel) throws SQLException {
    try {
      return delegate.getCharacterStream(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Reader getCharacterStream(int columnIndex) throws SQLException {
    try {
      return delegate.getCharacterStream(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Clob getClob(String columnLabel) throws SQLException {
    try {
      return delegate.getClob(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Clob getClob(int columnIndex) throws SQLException {
    try {
      return delegate.getClob(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getConcurrency() throws SQLException {
    try {
      return delegate.getConcurrency();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public String getCursorName() throws SQLException {
    try {
      return delegate.getCursorName();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Date getDate(String columnLabel) throws SQLException {
    try {
      return delegate.getDate(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Date getDate(int columnIndex) throws SQLException {
    try {
      return delegate.getDate(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Date getDate(String columnLabel, Calendar cal) throws SQLException {
    try {
      return delegate.getDate(columnLabel, cal);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Date getDate(int columnIndex, Calendar cal) throws SQLException {
    try {
      return delegate.getDate(columnIndex, cal);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public double getDouble(String columnLabel) throws SQLException {
    try {
      return delegate.getDouble(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public double getDouble(int columnIndex) throws SQLException {
    try {
      return delegate.getDouble(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getFetchDirection() throws SQLException {
    try {
      return delegate.getFetchDirection();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getFetchSize() throws SQLException {
    try {
      return delegate.getFetchSize();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public float getFloat(String columnLabel) throws SQLException {
    try {
      return delegate.getFloat(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public float getFloat(int columnIndex) throws SQLException {
    try {
      return delegate.getFloat(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getHoldability() throws SQLException {
    try {
      return delegate.getHoldability();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getInt(String columnLabel) throws SQLException {
    try {
      return delegate.getInt(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getInt(int columnIndex) throws SQLException {
    try {
      return delegate.getInt(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public long getLong(String columnLabel) throws SQLException {
    try {
      return delegate.getLong(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public long getLong(int columnIndex) throws SQLException {
    try {
      return delegate.getLong(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    try {
      ResultSetMetaData md = delegate.getMetaData();
      return md == null ? null : new OneStreamResultSetMetaData(md);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Reader getNCharacterStream(String columnLabel) throws SQLException {
    try {
      return delegate.getNCharacterStream(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Reader getNCharacterStream(int columnIndex) throws SQLException {
    try {
      return delegate.getNCharacterStream(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public NClob getNClob(String columnLabel) throws SQLException {
    try {
      return delegate.getNClob(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public NClob getNClob(int columnIndex) throws SQLException {
    try {
      return delegate.getNClob(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public String getNString(String columnLabel) throws SQLException {
    try {
      return delegate.getNString(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public String getNString(int columnIndex) throws SQLException {
    try {
      return delegate.getNString(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Object getObject(String columnLabel) throws SQLException {
    try {
      return delegate.getObject(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Object getObject(int columnIndex) throws SQLException {
    try {
      return delegate.getObject(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    try {
      return delegate.getObject(columnLabel, type);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
    try {
      return delegate.getObject(columnLabel, map);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
    try {
      return delegate.getObject(columnIndex, type);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
    try {
      return delegate.getObject(columnIndex, map);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Ref getRef(String columnLabel) throws SQLException {
    try {
      return delegate.getRef(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Ref getRef(int columnIndex) throws SQLException {
    try {
      return delegate.getRef(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getRow() throws SQLException {
    try {
      return delegate.getRow();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public RowId getRowId(String columnLabel) throws SQLException {
    try {
      return delegate.getRowId(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public RowId getRowId(int columnIndex) throws SQLException {
    try {
      return delegate.getRowId(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public SQLXML getSQLXML(String columnLabel) throws SQLException {
    try {
      return delegate.getSQLXML(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public SQLXML getSQLXML(int columnIndex) throws SQLException {
    try {
      return delegate.getSQLXML(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public short getShort(String columnLabel) throws SQLException {
    try {
      return delegate.getShort(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public short getShort(int columnIndex) throws SQLException {
    try {
      return delegate.getShort(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public String getString(String columnLabel) throws SQLException {
    try {
      return delegate.getString(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public String getString(int columnIndex) throws SQLException {
    try {
      return delegate.getString(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Time getTime(String columnLabel) throws SQLException {
    try {
      return delegate.getTime(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Time getTime(int columnIndex) throws SQLException {
    try {
      return delegate.getTime(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Time getTime(String columnLabel, Calendar cal) throws SQLException {
    try {
      return delegate.getTime(columnLabel, cal);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Time getTime(int columnIndex, Calendar cal) throws SQLException {
    try {
      return delegate.getTime(columnIndex, cal);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Timestamp getTimestamp(String columnLabel) throws SQLException {
    try {
      return delegate.getTimestamp(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Timestamp getTimestamp(int columnIndex) throws SQLException {
    try {
      return delegate.getTimestamp(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
    try {
      return delegate.getTimestamp(columnLabel, cal);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
    try {
      return delegate.getTimestamp(columnIndex, cal);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getType() throws SQLException {
    try {
      return delegate.getType();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public URL getURL(String columnLabel) throws SQLException {
    try {
      return delegate.getURL(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public URL getURL(int columnIndex) throws SQLException {
    try {
      return delegate.getURL(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Deprecated
  @Override
  public InputStream getUnicodeStream(String columnLabel) throws SQLException {
    try {
      return delegate.getUnicodeStream(columnLabel);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Deprecated
  @Override
  public InputStream getUnicodeStream(int columnIndex) throws SQLException {
    try {
      return delegate.getUnicodeStream(columnIndex);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    try {
      return delegate.getWarnings();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void insertRow() throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "insertRow()");
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    try {
      return delegate.isAfterLast();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    try {
      return delegate.isBeforeFirst();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    try {
      return delegate.isClosed();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isFirst() throws SQLException {
    try {
      return delegate.isFirst();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isLast() throws SQLException {
    try {
      return delegate.isLast();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean last() throws SQLException {
    try {
      return delegate.last();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void moveToCurrentRow() throws SQLException {
    try {
      delegate.moveToCurrentRow();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void moveToInsertRow() throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "moveToInsertRow()");
  }

  @Override
  public boolean previous() throws SQLException {
    try {
      return delegate.previous();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void refreshRow() throws SQLException {
    try {
      delegate.refreshRow();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean relative(int rows) throws SQLException {
    try {
      return delegate.relative(rows);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean rowDeleted() throws SQLException {
    try {
      return delegate.rowDeleted();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean rowInserted() throws SQLException {
    try {
      return delegate.rowInserted();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean rowUpdated() throws SQLException {
    try {
      return delegate.rowUpdated();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    try {
      delegate.setFetchDirection(direction);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    try {
      delegate.setFetchSize(rows);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void updateArray(String columnLabel, Array x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateArray(String, Array)");
  }

  @Override
  public void updateArray(int columnIndex, Array x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateArray(int, Array)");
  }

  @Override
  public void updateAsciiStream(String columnLabel, InputStream x) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateAsciiStream(String, InputStream)");
  }

  @Override
  public void updateAsciiStream(int columnIndex, InputStream x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateAsciiStream(int, InputStream)");
  }

  @Override
  public void updateAsciiStream(String columnLabel, InputStream x, int length) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateAsciiStream(String, InputStream, int)");
  }

  @Override
  public void updateAsciiStream(String columnLabel, InputStream x, long length)
      throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateAsciiStream(String, InputStream, long)");
  }

  @Override
  public void updateAsciiStream(int columnIndex, InputStream x, int length) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateAsciiStream(int, InputStream, int)");
  }

  @Override
  public void updateAsciiStream(int columnIndex, InputStream x, long length) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateAsciiStream(int, InputStream, long)");
  }

  @Override
  public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateBigDecimal(String, BigDecimal)");
  }

  @Override
  public void updateBigDecimal(int columnIndex, BigDecimal x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateBigDecimal(int, BigDecimal)");
  }

  @Override
  public void updateBinaryStream(String columnLabel, InputStream x) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateBinaryStream(String, InputStream)");
  }

  @Override
  public void updateBinaryStream(int columnIndex, InputStream x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateBinaryStream(int, InputStream)");
  }

  @Override
  public void updateBinaryStream(String columnLabel, InputStream x, int length)
      throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateBinaryStream(String, InputStream, int)");
  }

  @Override
  public void updateBinaryStream(String columnLabel, InputStream x, long length)
      throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateBinaryStream(String, InputStream, long)");
  }

  @Override
  public void updateBinaryStream(int columnIndex, InputStream x, int length) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateBinaryStream(int, InputStream, int)");
  }

  @Override
  public void updateBinaryStream(int columnIndex, InputStream x, long length) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateBinaryStream(int, InputStream, long)");
  }

  @Override
  public void updateBlob(String columnLabel, InputStream x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateBlob(String, InputStream)");
  }

  @Override
  public void updateBlob(String columnLabel, Blob x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateBlob(String, Blob)");
  }

  @Override
  public void updateBlob(int columnIndex, InputStream x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateBlob(int, InputStream)");
  }

  @Override
  public void updateBlob(int columnIndex, Blob x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateBlob(int, Blob)");
  }

  @Override
  public void updateBlob(String columnLabel, InputStream x, long length) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateBlob(String, InputStream, long)");
  }

  @Override
  public void updateBlob(int columnIndex, InputStream x, long length) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateBlob(int, InputStream, long)");
  }

  @Override
  public void updateBoolean(String columnLabel, boolean value) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateBoolean(String, boolean)");
  }

  @Override
  public void updateBoolean(int columnIndex, boolean value) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateBoolean(int, boolean)");
  }

  @Override
  public void updateByte(String columnLabel, byte x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateByte(String, byte)");
  }

  @Override
  public void updateByte(int columnIndex, byte x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateByte(int, byte)");
  }

  @Override
  public void updateBytes(String columnLabel, byte[] x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateBytes(String, byte[])");
  }

  @Override
  public void updateBytes(int columnIndex, byte[] x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateBytes(int, byte[])");
  }

  @Override
  public void updateCharacterStream(String columnLabel, Reader x) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateCharacterStream(String, Reader)");
  }

  @Override
  public void updateCharacterStream(int columnIndex, Reader x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateCharacterStream(int, Reader)");
  }

  @Override
  public void updateCharacterStream(String columnLabel, Reader x, int length) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateCharacterStream(String, Reader, int)");
  }

  @Override
  public void updateCharacterStream(String columnLabel, Reader x, long length) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateCharacterStream(String, Reader, long)");
  }

  @Override
  public void updateCharacterStream(int columnIndex, Reader x, int length) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateCharacterStream(int, Reader, int)");
  }

  @Override
  public void updateCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateCharacterStream(int, Reader, long)");
  }

  @Override
  public void updateClob(String columnLabel, Reader x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateClob(String, Reader)");
  }

  @Override
  public void updateClob(String columnLabel, Clob x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateClob(String, Clob)");
  }

  @Override
  public void updateClob(int columnIndex, Reader x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateClob(int, Reader)");
  }

  @Override
  public void updateClob(int columnIndex, Clob x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateClob(int, Clob)");
  }

  @Override
  public void updateClob(String columnLabel, Reader x, long length) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateClob(String, Reader, long)");
  }

  @Override
  public void updateClob(int columnIndex, Reader x, long length) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateClob(int, Reader, long)");
  }

  @Override
  public void updateDate(String columnLabel, Date x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateDate(String, Date)");
  }

  @Override
  public void updateDate(int columnIndex, Date x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateDate(int, Date)");
  }

  @Override
  public void updateDouble(String columnLabel, double x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateDouble(String, double)");
  }

  @Override
  public void updateDouble(int columnIndex, double x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateDouble(int, double)");
  }

  @Override
  public void updateFloat(String columnLabel, float x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateFloat(String, float)");
  }

  @Override
  public void updateFloat(int columnIndex, float x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateFloat(int, float)");
  }

  @Override
  public void updateInt(String columnLabel, int n) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateInt(String, int)");
  }

  @Override
  public void updateInt(int columnIndex, int n) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateInt(int, int)");
  }

  @Override
  public void updateLong(String columnLabel, long n) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateLong(String, long)");
  }

  @Override
  public void updateLong(int columnIndex, long n) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateLong(int, long)");
  }

  @Override
  public void updateNCharacterStream(String columnLabel, Reader x) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateNCharacterStream(String, Reader)");
  }

  @Override
  public void updateNCharacterStream(int columnIndex, Reader x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateNCharacterStream(int, Reader)");
  }

  @Override
  public void updateNCharacterStream(String columnLabel, Reader x, long length)
      throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateNCharacterStream(String, Reader, long)");
  }

  @Override
  public void updateNCharacterStream(int columnIndex, Reader x, long length) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateNCharacterStream(int, Reader, long)");
  }

  @Override
  public void updateNClob(String columnLabel, Reader x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateNClob(String, Reader)");
  }

  @Override
  public void updateNClob(String columnLabel, NClob x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateNClob(String, NClob)");
  }

  @Override
  public void updateNClob(int columnIndex, Reader x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateNClob(int, Reader)");
  }

  @Override
  public void updateNClob(int columnIndex, NClob x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateNClob(int, NClob)");
  }

  @Override
  public void updateNClob(String columnLabel, Reader x, long length) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateNClob(String, Reader, long)");
  }

  @Override
  public void updateNClob(int columnIndex, Reader x, long length) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateNClob(int, Reader, long)");
  }

  @Override
  public void updateNString(String columnLabel, String x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateNString(String, String)");
  }

  @Override
  public void updateNString(int columnIndex, String x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateNString(int, String)");
  }

  @Override
  public void updateNull(String columnLabel) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateNull(String)");
  }

  @Override
  public void updateNull(int columnIndex) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateNull(int)");
  }

  @Override
  public void updateObject(String columnLabel, Object x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateObject(String, Object)");
  }

  @Override
  public void updateObject(int columnIndex, Object x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateObject(int, Object)");
  }

  @Override
  public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateObject(String, Object, int)");
  }

  @Override
  public void updateObject(String columnLabel, Object x, SQLType targetSqlType)
      throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateObject(String, Object, SQLType)");
  }

  @Override
  public void updateObject(int columnIndex, Object x, int scaleOrLength) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateObject(int, Object, int)");
  }

  @Override
  public void updateObject(int columnIndex, Object x, SQLType targetSqlType) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateObject(int, Object, SQLType)");
  }

  @Override
  public void updateObject(String columnLabel, Object x, SQLType targetSqlType, int scaleOrLength)
      throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateObject(String, Object, SQLType, int)");
  }

  @Override
  public void updateObject(int columnIndex, Object x, SQLType targetSqlType, int scaleOrLength)
      throws SQLException {
    throw OneStreamSqlState.notImplemented(
        ResultSet.class, "updateObject(int, Object, SQLType, int)");
  }

  @Override
  public void updateRef(String columnLabel, Ref x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateRef(String, Ref)");
  }

  @Override
  public void updateRef(int columnIndex, Ref x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateRef(int, Ref)");
  }

  @Override
  public void updateRow() throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateRow()");
  }

  @Override
  public void updateRowId(String columnLabel, RowId x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateRowId(String, RowId)");
  }

  @Override
  public void updateRowId(int columnIndex, RowId x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateRowId(int, RowId)");
  }

  @Override
  public void updateSQLXML(String columnLabel, SQLXML x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateSQLXML(String, SQLXML)");
  }

  @Override
  public void updateSQLXML(int columnIndex, SQLXML x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateSQLXML(int, SQLXML)");
  }

  @Override
  public void updateShort(String columnLabel, short x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateShort(String, short)");
  }

  @Override
  public void updateShort(int columnIndex, short x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateShort(int, short)");
  }

  @Override
  public void updateString(String columnLabel, String x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateString(String, String)");
  }

  @Override
  public void updateString(int columnIndex, String x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateString(int, String)");
  }

  @Override
  public void updateTime(String columnLabel, Time x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateTime(String, Time)");
  }

  @Override
  public void updateTime(int columnIndex, Time x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateTime(int, Time)");
  }

  @Override
  public void updateTimestamp(String columnLabel, Timestamp x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateTimestamp(String, Timestamp)");
  }

  @Override
  public void updateTimestamp(int columnIndex, Timestamp x) throws SQLException {
    throw OneStreamSqlState.notImplemented(ResultSet.class, "updateTimestamp(int, Timestamp)");
  }

  @Override
  public boolean wasNull() throws SQLException {
    try {
      return delegate.wasNull();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }
}
