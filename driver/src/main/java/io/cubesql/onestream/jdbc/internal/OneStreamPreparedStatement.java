package io.cubesql.onestream.jdbc.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/** A prepared statement of a OneStream connection; see {@link OneStreamStatement}. */
final class OneStreamPreparedStatement extends OneStreamStatement<PreparedStatement>
    implements PreparedStatement {
  OneStreamPreparedStatement(
      RealOneStreamConnection connection, PreparedStatement delegate, SqlErrors errors) {
    super(connection, delegate, errors);
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    return query(delegate::executeQuery);
  }

  @Override
  public boolean execute() throws SQLException {
    return execute(delegate::execute);
  }

  @Override
  public int executeUpdate() throws SQLException {
    return update(delegate::executeUpdate);
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    return update(delegate::executeLargeUpdate);
  }

  @Override
  public void addBatch() throws SQLException {
    try {
      delegate.addBatch();
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
  public ParameterMetaData getParameterMetaData() throws SQLException {
    try {
      return delegate.getParameterMetaData();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void clearParameters() throws SQLException {
    try {
      delegate.clearParameters();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setArray(int parameterIndex, Array x) throws SQLException {
    try {
      delegate.setArray(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
    try {
      delegate.setAsciiStream(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
    try {
      delegate.setAsciiStream(parameterIndex, x, length);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
    try {
      delegate.setAsciiStream(parameterIndex, x, length);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    try {
      delegate.setBigDecimal(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
    try {
      delegate.setBinaryStream(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
    try {
      delegate.setBinaryStream(parameterIndex, x, length);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
    try {
      delegate.setBinaryStream(parameterIndex, x, length);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setBlob(int parameterIndex, InputStream x) throws SQLException {
    try {
      delegate.setBlob(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setBlob(int parameterIndex, Blob x) throws SQLException {
    try {
      delegate.setBlob(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setBlob(int parameterIndex, InputStream x, long length) throws SQLException {
    try {
      delegate.setBlob(parameterIndex, x, length);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setBoolean(int parameterIndex, boolean x) throws SQLException {
    try {
      delegate.setBoolean(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    try {
      delegate.setByte(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setBytes(int parameterIndex, byte[] x) throws SQLException {
    try {
      delegate.setBytes(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader x) throws SQLException {
    try {
      delegate.setCharacterStream(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader x, int length) throws SQLException {
    try {
      delegate.setCharacterStream(parameterIndex, x, length);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader x, long length) throws SQLException {
    try {
      delegate.setCharacterStream(parameterIndex, x, length);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setClob(int parameterIndex, Reader x) throws SQLException {
    try {
      delegate.setClob(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setClob(int parameterIndex, Clob x) throws SQLException {
    try {
      delegate.setClob(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setClob(int parameterIndex, Reader x, long length) throws SQLException {
    try {
      delegate.setClob(parameterIndex, x, length);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setDate(int parameterIndex, Date x) throws SQLException {
    try {
      delegate.setDate(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
    try {
      delegate.setDate(parameterIndex, x, cal);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setDouble(int parameterIndex, double x) throws SQLException {
    try {
      delegate.setDouble(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setFloat(int parameterIndex, float x) throws SQLException {
    try {
      delegate.setFloat(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    try {
      delegate.setInt(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    try {
      delegate.setLong(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader x) throws SQLException {
    try {
      delegate.setNCharacterStream(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader x, long length) throws SQLException {
    try {
      delegate.setNCharacterStream(parameterIndex, x, length);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setNClob(int parameterIndex, Reader x) throws SQLException {
    try {
      delegate.setNClob(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setNClob(int parameterIndex, NClob x) throws SQLException {
    try {
      delegate.setNClob(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setNClob(int parameterIndex, Reader x, long length) throws SQLException {
    try {
      delegate.setNClob(parameterIndex, x, length);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setNString(int parameterIndex, String x) throws SQLException {
    try {
      delegate.setNString(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setNull(int parameterIndex, int x) throws SQLException {
    try {
      delegate.setNull(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setNull(int parameterIndex, int x, String typeName) throws SQLException {
    try {
      delegate.setNull(parameterIndex, x, typeName);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    try {
      delegate.setObject(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, int scaleOrLength) throws SQLException {
    try {
      delegate.setObject(parameterIndex, x, scaleOrLength);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
    try {
      delegate.setObject(parameterIndex, x, targetSqlType);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength)
      throws SQLException {
    try {
      delegate.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength)
      throws SQLException {
    try {
      delegate.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setRef(int parameterIndex, Ref x) throws SQLException {
    try {
      delegate.setRef(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setRowId(int parameterIndex, RowId x) throws SQLException {
    try {
      delegate.setRowId(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setSQLXML(int parameterIndex, SQLXML x) throws SQLException {
    try {
      delegate.setSQLXML(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    try {
      delegate.setShort(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setString(int parameterIndex, String x) throws SQLException {
    try {
      delegate.setString(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setTime(int parameterIndex, Time x) throws SQLException {
    try {
      delegate.setTime(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
    try {
      delegate.setTime(parameterIndex, x, cal);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
    try {
      delegate.setTimestamp(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
    try {
      delegate.setTimestamp(parameterIndex, x, cal);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setURL(int parameterIndex, URL x) throws SQLException {
    try {
      delegate.setURL(parameterIndex, x);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Deprecated
  @Override
  public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
    try {
      delegate.setUnicodeStream(parameterIndex, x, length);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }
}
