package io.cubesql.onestream.emulator.internal.data;

import io.cubesql.onestream.emulator.internal.model.AccountType;
import io.cubesql.onestream.emulator.internal.model.Dim;
import io.cubesql.onestream.emulator.internal.model.Member;
import io.cubesql.onestream.emulator.internal.model.Metadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The H2 database of one application: created and filled by {@link GolfStreamBuilder} on first use,
 * or reused from a file built earlier with the same seed and scale. SQL runs in H2's MSSQLServer
 * mode, the dialect administrator SQL is written in on a real server.
 */
public final class AppDatabase implements AutoCloseable {
  /** Bump when the generated content changes, so old database files are rebuilt. */
  private static final String GENERATOR_VERSION = "3";

  private static final String READER = "REPORTER";

  private final String name;
  private final JdbcConnectionPool pool;
  private final String readOnlyUrl;
  private final String readerPassword;
  private final Metadata metadata;

  private AppDatabase(
      String name,
      JdbcConnectionPool pool,
      String readOnlyUrl,
      String readerPassword,
      Metadata metadata) {
    this.name = name;
    this.pool = pool;
    this.readOnlyUrl = readOnlyUrl;
    this.readerPassword = readerPassword;
    this.metadata = metadata;
  }

  /**
   * Opens (building it when needed) the database of application {@code name}.
   *
   * @param directory where to keep the database file; null keeps it in memory
   */
  public static AppDatabase open(
      String name, Path directory, int scale, long seed, int firstYear, int lastYear)
      throws SQLException {
    String url =
        (directory == null
                ? "jdbc:h2:mem:" + name + "-" + UUID.randomUUID()
                : "jdbc:h2:file:" + directory.resolve(name).toAbsolutePath())
            // Identifiers keep their case in answers (a column is "Product", as on SQL Server,
            // not "PRODUCT") and still match in any case.
            + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE;CASE_INSENSITIVE_IDENTIFIERS=TRUE";
    String owner = "SA";
    JdbcConnectionPool pool = JdbcConnectionPool.create(url + ";DB_CLOSE_DELAY=-1", owner, "");
    pool.setMaxConnections(32);
    String stamp = GENERATOR_VERSION + "/" + scale + "/" + seed + "/" + firstYear + "-" + lastYear;
    byte[] password = new byte[16];
    new SecureRandom().nextBytes(password);
    String readerPassword = HexFormat.of().formatHex(password);
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement()) {
      if (!stamp.equals(stamp(st))) {
        st.execute("DROP ALL OBJECTS");
        runScript(st, "/db/schema.sql");
        c.setAutoCommit(false);
        new GolfStreamBuilder(c, scale, seed, firstYear, lastYear).build();
        st.execute("INSERT INTO AppInfo VALUES ('Generator', '" + stamp + "')");
        c.commit();
        c.setAutoCommit(true);
      }
      // Administrator SQL runs as a user that may only read (onestream-api.md §4).
      st.execute("CREATE USER IF NOT EXISTS " + READER + " PASSWORD '" + readerPassword + "'");
      st.execute("ALTER USER " + READER + " SET PASSWORD '" + readerPassword + "'");
      st.execute("GRANT SELECT ON SCHEMA PUBLIC TO " + READER);
    }
    Metadata metadata;
    try (Connection c = pool.getConnection()) {
      metadata = loadMetadata(c);
    }
    return new AppDatabase(name, pool, url, readerPassword, metadata);
  }

  private static String stamp(Statement st) throws SQLException {
    try (ResultSet rs =
        st.executeQuery(
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                + " WHERE TABLE_NAME IN ('AppInfo', 'APPINFO')")) {
      rs.next();
      if (rs.getInt(1) == 0) {
        return null;
      }
    }
    try (ResultSet rs =
        st.executeQuery("SELECT InfoValue FROM AppInfo WHERE InfoKey = 'Generator'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static void runScript(Statement st, String resource) throws SQLException {
    String script;
    try (InputStream in = AppDatabase.class.getResourceAsStream(resource)) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder sql = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.trim().startsWith("--")) {
        sql.append(line).append('\n');
      }
    }
    for (String statement : sql.toString().split(";")) {
      if (!statement.isBlank()) {
        st.execute(statement);
      }
    }
  }

  private static Metadata loadMetadata(Connection c) throws SQLException {
    Metadata md = new Metadata();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT MemberId, DimId, Name, Description, SortOrder, Currency, AccountType,"
                    + " FirstMonth, LastMonth FROM Member ORDER BY DimId, SortOrder")) {
      while (rs.next()) {
        String type = rs.getString(7);
        md.add(
            new Member(
                rs.getInt(1),
                Dim.values()[rs.getInt(2)],
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                rs.getString(6),
                type == null ? null : AccountType.valueOf(type),
                rs.getInt(8),
                rs.getInt(9)));
      }
    }
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT r.DimId, r.ParentId, r.ChildId, r.AggWeight FROM Relationship r"
                    + " JOIN Member p ON p.MemberId = r.ParentId"
                    + " ORDER BY r.DimId, p.SortOrder, r.SortOrder")) {
      while (rs.next()) {
        md.dimension(Dim.values()[rs.getInt(1)])
            .relate(md.byId(rs.getInt(2)), md.byId(rs.getInt(3)), rs.getDouble(4));
      }
    }
    return md;
  }

  public String name() {
    return name;
  }

  public Metadata metadata() {
    return metadata;
  }

  /** A connection that may write (the engine and data management). */
  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /**
   * A new connection that may only read, for administrator and adapter SQL. It is never pooled:
   * whatever session state a statement sets (a schema, a time-out) dies with it.
   */
  public Connection readOnlyConnection() throws SQLException {
    // From a data source, not DriverManager: an emulator inside a host JVM (the driver's demo
    // mode) must not need H2 registered there, nor register it.
    JdbcDataSource source = new JdbcDataSource();
    source.setURL(readOnlyUrl);
    return source.getConnection(READER, readerPassword);
  }

  @Override
  public void close() {
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement()) {
      st.execute("SHUTDOWN");
    } catch (SQLException e) {
      // Already closed: nothing to release.
    }
    pool.dispose();
  }
}
