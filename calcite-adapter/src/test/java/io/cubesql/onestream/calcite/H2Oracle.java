package io.cubesql.onestream.calcite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * An in-memory H2 database holding what the adapter's {@code cubes.GolfStream} and {@code
 * dimensions.*} tables should hold, computed with SQL from a copy of an emulated application's
 * {@code Member}, {@code Relationship} and {@code DataCell} tables: it shares no code with the API,
 * the client or the adapter. Identifiers keep their case and match in any case, as in the adapter,
 * so the same SQL text runs on both.
 *
 * <p>The stored cells are base cells at {@code Local}; every one is {@code Periodic}. The cube
 * table holds those of base entities, which is what {@code GetDataCellsFromCube} answers when no
 * predicate names a parent, another consolidation member or another view.
 */
final class H2Oracle implements AutoCloseable {
  /** The coordinate dimensions in the column order of the cube table: the table's contract. */
  static final List<String> DIMENSIONS = CellTable.DIMENSIONS;

  /** The dimensions a stored cell has a member id of, in the column order of {@code DataCell}. */
  private static final List<String> CELL_DIMENSIONS =
      DIMENSIONS.stream().filter(d -> !d.equals("View")).toList();

  private final Connection connection;

  private H2Oracle(Connection connection) {
    this.connection = connection;
  }

  /** Builds the oracle from the application database behind {@code source}. */
  static H2Oracle copyOf(Connection source) throws SQLException {
    Connection c =
        DriverManager.getConnection(
            "jdbc:h2:mem:oracle-"
                + UUID.randomUUID()
                + ";DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE",
            "sa",
            "");
    try {
      H2Oracle oracle = new H2Oracle(c);
      oracle.build(source);
      return oracle;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** The oracle's connection, with {@code cubes} as its default schema, as in the adapter. */
  Connection connection() {
    return connection;
  }

  private void build(Connection source) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE SCHEMA src");
      st.execute("CREATE SCHEMA cubes");
      st.execute("CREATE SCHEMA dimensions");
      st.execute("CREATE TABLE src.Dim (DimId INT PRIMARY KEY, Name VARCHAR NOT NULL)");
      st.execute(
          "CREATE TABLE src.Member (MemberId INT PRIMARY KEY, DimId INT NOT NULL,"
              + " Name VARCHAR NOT NULL, Description VARCHAR, SortOrder INT NOT NULL,"
              + " FirstMonth INT, LastMonth INT)");
      st.execute(
          "CREATE TABLE src.Relationship (ParentId INT NOT NULL, ChildId INT NOT NULL,"
              + " AggWeight DOUBLE NOT NULL, PRIMARY KEY (ParentId, ChildId))");
      StringJoiner cellColumns = new StringJoiner(", ");
      CELL_DIMENSIONS.forEach(d -> cellColumns.add(d + "Id INT NOT NULL"));
      st.execute("CREATE TABLE src.DataCell (" + cellColumns + ", CellAmount DOUBLE NOT NULL)");
    }
    copy(source, "SELECT DimId, Name FROM Dim", "src.Dim");
    copy(
        source,
        "SELECT MemberId, DimId, Name, Description, SortOrder, FirstMonth, LastMonth FROM Member",
        "src.Member");
    copy(source, "SELECT ParentId, ChildId, AggWeight FROM Relationship", "src.Relationship");
    StringJoiner ids = new StringJoiner(", ");
    CELL_DIMENSIONS.forEach(d -> ids.add(d + "Id"));
    copy(source, "SELECT " + ids + ", CellAmount FROM DataCell", "src.DataCell");
    try (Statement st = connection.createStatement()) {
      // Depth follows a member's first parent (the parent that sorts first) up to its top, as a
      // member's place in its first hierarchy.
      st.execute(
          "CREATE TABLE src.FirstParent AS SELECT r.ChildId, r.ParentId FROM src.Relationship r"
              + " JOIN src.Member p ON p.MemberId = r.ParentId"
              + " WHERE p.SortOrder = (SELECT MIN(p2.SortOrder) FROM src.Relationship r2"
              + " JOIN src.Member p2 ON p2.MemberId = r2.ParentId WHERE r2.ChildId = r.ChildId)");
      st.execute("CREATE TABLE src.MemberDepth (MemberId INT PRIMARY KEY, Depth INT NOT NULL)");
      st.execute(
          "INSERT INTO src.MemberDepth WITH RECURSIVE d(MemberId, Depth) AS ("
              + " SELECT m.MemberId, 0 FROM src.Member m"
              + " WHERE m.MemberId NOT IN (SELECT ChildId FROM src.Relationship)"
              + " UNION ALL SELECT f.ChildId, d.Depth + 1 FROM d"
              + " JOIN src.FirstParent f ON f.ParentId = d.MemberId)"
              + " SELECT MemberId, Depth FROM d");
      for (String dim : DIMENSIONS) {
        dimensionTable(st, dim);
      }
      cubeTable(st);
      st.execute("SET SCHEMA cubes");
    }
  }

