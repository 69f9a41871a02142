package io.cubesql.onestream.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DBeaver's generic-driver session, replayed on the packaged shaded jar the way DBeaver loads a
 * driver: a class loader of its own holding only the jar, the driver class instantiated and asked
 * to {@code connect} (no {@code DriverManager}), then the metadata calls DBeaver's navigator makes
 * (catalogs, schemas, table types, tables with and without a type filter, columns, keys, indexes,
 * procedures, functions, type info, identity and dialect) and its 200-row data preview of every
 * table ({@code setMaxRows(200)}, {@code SELECT * FROM "schema"."table"}). It asserts that nothing
 * throws, that no catalog appears which SQL would not resolve, that type names are plain SQL with
 * sensible sizes, that descriptions reach {@code REMARKS}, and that the identity is ours. The calls
 * and their row counts are printed as a table.
 */
class DbeaverMetadataIT {
  /** DBeaver asks for tables with these types (and with none). */
  private static final String[] TABLE_TYPES = {"TABLE", "VIEW", "SYSTEM TABLE"};

  /** Plain SQL type names: no precision, character set, nullability or Java class. */
  private static final Set<String> PLAIN_TYPES =
      Set.of(
          "VARCHAR",
          "CHAR",
          "DOUBLE",
          "REAL",
          "FLOAT",
          "DECIMAL",
          "BIGINT",
          "INTEGER",
          "SMALLINT",
          "TINYINT",
          "BOOLEAN",
          "DATE",
          "TIME",
          "TIMESTAMP");

  private static URLClassLoader loader;
  private static Connection connection;

  /** Each call replayed: how many times, and the rows all of them answered. */
  private static final Map<String, int[]> CALLS = new LinkedHashMap<>();

  @BeforeAll
  static void connect() throws Exception {
    Path jar = Path.of(System.getProperty("onestream.shadedJar"));
    assertThat(jar).isRegularFile();
    // Only the jar, over the JDK's platform classes (java.sql): not the test class path, which
    // holds the unshaded Calcite and the driver's own classes.
    loader =
        new URLClassLoader(
            "dbeaver-driver",
            new URL[] {jar.toUri().toURL()},
            ClassLoader.getPlatformClassLoader());
    Class<?> type = Class.forName("io.cubesql.onestream.jdbc.OneStreamDriver", true, loader);
    assertThat(type.getClassLoader()).isSameAs(loader);
    Driver driver = (Driver) type.getConstructor().newInstance();
    assertThat(driver.acceptsURL("jdbc:onestream:demo")).isTrue();
    connection = driver.connect("jdbc:onestream:demo", new Properties());
    assertThat(connection).isNotNull();
  }

  @AfterAll
  static void close() throws Exception {
    printCalls();
    if (connection != null) {
      connection.close();
    }
    if (loader != null) {
      loader.close();
    }
  }

  private static void printCalls() {
    int width = CALLS.keySet().stream().mapToInt(String::length).max().orElse(4);
    StringBuilder b = new StringBuilder("DBeaver replay on the shaded jar:\n");
    b.append(String.format(Locale.ROOT, "%-" + width + "s | %5s | %5s%n", "Call", "Times", "Rows"));
    b.append("-".repeat(width)).append("-|-------|------\n");
    CALLS.forEach(
        (k, v) ->
            b.append(String.format(Locale.ROOT, "%-" + width + "s | %5d | %5d%n", k, v[0], v[1])));
    System.out.print(b);
  }

