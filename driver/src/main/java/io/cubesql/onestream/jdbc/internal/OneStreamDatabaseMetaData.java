package io.cubesql.onestream.jdbc.internal;

import io.cubesql.onestream.calcite.DescribedTable;
import io.cubesql.onestream.jdbc.OneStreamProperty;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;

/**
 * The {@link DatabaseMetaData} of a OneStream connection: Calcite's, with the identity a BI tool
 * shows (product OneStream, driver OneStream JDBC Driver and its version, the URL without secrets),
 * result sets and errors wrapped like a statement's. A dynamic proxy: of its 180-odd methods, a few
 * dozen differ from Calcite's and none is on a hot path.
 *
 * <p>What DBeaver, Tableau and Spark read is made to hold (PITFALLS.md, BI tools):
 *
 * <ul>
 *   <li><b>No catalog.</b> Calcite answers one catalog row whose name is null, and DBeaver then
 *       qualified names with a catalog SQL does not resolve; {@code getCatalogs} is empty, every
 *       {@code TABLE_CAT} null, and {@code supportsCatalogsIn*} false, so tools write {@code
 *       "schema"."table"}.
 *   <li><b>Table types.</b> {@code onestream_meta} holds {@code SYSTEM TABLE}s (the adapter's
 *       tables say so), the rest are {@code TABLE}s: a cube view is not a view in JDBC's sense
 *       (there is no SQL text behind it to show), and {@code getTableTypes} lists just those two.
 *   <li><b>Columns.</b> {@code TYPE_NAME} is the plain SQL name and {@code COLUMN_SIZE}, {@code
 *       DECIMAL_DIGITS}, {@code NUM_PREC_RADIX}, {@code CHAR_OCTET_LENGTH} are JDBC's, not
 *       Calcite's -1 ({@link ColumnTypes}).
 *   <li><b>Remarks.</b> {@code REMARKS} of tables and columns come from the adapter ({@link
 *       DescribedTable}): a cube view's OneStream description, what a cube, dimension or system
 *       table and each of their columns hold.
 * </ul>
 *
 * <p>Why rewrite Calcite's rows here rather than use Calcite's {@code metaTableFactory} and {@code
 * metaColumnFactory} connection properties: those cover {@code getTables} and {@code getColumns}
 * only, through subclasses of Avatica's {@code MetaTable} and {@code MetaColumn} that hide their
 * public final fields and that Calcite instantiates by class name; {@code getCatalogs} and {@code
 * getTableTypes} would still need rows of our own, and {@code CalciteMetaImpl}, which answers them,
 * cannot be subclassed outside Calcite's package (its connection type is package-private). One
 * mechanism does all: the rows Calcite answers, read into memory (as Calcite holds them anyway) and
 * rewritten ({@link RowsResultSet}).
 */
final class OneStreamDatabaseMetaData implements InvocationHandler {
  static final String PRODUCT_NAME = "OneStream";
  static final String DRIVER_NAME = "OneStream JDBC Driver";

  private final RealOneStreamConnection connection;
  private final DatabaseMetaData delegate;

  private OneStreamDatabaseMetaData(RealOneStreamConnection connection, DatabaseMetaData delegate) {
    this.connection = connection;
    this.delegate = delegate;
  }

