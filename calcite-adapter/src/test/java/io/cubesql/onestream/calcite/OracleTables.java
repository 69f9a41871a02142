package io.cubesql.onestream.calcite;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The oracle's tables as in-memory Calcite tables, so Calcite's own engine can run the differential
 * queries over the oracle's rows. When it agrees with H2, a query is well defined in both dialects,
 * and a difference between the adapter and H2 is the adapter's.
 */
final class OracleTables {
  private OracleTables() {}

  /** Opens a Calcite connection, with the adapter's properties, over the oracle's rows. */
  static CalciteConnection connect(Connection oracle) throws SQLException {
    Connection c =
        new org.apache.calcite.jdbc.Driver()
            .connect("jdbc:calcite:", OneStreamSchemas.calciteProperties());
    CalciteConnection calcite = c.unwrap(CalciteConnection.class);
    calcite.getRootSchema().add(OneStreamSchemas.CUBES, schema(oracle, OneStreamSchemas.CUBES));
    calcite
        .getRootSchema()
        .add(OneStreamSchemas.DIMENSIONS, schema(oracle, OneStreamSchemas.DIMENSIONS));
    calcite.setSchema(OneStreamSchemas.CUBES);
    return calcite;
  }

  private static AbstractSchema schema(Connection oracle, String name) throws SQLException {
    Map<String, Table> tables = new HashMap<>();
    DatabaseMetaData md = oracle.getMetaData();
    List<String> names = new ArrayList<>();
    try (ResultSet rs = md.getTables(null, name, null, null)) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME"));
      }
    }
    for (String table : names) {
      tables.put(table, table(oracle, name, table));
    }
    return new AbstractSchema() {
      @Override
      protected Map<String, Table> getTableMap() {
        return tables;
      }
    };
  }

  private static Table table(Connection oracle, String schema, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    List<SqlTypeName> types = new ArrayList<>();
    List<Boolean> nullable = new ArrayList<>();
    List<Object[]> rows = new ArrayList<>();
    try (Statement st = oracle.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + schema + ".\"" + table + "\"")) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnName(i));
        types.add(typeName(md.getColumnType(i)));
        nullable.add(md.isNullable(i) != ResultSetMetaData.columnNoNulls);
      }
      while (rs.next()) {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
          Object v = rs.getObject(i + 1);
          // Calcite holds a DATE as the number of days since 1970-01-01.
          row[i] =
              v instanceof java.sql.Date d
                  ? (int) d.toLocalDate().toEpochDay()
                  : v instanceof LocalDate d ? (int) d.toEpochDay() : v;
        }
        rows.add(row);
      }
    }
    return new Rows(columns, types, nullable, rows);
  }

  private static SqlTypeName typeName(int jdbcType) {
    switch (jdbcType) {
      case Types.VARCHAR:
        return SqlTypeName.VARCHAR;
      case Types.DATE:
        return SqlTypeName.DATE;
      case Types.DOUBLE:
        return SqlTypeName.DOUBLE;
      case Types.INTEGER:
        return SqlTypeName.INTEGER;
      case Types.BOOLEAN:
        return SqlTypeName.BOOLEAN;
      default:
        throw new IllegalArgumentException("No Calcite type for JDBC type " + jdbcType);
    }
  }

  /** A table of rows held in memory. */
  private static final class Rows extends AbstractTable implements ScannableTable {
    private final List<String> columns;
    private final List<SqlTypeName> types;
    private final List<Boolean> nullable;
    private final List<Object[]> rows;

    Rows(
        List<String> columns,
        List<SqlTypeName> types,
        List<Boolean> nullable,
        List<Object[]> rows) {
      this.columns = columns;
      this.types = types;
      this.nullable = nullable;
      this.rows = rows;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      RelDataTypeFactory.Builder b = f.builder();
      for (int i = 0; i < columns.size(); i++) {
        b.add(
            columns.get(i),
            f.createTypeWithNullability(f.createSqlType(types.get(i)), nullable.get(i)));
      }
      return b.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      return Linq4j.asEnumerable(rows);
    }
  }
}