  /** The rows of {@code rs} as label to value maps; records the call and its row count. */
  private static List<Map<String, Object>> rows(String call, ResultSet rs) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (rs) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnLabel(i).toUpperCase(Locale.ROOT), rs.getObject(i));
        }
        out.add(row);
      }
    }
    record(call, out.size());
    return out;
  }

  private static void record(String call, int rows) {
    int[] v = CALLS.computeIfAbsent(call, k -> new int[2]);
    v[0]++;
    v[1] += rows;
  }

  private static List<String> labels(ResultSet rs) throws SQLException {
    try (rs) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> out = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        out.add(md.getColumnLabel(i));
      }
      return out;
    }
  }

  private static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  @Test
  void dbeaverSessionReplays() throws Exception {
    DatabaseMetaData md = connection.getMetaData();

    // Identity and dialect, as DBeaver reads them when it connects.
    assertThat(md.getDatabaseProductName()).isEqualTo("OneStream");
    assertThat(md.getDatabaseProductVersion()).startsWith("REST API ");
    assertThat(md.getDriverName()).isEqualTo("OneStream JDBC Driver");
    assertThat(md.getDriverVersion()).isEqualTo(System.getProperty("onestream.projectVersion"));
    for (String identity :
        List.of(
            md.getDatabaseProductName(),
            md.getDatabaseProductVersion(),
            md.getDriverName(),
            md.getDriverVersion())) {
      assertThat(identity)
          .doesNotContainIgnoringCase("calcite")
          .doesNotContainIgnoringCase("avatica");
    }
    assertThat(md.getDriverMajorVersion()).isGreaterThanOrEqualTo(0);
    assertThat(md.getIdentifierQuoteString()).isEqualTo("\"");
    assertThat(md.getSQLKeywords()).isNotBlank();
    assertThat(md.getNumericFunctions()).isNotNull();
    assertThat(md.getStringFunctions()).isNotNull();
    assertThat(md.getTimeDateFunctions()).isNotNull();
    assertThat(md.getSystemFunctions()).isNotNull();
    assertThat(md.getSearchStringEscape()).isNotNull();
    assertThat(md.getExtraNameCharacters()).isNotNull();
    assertThat(md.getSchemaTerm()).isNotBlank();
    assertThat(md.getCatalogTerm()).isNotBlank();
    assertThat(md.supportsSchemasInTableDefinitions()).isTrue();
    assertThat(md.supportsSchemasInDataManipulation()).isTrue();
    assertThat(md.supportsCatalogsInTableDefinitions()).isFalse();
    assertThat(md.supportsCatalogsInDataManipulation()).isFalse();
    md.storesUpperCaseIdentifiers();
    md.storesLowerCaseIdentifiers();
    md.storesMixedCaseIdentifiers();
    md.storesMixedCaseQuotedIdentifiers();
    md.supportsMixedCaseQuotedIdentifiers();
    md.supportsTransactions();
    md.getDefaultTransactionIsolation();
    md.getMaxTableNameLength();
    md.getMaxColumnNameLength();
    md.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY);
    md.supportsBatchUpdates();
    assertThat(md.isReadOnly()).isTrue();
    connection.getAutoCommit();
    connection.getTransactionIsolation();
    connection.getSchema();
    assertThat(connection.getCatalog()).isNull();
    record("identity and dialect (getDatabaseProductName, getDriverName, ...)", 0);

    // No catalog: every name is "schema"."table".
    assertThat(rows("getCatalogs()", md.getCatalogs())).isEmpty();

    List<Map<String, Object>> schemas = rows("getSchemas()", md.getSchemas());
    rows("getSchemas(null, null)", md.getSchemas(null, null));
    List<String> schemaNames = new ArrayList<>();
    for (Map<String, Object> s : schemas) {
      assertThat(s.get("TABLE_CATALOG")).isNull();
      schemaNames.add((String) s.get("TABLE_SCHEM"));
    }
    assertThat(schemaNames).containsExactly("cubes", "cubeviews", "dimensions", "onestream_meta");

    Set<String> tableTypes = new TreeSet<>();
    for (Map<String, Object> t : rows("getTableTypes()", md.getTableTypes())) {
      tableTypes.add((String) t.get("TABLE_TYPE"));
    }
    assertThat(tableTypes).containsExactly("SYSTEM TABLE", "TABLE");

    List<Map<String, Object>> all =
        rows("getTables(null, null, %, null)", md.getTables(null, null, "%", null));
    List<Map<String, Object>> typed =
        rows(
            "getTables(null, null, %, {TABLE, VIEW, SYSTEM TABLE})",
            md.getTables(null, null, "%", TABLE_TYPES));
    assertThat(typed).hasSameSizeAs(all);

    // Cube view descriptions, as OneStream has them, are the tables' remarks.
    Map<String, String> descriptions = new LinkedHashMap<>();
    try (Statement st = connection.createStatement()) {
      for (Map<String, Object> r :
          rows(
              "SELECT Name, Description FROM onestream_meta.cube_views",
              st.executeQuery(
                  "SELECT \"Name\", \"Description\" FROM \"onestream_meta\".\"cube_views\""))) {
        descriptions.put((String) r.get("NAME"), (String) r.get("DESCRIPTION"));
      }
    }
    assertThat(descriptions).isNotEmpty();

    List<String[]> tables = new ArrayList<>();
    for (String schema : schemaNames) {
      List<Map<String, Object>> inSchema =
          rows("getTables(null, schema, %, null)", md.getTables(null, schema, "%", null));
      assertThat(
              rows(
                  "getTables(null, schema, %, {TABLE, VIEW, SYSTEM TABLE})",
                  md.getTables(null, schema, "%", TABLE_TYPES)))
          .hasSameSizeAs(inSchema);
      assertThat(inSchema).isNotEmpty();
      for (Map<String, Object> t : inSchema) {
        String name = (String) t.get("TABLE_NAME");
        assertThat(t.get("TABLE_CAT")).isNull();
        assertThat(t.get("TABLE_SCHEM")).isEqualTo(schema);
        assertThat(t.get("TABLE_TYPE"))
            .as(schema + "." + name)
            .isEqualTo(schema.equals("onestream_meta") ? "SYSTEM TABLE" : "TABLE");
        if (schema.equals("cubeviews")) {
          assertThat(t.get("REMARKS")).as(name).isEqualTo(descriptions.get(name));
        } else {
          assertThat((String) t.get("REMARKS")).as(name).isNotBlank();
        }
        tables.add(new String[] {schema, name});
      }
      rows("getProcedures(null, schema, %)", md.getProcedures(null, schema, "%"));
      rows("getFunctions(null, schema, %)", md.getFunctions(null, schema, "%"));
    }
    assertThat(tables).hasSameSizeAs(all);

    List<String> typeInfo = new ArrayList<>();
    for (Map<String, Object> t : rows("getTypeInfo()", md.getTypeInfo())) {
      typeInfo.add((String) t.get("TYPE_NAME"));
    }
    assertThat(typeInfo).contains("VARCHAR", "DOUBLE", "BIGINT", "BOOLEAN", "TIMESTAMP");

    // The navigator opens each table: columns, keys, indexes. Then the 200-row data preview.
    for (String[] t : tables) {
      String schema = t[0];
      String name = t[1];
      String table = schema + "." + name;
      List<Map<String, Object>> columns =
          rows("getColumns(null, schema, table, %)", md.getColumns(null, schema, name, "%"));
      assertThat(columns).as(table).isNotEmpty();
      for (Map<String, Object> c : columns) {
        checkColumn(table, c);
      }
      assertThat(rows("getPrimaryKeys", md.getPrimaryKeys(null, schema, name))).isEmpty();
      assertThat(rows("getImportedKeys", md.getImportedKeys(null, schema, name))).isEmpty();
      assertThat(rows("getExportedKeys", md.getExportedKeys(null, schema, name))).isEmpty();
      assertThat(rows("getIndexInfo", md.getIndexInfo(null, schema, name, false, true))).isEmpty();
      preview(schema, name, columns);
    }
    assertThat(labels(md.getPrimaryKeys(null, "cubes", "GolfStream")))
        .contains("TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME");
    assertThat(labels(md.getImportedKeys(null, "cubes", "GolfStream")))
        .contains("PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ");
    assertThat(labels(md.getExportedKeys(null, "cubes", "GolfStream")))
        .contains("PKTABLE_NAME", "FKTABLE_NAME", "FK_NAME");
    assertThat(labels(md.getIndexInfo(null, "cubes", "GolfStream", false, true)))
        .contains("NON_UNIQUE", "INDEX_NAME", "TYPE", "COLUMN_NAME");

    // All columns at once (DBeaver's "read all columns" of a schema) agree with table by table.
    int allColumns = 0;
    for (String schema : schemaNames) {
      allColumns +=
          rows("getColumns(null, schema, %, %)", md.getColumns(null, schema, "%", "%")).size();
    }
    assertThat(allColumns).isEqualTo(CALLS.get("getColumns(null, schema, table, %)")[1]);
  }

  /**
   * A getColumns row: plain type name, JDBC sizes, no catalog; remarks where the adapter has them.
   */
  private static void checkColumn(String table, Map<String, Object> c) {
    String what = table + "." + c.get("COLUMN_NAME");
    String typeName = (String) c.get("TYPE_NAME");
    int dataType = ((Number) c.get("DATA_TYPE")).intValue();
    assertThat(c.get("TABLE_CAT")).as(what).isNull();
    assertThat(typeName)
        .as(what)
        .isIn(PLAIN_TYPES)
        .doesNotContain("CHARACTER SET")
        .doesNotContain("NOT NULL")
        .doesNotContain("JavaType");
    Integer size = (Integer) c.get("COLUMN_SIZE");
    Integer digits = (Integer) c.get("DECIMAL_DIGITS");
    switch (dataType) {
      case Types.VARCHAR, Types.CHAR -> {
        assertThat(typeName).isIn("VARCHAR", "CHAR");
        assertThat(size).as(what).isPositive();
        assertThat((Integer) c.get("CHAR_OCTET_LENGTH")).as(what).isGreaterThanOrEqualTo(size);
      }
      case Types.DOUBLE -> {
        assertThat(typeName).isEqualTo("DOUBLE");
        assertThat(size).as(what).isIn(15, 17);
        assertThat(c.get("NUM_PREC_RADIX")).isEqualTo(10);
      }
      case Types.INTEGER -> assertThat(size).as(what).isEqualTo(10);
      case Types.BIGINT -> assertThat(size).as(what).isEqualTo(19);
      case Types.BOOLEAN -> assertThat(size).as(what).isEqualTo(1);
      case Types.DATE -> assertThat(size).as(what).isEqualTo(10);
      case Types.TIMESTAMP -> {
        assertThat(size).as(what).isGreaterThanOrEqualTo(19);
        assertThat(digits).as(what).isBetween(0, 9);
      }
      case Types.DECIMAL -> {
        assertThat(size).as(what).isBetween(1, 38);
        assertThat(digits).as(what).isBetween(0, size);
      }
      default -> throw new AssertionError(what + " has an unexpected type " + typeName);
    }
    if (!table.startsWith("onestream_meta.")) {
      assertThat((String) c.get("REMARKS")).as(what).isNotBlank();
    }
  }

  /** DBeaver's data preview: 200 rows of {@code SELECT * FROM "schema"."table"}. */
  private static void preview(String schema, String name, List<Map<String, Object>> columns)
      throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.setMaxRows(200);
      try (ResultSet rs = st.executeQuery("SELECT * FROM " + quote(schema) + "." + quote(name))) {
        ResultSetMetaData md = rs.getMetaData();
        assertThat(md.getColumnCount()).isEqualTo(columns.size());
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Map<String, Object> c = columns.get(i - 1);
          String what = schema + "." + name + "." + md.getColumnLabel(i);
          assertThat(md.getColumnLabel(i)).isEqualTo(c.get("COLUMN_NAME"));
          // The result's types read as getColumns says.
          assertThat(md.getColumnTypeName(i)).as(what).isEqualTo(c.get("TYPE_NAME"));
          assertThat(md.getColumnType(i)).as(what).isEqualTo(c.get("DATA_TYPE"));
          if (md.getColumnType(i) == Types.DECIMAL) {
            assertThat(md.getPrecision(i)).as(what).isBetween(1, 38);
            assertThat(md.getScale(i)).as(what).isBetween(0, md.getPrecision(i));
          }
        }
        int n = 0;
        while (rs.next()) {
          for (int i = 1; i <= md.getColumnCount(); i++) {
            rs.getObject(i);
          }
          n++;
        }
        assertThat(n).isLessThanOrEqualTo(200);
        record("preview: setMaxRows(200), SELECT * FROM \"" + schema + "\".*", n);
      }
    }
  }
}