  static DatabaseMetaData wrap(RealOneStreamConnection connection, DatabaseMetaData delegate) {
    return (DatabaseMetaData)
        Proxy.newProxyInstance(
            OneStreamDatabaseMetaData.class.getClassLoader(),
            new Class<?>[] {DatabaseMetaData.class},
            new OneStreamDatabaseMetaData(connection, delegate));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Properties props = connection.uri().properties();
    String apiVersion = OneStreamProperty.API_VERSION.get(props);
    switch (method.getName()) {
      case "getDatabaseProductName":
        return PRODUCT_NAME;
      case "getDatabaseProductVersion":
        return "REST API " + apiVersion;
      case "getDatabaseMajorVersion":
        return Integer.parseInt(apiVersion.split("\\.")[0]);
      case "getDatabaseMinorVersion":
        return Integer.parseInt(apiVersion.split("\\.")[1]);
      case "getDriverName":
        return DRIVER_NAME;
      case "getDriverVersion":
        return DriverVersion.VERSION;
      case "getDriverMajorVersion":
        return DriverVersion.MAJOR;
      case "getDriverMinorVersion":
        return DriverVersion.MINOR;
      case "getURL":
        return connection.uri().url();
      case "getUserName":
        return OneStreamProperty.USER.get(props);
      case "getConnection":
        return connection;
      case "isReadOnly":
        return true;
      case "supportsCatalogsInDataManipulation":
      case "supportsCatalogsInTableDefinitions":
      case "supportsCatalogsInProcedureCalls":
      case "supportsCatalogsInIndexDefinitions":
      case "supportsCatalogsInPrivilegeDefinitions":
        return false;
      case "unwrap":
        Class<?> iface = (Class<?>) args[0];
        return iface.isInstance(proxy) ? proxy : delegate.unwrap(iface);
      case "isWrapperFor":
        return ((Class<?>) args[0]).isInstance(proxy) || delegate.isWrapperFor((Class<?>) args[0]);
      case "toString":
        return "OneStreamDatabaseMetaData[" + connection + "]";
      case "hashCode":
        return System.identityHashCode(proxy);
      case "equals":
        return proxy == args[0];
      default:
        break;
    }
    Object result;
    try {
      // Calcite answers a metadata call with a result set of a statement it makes.
      synchronized (connection.making()) {
        result = method.invoke(delegate, args);
      }
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException || cause instanceof RuntimeException) {
        throw connection.errors().translate(cause);
      }
      throw cause;
    }
    if (!(result instanceof ResultSet rs)) {
      return result;
    }
    ResultSet rewritten;
    try {
      rewritten = rewrite(method.getName(), rs);
    } catch (SQLException | RuntimeException e) {
      throw connection.errors().translate(e);
    }
    return new OneStreamResultSet(null, rewritten, connection.errors(), 0);
  }

  /** The table types {@code getTables} answers, in JDBC's order (by name). */
  static final List<String> TABLE_TYPES = List.of("SYSTEM TABLE", "TABLE");

  /** Calcite's answer to {@code method}, rewritten where a tool needs it otherwise. */
  private ResultSet rewrite(String method, ResultSet rs) throws SQLException {
    switch (method) {
      case "getCatalogs":
        return RowsResultSet.copy(rs, row -> null);
      case "getTableTypes":
        List<Object[]> types = new ArrayList<>();
        for (String t : TABLE_TYPES) {
          types.add(new Object[] {t});
        }
        return RowsResultSet.withRows(rs, types);
      case "getTables":
        {
          ResultSetMetaData md = rs.getMetaData();
          int schema = RowsResultSet.indexOf(md, "TABLE_SCHEM");
          int name = RowsResultSet.indexOf(md, "TABLE_NAME");
          int remarks = RowsResultSet.indexOf(md, "REMARKS");
          return RowsResultSet.copy(
              rs,
              row -> {
                DescribedTable t = described((String) row[schema], (String) row[name]);
                if (row[remarks] == null && t != null) {
                  row[remarks] = t.remarks();
                }
                return row;
              });
        }
      case "getColumns":
        {
          ResultSetMetaData md = rs.getMetaData();
          int schema = RowsResultSet.indexOf(md, "TABLE_SCHEM");
          int table = RowsResultSet.indexOf(md, "TABLE_NAME");
          int column = RowsResultSet.indexOf(md, "COLUMN_NAME");
          int dataType = RowsResultSet.indexOf(md, "DATA_TYPE");
          int typeName = RowsResultSet.indexOf(md, "TYPE_NAME");
          int size = RowsResultSet.indexOf(md, "COLUMN_SIZE");
          int digits = RowsResultSet.indexOf(md, "DECIMAL_DIGITS");
          int radix = RowsResultSet.indexOf(md, "NUM_PREC_RADIX");
          int remarks = RowsResultSet.indexOf(md, "REMARKS");
          int octets = RowsResultSet.indexOf(md, "CHAR_OCTET_LENGTH");
          return RowsResultSet.copy(
              rs,
              row -> {
                ColumnTypes c =
                    ColumnTypes.of(
                        ((Number) row[dataType]).intValue(),
                        (String) row[typeName],
                        (Integer) row[size],
                        (Integer) row[digits]);
                row[typeName] = c.typeName();
                row[size] = c.columnSize();
                row[digits] = c.decimalDigits();
                row[radix] = c.radix();
                row[octets] = c.charOctetLength();
                DescribedTable t = described((String) row[schema], (String) row[table]);
                if (row[remarks] == null && t != null) {
                  row[remarks] = t.columnRemarks((String) row[column]);
                }
                return row;
              });
        }
      default:
        return rs;
    }
  }

  /** The adapter's table {@code schema.name}, if it describes itself. */
  private DescribedTable described(String schema, String name) {
    SchemaPlus s = schema == null ? null : connection.rootSchema().subSchemas().get(schema);
    Table t = s == null || name == null ? null : s.tables().get(name);
    return t instanceof DescribedTable d ? d : null;
  }
}
