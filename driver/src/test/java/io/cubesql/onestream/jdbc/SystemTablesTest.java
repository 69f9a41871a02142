package io.cubesql.onestream.jdbc;

import static io.cubesql.onestream.jdbc.GolfStreamEmulator.url;
import static io.cubesql.onestream.jdbc.GolfStreamEmulator.withFreshPat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.app.GolfStreamHost;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Through the driver: {@code onestream_meta.connection_properties} and {@code recent_requests} show
 * no secret, and {@code os_sql} is off unless {@code adminSql=true}, with its SQLStates. An
 * emulator of its own: one test adds a table to the application database.
 */
class SystemTablesTest {
  private static OneStreamEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = OneStreamEmulator.builder().start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  /** Every value of every row of {@code sql}, as text. */
  private static List<String> texts(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= n; i++) {
          out.add(String.valueOf(rs.getObject(i)));
        }
      }
    }
    return out;
  }

  @Test
  void connectionPropertiesAndRecentRequestsHoldNoSecret() throws Exception {
    Properties props = withFreshPat(emulator);
    String pat = props.getProperty("password");
    props.setProperty("callBudget", "12");
    try (Connection c = DriverManager.getConnection(url(emulator), props)) {
      Map<String, String> shown = new LinkedHashMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT Name, CurrentValue FROM onestream_meta.connection_properties")) {
        while (rs.next()) {
          shown.put(rs.getString(1), rs.getString(2));
        }
      }
      assertThat(shown.keySet())
          .containsExactly(
              java.util.Arrays.stream(OneStreamProperty.values())
                  .map(OneStreamProperty::key)
                  .toArray(String[]::new));
      assertThat(shown)
          .containsEntry("password", "********")
          .containsEntry("clientSecret", null)
          .containsEntry("callBudget", "12")
          .containsEntry("adminSql", "false")
          .containsEntry("application", "GolfStream");

      texts(c, "SELECT COUNT(*) FROM cubes.GolfStream WHERE Entity = 'Houston'");
      List<String> calls =
          texts(c, "SELECT Route, Query, Status, Error FROM onestream_meta.recent_requests");
      assertThat(calls).contains("Authentication/Logon", "Analytics/GetDataCellsFromCube");
      List<String> everything =
          new ArrayList<>(shown.values().stream().map(String::valueOf).toList());
      everything.addAll(calls);
      assertThat(everything).noneMatch(v -> v.contains(pat));
    }
  }

  @Test
  void osSqlIsOffByDefaultAndRefusesWrites() throws Exception {
    try (Connection c = DriverManager.getConnection(url(emulator), withFreshPat(emulator))) {
      SQLException off =
          catchThrowableOfType(
              SQLException.class,
              () -> texts(c, "SELECT * FROM TABLE(os_sql('SELECT Name FROM cubeviewitem'))"));
      assertThat(off.getSQLState()).isEqualTo("42000");
      assertThat(off.getMessage()).contains("adminSql=true");
    }
    Properties on = withFreshPat(emulator);
    on.setProperty("adminSql", "true");
    try (Connection c = DriverManager.getConnection(url(emulator), on)) {
      assertThat(
              texts(
                  c,
                  "SELECT Name FROM TABLE(os_sql('SELECT Name FROM cubeviewitem"
                      + " WHERE Name = ''ActualVsBudget'''))"))
          .containsExactly("ActualVsBudget");
      emulator.requestLog().clear();
      SQLException write =
          catchThrowableOfType(
              SQLException.class,
              () -> texts(c, "SELECT * FROM TABLE(os_sql('DELETE FROM cubeviewitem'))"));
      assertThat(write.getSQLState()).isEqualTo("42000");
      assertThat(write.getMessage()).contains("read-only statement");
      assertThat(emulator.requestLog().entries("DataProvider/GetAdoDataSetForSqlCommand"))
          .isEmpty();
    }
  }

  @Test
  void aPreparedOsSqlWhoseColumnsChangedIs0A000() throws Exception {
    GolfStreamHost host = (GolfStreamHost) emulator.applicationHost();
    try (Connection h2 = host.database("GolfStream").connection();
        Statement s = h2.createStatement()) {
      s.execute("CREATE TABLE os_sql_probe (x INT)");
    }
    Properties on = withFreshPat(emulator);
    on.setProperty("adminSql", "true");
    try (Connection c = DriverManager.getConnection(url(emulator), on);
        PreparedStatement ps =
            c.prepareStatement("SELECT * FROM TABLE(os_sql('SELECT x FROM os_sql_probe'))")) {
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.getMetaData().getColumnName(1)).isEqualTo("(no rows)");
        assertThat(rs.next()).isFalse();
      }
      try (Connection h2 = host.database("GolfStream").connection();
          Statement s = h2.createStatement()) {
        s.execute("INSERT INTO os_sql_probe VALUES (1)");
      }
      SQLException changed =
          catchThrowableOfType(
              SQLException.class,
              () -> {
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                }
              });
      assertThat(changed.getSQLState()).isEqualTo("0A000");
      assertThat(changed.getMessage()).contains("prepare it again");
    } finally {
      try (Connection h2 = host.database("GolfStream").connection();
          Statement s = h2.createStatement()) {
        s.execute("DROP TABLE os_sql_probe");
      }
    }
  }
}
