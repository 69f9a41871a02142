package sample;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Plain JDBC on the OneStream driver: one parameterised query on a cube view, printed as a table.
 *
 * <pre>
 * java -cp target/classes:onestream-jdbc-0.1.0-SNAPSHOT.jar sample.PlainJdbc [URL]
 * </pre>
 *
 * The URL defaults to {@code jdbc:onestream:demo} (the embedded demo server); for a real server,
 * {@code jdbc:onestream://host/Application} with the PAT in the environment variable {@code
 * ONESTREAM_PAT}, never on the command line. Exits 1 with {@code SQLState: message} on failure.
 */
public final class PlainJdbc {
  private PlainJdbc() {}

  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : "jdbc:onestream:demo";
    Properties props = new Properties();
    String pat = System.getenv("ONESTREAM_PAT");
    if (pat != null) {
      props.setProperty("password", pat);
    }
    String sql =
        "SELECT Account, Actual, Budget, Variance FROM cubeviews.ActualVsBudget"
            + " WHERE Entity = ? AND \"Time\" = ?";
    try (Connection c = DriverManager.getConnection(url, props);
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, "Houston");
      ps.setString(2, "2024M3");
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        StringBuilder header = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          header.append(String.format(i == 1 ? "%-20s" : "%12s", md.getColumnLabel(i)));
        }
        System.out.println(header);
        int rows = 0;
        while (rs.next()) {
          System.out.printf(
              "%-20s%12.2f%12.2f%12.2f%n",
              rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
          rows++;
        }
        System.out.println("(" + rows + " rows)");
      }
    } catch (SQLException e) {
      // The SQLState tells what went wrong: 28000 credentials, 42S02 unknown table, 08001 no server.
      System.err.println(e.getSQLState() + ": " + e.getMessage());
      System.exit(1);
    }
  }
}