  /** One row per (parent, member) relationship, and one with a null parent per top member. */
  private static void dimensionTable(Statement st, String dim) throws SQLException {
    st.execute(
        "CREATE TABLE dimensions.\""
            + dim
            + "\" (Name VARCHAR NOT NULL, Parent VARCHAR, Description VARCHAR,"
            + " Depth INT NOT NULL, IsBase BOOLEAN NOT NULL, AggregationWeight DOUBLE NOT NULL,"
            + " SortOrder INT NOT NULL)");
    st.execute(
        "INSERT INTO dimensions.\""
            + dim
            + "\" SELECT m.Name, p.Name, m.Description,"
            + " CASE WHEN p.MemberId IS NULL THEN 0 ELSE pd.Depth + 1 END,"
            + " NOT EXISTS (SELECT 1 FROM src.Relationship c WHERE c.ParentId = m.MemberId),"
            + " COALESCE(r.AggWeight, 1.0), m.SortOrder"
            + " FROM src.Member m JOIN src.Dim dim ON dim.DimId = m.DimId"
            + " LEFT JOIN src.Relationship r ON r.ChildId = m.MemberId"
            + " LEFT JOIN src.Member p ON p.MemberId = r.ParentId"
            + " LEFT JOIN src.MemberDepth pd ON pd.MemberId = p.MemberId"
            + " WHERE dim.Name = '"
            + dim
            + "'");
  }

  /** The stored cells of base entities at Local, all of them Periodic, with names and dates. */
  private static void cubeTable(Statement st) throws SQLException {
    StringJoiner columns = new StringJoiner(", ");
    StringJoiner select = new StringJoiner(", ");
    StringJoiner descriptions = new StringJoiner(", ");
    StringBuilder joins = new StringBuilder();
    for (String dim : DIMENSIONS) {
      String alias = "m_" + dim;
      columns.add("\"" + dim + "\" VARCHAR NOT NULL");
      select.add(alias + ".Name");
      descriptions.add(alias + ".Description");
      if (dim.equals("View")) {
        joins.append(
            " CROSS JOIN (SELECT v.Name, v.Description FROM src.Member v"
                + " JOIN src.Dim vd ON vd.DimId = v.DimId"
                + " WHERE vd.Name = 'View' AND v.Name = 'Periodic') m_View");
      } else {
        joins
            .append(" JOIN src.Member ")
            .append(alias)
            .append(" ON ")
            .append(alias)
            .append(".MemberId = c.")
            .append(dim)
            .append("Id");
      }
    }
    columns.add("Time_StartDate DATE NOT NULL");
    columns.add("Time_EndDate DATE NOT NULL");
    columns.add("CellValue DOUBLE NOT NULL");
    for (String dim : DIMENSIONS) {
      columns.add(dim + "_Desc VARCHAR");
    }
    st.execute("CREATE TABLE cubes.GolfStream (" + columns + ")");
    // A month index is year * 12 + month - 1.
    String start = "DATEADD(MONTH, m_Time.FirstMonth, DATE '0000-01-01')";
    String end = "DATEADD(DAY, -1, DATEADD(MONTH, m_Time.LastMonth + 1, DATE '0000-01-01'))";
    st.execute(
        "INSERT INTO cubes.GolfStream SELECT "
            + select
            + ", "
            + start
            + ", "
            + end
            + ", c.CellAmount, "
            + descriptions
            + " FROM src.DataCell c"
            + joins
            + " WHERE m_Consolidation.Name = 'Local'"
            + " AND NOT EXISTS (SELECT 1 FROM src.Relationship r WHERE r.ParentId = c.EntityId)");
  }

  /** Copies the rows of a query on {@code source} into {@code table}. */
  private void copy(Connection source, String query, String table) throws SQLException {
    try (Statement st = source.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      int n = rs.getMetaData().getColumnCount();
      List<String> marks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        marks.add("?");
      }
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO " + table + " VALUES (" + String.join(", ", marks) + ")")) {
        int batch = 0;
        while (rs.next()) {
          for (int i = 1; i <= n; i++) {
            insert.setObject(i, rs.getObject(i));
          }
          insert.addBatch();
          if (++batch % 5_000 == 0) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
      connection.commit();
      connection.setAutoCommit(true);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
