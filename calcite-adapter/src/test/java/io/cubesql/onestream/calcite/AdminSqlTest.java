package io.cubesql.onestream.calcite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.app.GolfStreamHost;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code os_sql}: off by default, one read-only statement, columns learnt at prepare. */
@ExtendWith(GolfStreamEmulator.class)
class AdminSqlTest {
  private static final String SQL_ROUTE = "DataProvider/GetAdoDataSetForSqlCommand";
  private final OneStreamEmulator emulator;

  AdminSqlTest(OneStreamEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void clear() {
    emulator.requestLog().clear();
  }

  private Sql on() throws SQLException {
    return new Sql(emulator, OneStreamAdapterOptions.builder().adminSql(true).build());
  }

  /** The SQL texts the emulator received. */
  private List<String> sent() {
    return emulator.requestLog().entries(SQL_ROUTE).stream()
        .map(RequestLogEntry::body)
        .map(b -> b.get("SqlQuery").asText())
        .toList();
  }

  private static String state(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OneStreamAdapterException a) {
        return a.sqlState();
      }
    }
    return null;
  }

  @Test
  void itIsOffUnlessTurnedOn() throws Exception {
    try (Sql sql = new Sql(emulator)) {
      SQLException e =
          catchThrowableOfType(
              SQLException.class,
              () -> sql.rows("SELECT * FROM TABLE(os_sql('SELECT Name FROM cubeviewitem'))"));
      assertThat(state(e)).isEqualTo("42000");
      assertThat(e.getMessage()).contains("adminSql=true");
      assertThat(sent()).isEmpty();
    }
  }

  @Test
  void aQueryAnswersTheServersRowsAndIsSentOnce() throws Exception {
    String query = "SELECT Name, Description FROM cubeviewitem ORDER BY Name";
    List<List<Object>> expected = new ArrayList<>();
    GolfStreamHost host = (GolfStreamHost) emulator.applicationHost();
    try (Connection h2 = host.database("GolfStream").readOnlyConnection();
        Statement s = h2.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      expected.addAll(Sql.rows(rs));
    }
    assertThat(expected).hasSizeGreaterThan(3);
    try (Sql sql = on()) {
      assertThat(sql.rows("SELECT * FROM TABLE(os_sql('" + query + "', 'Application'))"))
          .isEqualTo(expected);
      assertThat(sent())
          .as("run at prepare; those rows served the execution")
          .containsExactly(query);
    }
  }

  @Test
  void columnTypesComeFromTheValues() throws Exception {
    try (Sql sql = on();
        Statement s = sql.connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT * FROM TABLE(os_sql('SELECT CAST(7 AS BIGINT) AS I, CAST(1.5 AS DOUBLE)"
                    + " AS D, TRUE AS B, ''it''''s'' AS S, NULL AS N, Name AS \"name\" FROM"
                    + " cubeviewitem WHERE Name = ''ActualVsBudget''', 'application'))")) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> names = new ArrayList<>();
      List<Integer> types = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        names.add(md.getColumnName(i));
        types.add(md.getColumnType(i));
      }
      assertThat(names).containsExactly("I", "D", "B", "S", "N", "name");
      assertThat(types)
          .containsExactly(
              Types.BIGINT,
              Types.DOUBLE,
              Types.BOOLEAN,
              Types.VARCHAR,
              Types.VARCHAR,
              Types.VARCHAR);
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(7L);
      assertThat(rs.getDouble(2)).isEqualTo(1.5);
      assertThat(rs.getBoolean(3)).isTrue();
      assertThat(rs.getString(4)).isEqualTo("it's");
      assertThat(rs.getObject(5)).isNull();
      assertThat(rs.getString(6)).isEqualTo("ActualVsBudget");
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void aPreparedQueryRunsAgainOnEachLaterExecution() throws Exception {
    String query = "SELECT COUNT(*) AS N FROM cubeviewitem";
    try (Sql sql = on();
        PreparedStatement ps =
            sql.connection.prepareStatement(
                "SELECT N FROM TABLE(os_sql('" + query + "')) WHERE N > ?")) {
      ps.setLong(1, 0);
      List<List<Object>> first;
      try (ResultSet rs = ps.executeQuery()) {
        first = Sql.rows(rs);
      }
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(Sql.rows(rs)).isEqualTo(first).hasSize(1);
      }
      assertThat(sent()).containsExactly(query, query);
    }
  }

  @Test
  void anEmptyAnswerHasOneColumnAndNoRows() throws Exception {
    try (Sql sql = on();
        Statement s = sql.connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT * FROM TABLE(os_sql('SELECT Name FROM cubeviewitem WHERE 1 = 0'))")) {
      assertThat(rs.getMetaData().getColumnCount()).isEqualTo(1);
      assertThat(rs.getMetaData().getColumnName(1)).isEqualTo(AdminSql.NO_COLUMNS);
      assertThat(rs.next()).isFalse();
    }
  }

  @Test
  void writesSeveralStatementsAndParametersAreRefusedAndNothingIsSent() throws Exception {
    List<String> refused =
        List.of(
            "DELETE FROM cubeviewitem",
            "SELECT 1; DROP TABLE cubeviewitem",
            "SELECT * INTO copy FROM cubeviewitem",
            "WITH a AS (SELECT 1 AS x) DELETE FROM cubeviewitem",
            "SELECT 1 /* a comment; */ ; EXEC xp_cmdshell ''dir''",
            "SELECT 1 -- not closed\n; UPDATE cubeviewitem SET Name = ''x''");
    try (Sql sql = on()) {
      for (String q : refused) {
        SQLException e =
            catchThrowableOfType(
                SQLException.class, () -> sql.rows("SELECT * FROM TABLE(os_sql('" + q + "'))"));
        assertThat(state(e)).as(q).isEqualTo("42000");
        assertThat(e.getMessage()).as(q).contains("read-only statement");
      }
      SQLException parameter =
          catchThrowableOfType(
              SQLException.class,
              () -> {
                try (PreparedStatement ps =
                    sql.connection.prepareStatement("SELECT * FROM TABLE(os_sql(?))")) {
                  ps.setString(1, "SELECT 1");
                  ps.executeQuery().close();
                }
              });
      assertThat((Throwable) parameter).hasStackTraceContaining("should be literal");
      SQLException nullQuery =
          catchThrowableOfType(
              SQLException.class, () -> sql.rows("SELECT * FROM TABLE(os_sql(NULL))"));
      assertThat(state(nullQuery)).isEqualTo("42000");
      assertThat(nullQuery.getMessage()).contains("string literal");
      SQLException location =
          catchThrowableOfType(
              SQLException.class,
              () -> sql.rows("SELECT * FROM TABLE(os_sql('SELECT 1 AS x', 'Moon'))"));
      assertThat(state(location)).isEqualTo("22023");
      assertThat(sent()).isEmpty();
    }
  }
}
