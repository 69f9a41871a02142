package io.cubesql.onestream.jdbc;

import static io.cubesql.onestream.jdbc.GolfStreamEmulator.url;
import static io.cubesql.onestream.jdbc.GolfStreamEmulator.withFreshPat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The statement wrapper's own behaviour (query timeout, cancel, reuse, limits), on queries that
 * Calcite computes without the adapter: a recursive query streams rows for minutes, long enough for
 * a timeout or a cancel to stop it.
 */
@ExtendWith(GolfStreamEmulator.class)
class OneStreamStatementTest {
  /** About a billion rows, streamed one by one: it never ends within a test run. */
  static final String ENDLESS =
      "WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 1000000000)"
          + " SELECT n FROM t";

  private static Connection connection;

  @BeforeAll
  static void open(OneStreamEmulator emulator) throws SQLException {
    connection = DriverManager.getConnection(url(emulator), withFreshPat(emulator));
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard if the timer never fired
  void aQueryTimeoutStopsTheReadWithHyt00AndTheStatementRunsAgain() throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout(1);
      assertThat(st.getQueryTimeout()).isEqualTo(1);
      ResultSet rs = st.executeQuery(ENDLESS);
      SQLException e =
          catchThrowableOfType(
              SQLException.class,
              () -> {
                while (rs.next()) {
                  rs.getLong(1);
                }
              });
      assertThat((Object) e).isInstanceOf(SQLTimeoutException.class);
      assertThat(e.getSQLState()).isEqualTo("HYT00");
      assertThat(e.getMessage()).contains("query timeout of 1 s");
      // The time-out applied to that execution only.
      try (ResultSet again = st.executeQuery("SELECT * FROM (VALUES (1), (2)) AS t(x)")) {
        assertThat(again.next()).isTrue();
        assertThat(again.next()).isTrue();
        assertThat(again.next()).isFalse();
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void cancelFromAnotherThreadIs57014AndTheStatementRunsAgain() throws Exception {
    try (Statement st = connection.createStatement()) {
      ResultSet rs = st.executeQuery(ENDLESS);
      assertThat(rs.next()).isTrue();
      Thread canceller =
          new Thread(
              () -> {
                try {
                  st.cancel();
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      canceller.start();
      canceller.join();
      SQLException e = catchThrowableOfType(SQLException.class, rs::next);
      assertThat(e.getSQLState()).isEqualTo("57014");
      assertThat(rs.isClosed()).isTrue();
      try (ResultSet again = st.executeQuery("SELECT * FROM (VALUES (1)) AS t(x)")) {
        assertThat(again.next()).isTrue();
      }
    }
  }

  @Test
  void aClosedStatementSaysSo() throws SQLException {
    Statement st = connection.createStatement();
    PreparedStatement ps = connection.prepareStatement("SELECT * FROM (VALUES (1)) AS t(x)");
    st.close();
    ps.close();
    SQLException query =
        catchThrowableOfType(SQLException.class, () -> st.executeQuery("SELECT 1"));
    assertThat(query.getSQLState()).isNotNull();
    assertThat(query.getMessage()).contains("closed");
    SQLException prepared = catchThrowableOfType(SQLException.class, ps::executeQuery);
    assertThat(prepared.getMessage()).contains("closed");
  }

  @Test
  void aNegativeTimeoutIs22023() throws SQLException {
    try (Statement st = connection.createStatement()) {
      SQLException e = catchThrowableOfType(SQLException.class, () -> st.setQueryTimeout(-1));
      assertThat(e.getSQLState()).isEqualTo("22023");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard if maxRows were ignored
  void maxRowsStopsAnEndlessPreparedQuery() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(ENDLESS)) {
      ps.setMaxRows(5);
      ps.setFetchSize(2);
      assertThat(ps.getMaxRows()).isEqualTo(5);
      assertThat(ps.getFetchSize()).isEqualTo(2);
      int rows = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows++;
        }
      }
      assertThat(rows).isEqualTo(5);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void maxRowsStopsAnEndlessQuery() throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.setMaxRows(3);
      int rows = 0;
      try (ResultSet rs = st.executeQuery(ENDLESS)) {
        while (rs.next()) {
          rows++;
        }
      }
      assertThat(rows).isEqualTo(3);
    }
  }

  @Test
  void preparedStatementsBindParameters() throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT x FROM (VALUES (1), (2), (3)) AS t(x) WHERE x > ?")) {
      ps.setInt(1, 1);
      int rows = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows++;
        }
      }
      assertThat(rows).isEqualTo(2);
      assertThat(ps.getParameterMetaData().getParameterCount()).isEqualTo(1);
    }
  }
}
