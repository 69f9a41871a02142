package io.cubesql.onestream.jdbc;

import io.cubesql.onestream.jdbc.internal.Connector;
import io.cubesql.onestream.jdbc.internal.DriverVersion;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for {@code jdbc:onestream:} URLs: SQL over the Cube Views, cubes and dimensions
 * of a OneStream application, through the public REST API.
 *
 * <pre>{@code
 * Properties p = new Properties();
 * p.setProperty("password", System.getenv("ONESTREAM_PAT"));
 * try (Connection c = DriverManager.getConnection(
 *     "jdbc:onestream://onestream.example.com/GolfStream", p)) { ... }
 * }</pre>
 *
 * <p>It registers itself with {@link DriverManager} when the class loads, which {@code
 * META-INF/services/java.sql.Driver} makes happen on the first {@code DriverManager} use. The
 * connections it makes unwrap to {@link OneStreamConnection}.
 */
public final class OneStreamDriver implements Driver {
  static {
    try {
      DriverManager.registerDriver(new OneStreamDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * A connection to the server or demo {@code url} names, or null when {@code url} is not a {@code
   * jdbc:onestream:} URL (the {@code Driver} contract, so that {@code DriverManager} asks the next
   * driver).
   *
   * @throws SQLException {@code 22023} for a bad URL or property, {@code 28000} for a refused token
   *     or application, {@code 08001} for a server that cannot be reached
   */
  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    return Connector.open(OneStreamDriverUri.parse(url, info));
  }

  @Override
  public boolean acceptsURL(String url) {
    return OneStreamDriverUri.acceptsUrl(url);
  }

  /**
   * Every connection property, with its description, default, allowed values and whether it is
   * required; the values are those of {@code url} and {@code info} where they parse, and secrets
   * are never shown.
   */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    Properties props;
    try {
      props = OneStreamDriverUri.parse(url, info).properties();
    } catch (SQLException e) {
      // A URL being typed into a tool is often incomplete: show the properties all the same.
      props = OneStreamProperty.known(info);
    }
    OneStreamProperty[] all = OneStreamProperty.values();
    DriverPropertyInfo[] infos = new DriverPropertyInfo[all.length];
    for (int i = 0; i < all.length; i++) {
      infos[i] = all[i].toDriverPropertyInfo(props);
    }
    return infos;
  }

  @Override
  public int getMajorVersion() {
    return DriverVersion.MAJOR;
  }

  @Override
  public int getMinorVersion() {
    return DriverVersion.MINOR;
  }

  /** False: the driver reads, and implements only the JDBC that SQL over an API can honour. */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  /** The parent of the driver's {@code java.util.logging} loggers (it logs through SLF4J). */
  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("io.cubesql.onestream");
  }
}
