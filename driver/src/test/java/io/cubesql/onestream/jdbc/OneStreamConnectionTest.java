package io.cubesql.onestream.jdbc;

import static io.cubesql.onestream.jdbc.GolfStreamEmulator.awaitSlowRequest;
import static io.cubesql.onestream.jdbc.GolfStreamEmulator.url;
import static io.cubesql.onestream.jdbc.GolfStreamEmulator.withFreshPat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.client.OneStreamException;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import java.net.ServerSocket;
import java.sql.ClientInfoStatus;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connections through {@code DriverManager}: opening, identity, validity, errors, closing. */
@ExtendWith(GolfStreamEmulator.class)
class OneStreamConnectionTest {
  /** Every message in the chain of {@code e}, to check that none holds a secret. */
  static String allMessages(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t).append('\n');
      for (Throwable s : t.getSuppressed()) {
        b.append(allMessages(s));
      }
    }
    return b.toString();
  }

  @Test
  void connectsByUrlWithThePatAsPassword(OneStreamEmulator emulator) throws SQLException {
    Properties p = withFreshPat(emulator);
    String pat = p.getProperty("password");
    String url = url(emulator);
    Connection c = DriverManager.getConnection(url, p);
    try (c) {
      assertThat(c.isValid(5)).isTrue();
      assertThat(c.isWrapperFor(OneStreamConnection.class)).isTrue();
      OneStreamConnection os = c.unwrap(OneStreamConnection.class);
      assertThat(os.application()).isEqualTo("GolfStream");
      assertThat(os.isDemo()).isFalse();
      assertThat(c.getSchema()).isEqualTo("cubes");

      DatabaseMetaData md = c.getMetaData();
      assertThat(md.getDatabaseProductName()).isEqualTo("OneStream");
      assertThat(md.getDatabaseProductVersion()).isEqualTo("REST API 7.2.0");
      assertThat(md.getDriverName()).isEqualTo("OneStream JDBC Driver");
      assertThat(md.getDriverVersion()).isEqualTo(System.getProperty("onestream.projectVersion"));
      assertThat(md.getURL()).isEqualTo(url);
      assertThat(md.getConnection()).isSameAs(c);
      assertThat(md.unwrap(DatabaseMetaData.class)).isSameAs(md);
      List<String> schemas = new ArrayList<>();
      try (ResultSet rs = md.getSchemas()) {
        assertThat(rs.getStatement()).isNull();
        while (rs.next()) {
          schemas.add(rs.getString("TABLE_SCHEM"));
        }
      }
      assertThat(schemas).contains("cubes", "cubeviews", "dimensions");
      assertThat(md.getURL() + c + md + c.createStatement()).doesNotContain(pat);
    }
    assertThat(c.isClosed()).isTrue();
    assertThat(c.isValid(1)).isFalse();
    // The connection closed its client, which forgot the session.
    OneStreamConnection os = c.unwrap(OneStreamConnection.class);
    assertThat(catchThrowableOfType(OneStreamException.class, () -> os.client().cubeList()))
        .isNotNull();
  }

  @Test
  void closingTheConnectionClosesItsStatementsAndTheirResultSets(OneStreamEmulator emulator)
      throws SQLException {
    Connection c = DriverManager.getConnection(url(emulator), withFreshPat(emulator));
    Statement st = c.createStatement();
    PreparedStatement ps = c.prepareStatement("SELECT * FROM (VALUES (1), (2)) AS t(x)");
    Statement timed = c.createStatement();
    Statement closedFirst = c.createStatement();
    try {
      // A cube read left half-way: its rows stream from the server while they are read.
      ResultSet cells =
          st.executeQuery(
              "SELECT Entity, CellValue FROM cubes.GolfStream WHERE Entity = 'Houston'");
      assertThat(cells.next()).isTrue();
      ResultSet values = ps.executeQuery();
      assertThat(values.next()).isTrue();
      timed.setQueryTimeout(600);
      ResultSet endless = timed.executeQuery(OneStreamStatementTest.ENDLESS);
      assertThat(endless.next()).isTrue();
      closedFirst.close();

      c.close();

      assertThat(List.of(st, ps, timed, closedFirst)).allMatch(OneStreamConnectionTest::closed);
      assertThat(cells.isClosed()).isTrue();
      assertThat(values.isClosed()).isTrue();
      assertThat(endless.isClosed()).isTrue();
    } finally {
      c.close();
    }
  }

  private static boolean closed(Statement s) {
    try {
      return s.isClosed();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aRefusedPatIs28000AtConnect(OneStreamEmulator emulator) {
    Properties p = new Properties();
    String bad = "Bad00000000000000000000000000000-111111111111111111111111111111111";
    p.setProperty("password", bad);
    SQLException e =
        catchThrowableOfType(
            SQLException.class, () -> DriverManager.getConnection(url(emulator), p));
    assertThat(e.getSQLState()).isEqualTo("28000");
    assertThat((Object) e).isInstanceOf(SQLInvalidAuthorizationSpecException.class);
    assertThat(allMessages(e)).doesNotContain(bad);
  }

  @Test
  void anApplicationTheUserMayNotOpenIs28000(OneStreamEmulator emulator) {
    Properties p = new Properties();
    String pat = emulator.issuePat("viewer", Duration.ofHours(1));
    p.setProperty("password", pat);
    SQLException e =
        catchThrowableOfType(
            SQLException.class, () -> DriverManager.getConnection(url(emulator), p));
    assertThat(e.getSQLState()).isEqualTo("28000");
    assertThat(e.getMessage()).contains("GolfStream");
    assertThat(allMessages(e)).doesNotContain(pat);
  }

  @Test
  void aRevokedPatMakesTheConnectionInvalid(OneStreamEmulator emulator) throws SQLException {
    Properties p = withFreshPat(emulator);
    try (Connection c = DriverManager.getConnection(url(emulator), p)) {
      assertThat(c.isValid(0)).isTrue();
      emulator.revokePat(p.getProperty("password"));
      assertThat(c.isValid(5)).isFalse();
    }
  }

  /**
   * A ping still running when isValid's time is up is cancelled, not left to run out on the shared
   * ping thread: a slow server would otherwise hold a thread and an HTTP connection per timed-out
   * isValid (which a pool such as HikariCP calls on every borrow) for as long as the call lasts.
   */
  @Test
  void isValidCancelsAPingThatOutlivesItsTimeout(OneStreamEmulator emulator) throws Exception {
    try (Connection c = DriverManager.getConnection(url(emulator), withFreshPat(emulator))) {
      emulator
          .faults()
          .add(
              FaultRule.of(FaultKind.LATENCY)
                  .count(1)
                  .route("Authentication/LogonAndReturnCookie")
                  .latencyMs(4_000));
      try {
        assertThat(c.isValid(1)).isFalse();
        // The call ends as cancelled well before the server's answer would have come.
        long deadline = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
        List<String> pings = pings(c);
        while (!pings.contains("CANCELLED") && System.nanoTime() < deadline) {
          Thread.sleep(20);
          pings = pings(c);
        }
        assertThat(pings).containsExactly("CANCELLED");
      } finally {
        emulator.faults().clear();
        awaitSlowRequest(emulator, "Authentication/LogonAndReturnCookie", 4_000);
      }
      assertThat(c.isValid(5)).isTrue();
    }
  }

  /** The errors of the connection's pings so far, as {@code recent_requests} shows them. */
  private static List<String> pings(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT Error FROM onestream_meta.recent_requests"
                    + " WHERE Route = 'Authentication/LogonAndReturnCookie'")) {
      while (rs.next()) {
        out.add(String.valueOf(rs.getString(1)));
      }
    }
    return out;
  }

  @Test
  void anUnreachableServerIs08001(OneStreamEmulator emulator) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed at once: nothing listens there any more
    }
    Properties p = withFreshPat(emulator);
    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () ->
                DriverManager.getConnection(
                    "jdbc:onestream://127.0.0.1:" + port + "/GolfStream?ssl=false", p));
    assertThat(e.getSQLState()).isEqualTo("08001");
    assertThat(allMessages(e)).doesNotContain(p.getProperty("password"));
  }

  @Test
  void sqlErrorsKeepTheirStatesThroughTheWrapper(OneStreamEmulator emulator) throws SQLException {
    try (Connection c = DriverManager.getConnection(url(emulator), withFreshPat(emulator));
        Statement st = c.createStatement()) {
      SQLException table =
          catchThrowableOfType(
              SQLException.class, () -> st.executeQuery("SELECT * FROM cubes.NoSuchCube"));
      assertThat(table.getSQLState()).isEqualTo("42S02");
      assertThat(table.getMessage()).contains("'NoSuchCube'");
      SQLException column =
          catchThrowableOfType(
              SQLException.class,
              () -> c.prepareStatement("SELECT nope FROM (VALUES (1)) AS t(x)"));
      assertThat(column.getSQLState()).isEqualTo("42S22");
      SQLException parse =
          catchThrowableOfType(SQLException.class, () -> st.executeQuery("SELECT FROM WHERE"));
      assertThat(parse.getSQLState()).isEqualTo("42000");
      SQLException cast =
          catchThrowableOfType(
              SQLException.class,
              () -> {
                try (ResultSet rs =
                    st.executeQuery("SELECT CAST(x AS INTEGER) FROM (VALUES ('x1')) AS t(x)")) {
                  rs.next();
                }
              });
      assertThat(cast.getSQLState()).isEqualTo("22018");
    }
  }

  @Test
  void whatAReadOnlyDriverDoesNotDoIs0A000(OneStreamEmulator emulator) throws SQLException {
    try (Connection c = DriverManager.getConnection(url(emulator), withFreshPat(emulator));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM (VALUES (1)) AS t(x)")) {
      SQLException call =
          catchThrowableOfType(SQLException.class, () -> c.prepareCall("{call x()}"));
      assertThat(call.getSQLState()).isEqualTo("0A000");
      assertThat(call.getMessage()).contains("prepareCall");
      assertThat(rs.next()).isTrue();
      SQLException update = catchThrowableOfType(SQLException.class, () -> rs.updateInt(1, 2));
      assertThat(update.getSQLState()).isEqualTo("0A000");
      assertThat(update.getMessage()).contains("updateInt(int, int)");
      assertThat(rs.getStatement()).isSameAs(st);
      assertThat(st.getConnection()).isSameAs(c);
    }
  }

  @Test
  void aReadIsCommittedOrRolledBackAsAFrameworkDoesWithoutError(OneStreamEmulator emulator)
      throws SQLException {
    Connection c = DriverManager.getConnection(url(emulator), withFreshPat(emulator));
    try (c) {
      assertThat(c.getAutoCommit()).as("JDBC's default for a new connection").isTrue();
      assertThat(c.getMetaData().supportsTransactions()).isFalse();
      // What Spring's @Transactional does around a read: no transactions, so nothing to do.
      c.setAutoCommit(false);
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT * FROM (VALUES (1)) AS t(x)")) {
        assertThat(rs.next()).isTrue();
      }
      c.commit();
      c.rollback();
      c.setAutoCommit(true);
    }
    SQLException closed = catchThrowableOfType(SQLException.class, c::commit);
    assertThat(closed.getSQLState()).isNotNull();
    assertThat((Object) catchThrowableOfType(SQLException.class, c::rollback)).isNotNull();
  }

  @Test
  void clientInfoIsRefusedWithAStateAndTheNamesThatFailed(OneStreamEmulator emulator)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(url(emulator), withFreshPat(emulator))) {
      // DBeaver and others set ApplicationName; Avatica refused it with no state and no message.
      SQLClientInfoException one =
          catchThrowableOfType(
              SQLClientInfoException.class, () -> c.setClientInfo("ApplicationName", "DBeaver"));
      assertThat(one.getSQLState()).isEqualTo("0A000");
      assertThat(one.getMessage()).contains("setClientInfo").contains("'ApplicationName'");
      assertThat(one.getFailedProperties())
          .containsEntry("ApplicationName", ClientInfoStatus.REASON_UNKNOWN_PROPERTY);
      Properties info = new Properties();
      info.setProperty("ClientUser", "ana");
      SQLClientInfoException all =
          catchThrowableOfType(SQLClientInfoException.class, () -> c.setClientInfo(info));
      assertThat(all.getSQLState()).isEqualTo("0A000");
      assertThat(all.getFailedProperties()).containsOnlyKeys("ClientUser");
      c.close();
      SQLClientInfoException closed =
          catchThrowableOfType(
              SQLClientInfoException.class, () -> c.setClientInfo("ApplicationName", "DBeaver"));
      assertThat(closed.getSQLState()).isNotNull();
    }
  }

  @Test
  void demoConnectionsShareOneServerAndTakeAPatEach() throws SQLException {
    Connection a = DriverManager.getConnection("jdbc:onestream:demo");
    try (Connection b = DriverManager.getConnection("jdbc:onestream:demo", new Properties())) {
      OneStreamConnection oa = a.unwrap(OneStreamConnection.class);
      OneStreamConnection ob = b.unwrap(OneStreamConnection.class);
      assertThat(oa.isDemo()).isTrue();
      assertThat(oa.application()).isEqualTo("GolfStream");
      assertThat(oa.client().config().serverUrl())
          .startsWith("http://127.0.0.1:")
          .isEqualTo(ob.client().config().serverUrl());
      assertThat(a.getMetaData().getURL()).isEqualTo("jdbc:onestream:demo");
      assertThat(a.isValid(5)).isTrue();
      a.close();
      // Each demo connection has a PAT of its own: closing one leaves the other working.
      assertThat(b.isValid(5)).isTrue();
      // The demo server must not keep the JVM alive once the application's main returns.
      assertThat(Thread.getAllStackTraces().keySet())
          .filteredOn(t -> t.getName().startsWith("onestream-emulator"))
          .isNotEmpty()
          .allMatch(Thread::isDaemon);
    } finally {
      a.close();
    }
  }
}
