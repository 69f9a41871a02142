package io.cubesql.onestream.jdbc.cli;

import io.cubesql.onestream.jdbc.OneStreamSqlState;
import io.cubesql.onestream.jdbc.internal.DriverVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The quick-start command line of the shaded jar: runs one SQL query through {@code DriverManager}
 * and prints the rows as an aligned table. Errors print as {@code SQLState: message} and exit 1.
 *
 * <pre>
 * java -jar onestream-jdbc.jar "SELECT * FROM cubeviews.ActualVsBudget"
 * java -jar onestream-jdbc.jar -u jdbc:onestream://host/GolfStream -p my.properties &lt; query.sql
 * </pre>
 */
@Command(
    name = "onestream-sql",
    mixinStandardHelpOptions = true,
    versionProvider = OneStreamSql.Version.class,
    description = "Runs one SQL query through the OneStream JDBC driver and prints a table.")
public final class OneStreamSql implements Callable<Integer> {
  @Option(
      names = {"-u", "--url"},
      defaultValue = "jdbc:onestream:demo",
      description = "The JDBC URL (default: ${DEFAULT-VALUE}, the in-process demo server).")
  String url;

  @Option(
      names = {"-p", "--properties"},
      paramLabel = "FILE",
      description = "Connection properties, such as password=<PAT> (keeps secrets off the URL).")
  Path propertiesFile;

  @Option(
      names = "--max-rows",
      defaultValue = "0",
      description = "Stop after this many rows; 0 prints them all (default).")
  int maxRows;

  @Parameters(
      arity = "0..1",
      paramLabel = "SQL",
      description = "The query; read from standard input when absent or '-'.")
  String sql;

  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;

  OneStreamSql(InputStream in, PrintStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    // SLF4J would warn on stderr that no logging backend is present; the tool has nothing to log.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    System.exit(run(args, System.in, System.out, System.err));
  }

  /** Runs the command; answers the exit code (0 rows printed, 1 SQL error, 2 usage error). */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new OneStreamSql(in, out, err));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    Properties props = new Properties();
    String query;
    try {
      if (propertiesFile != null) {
        try (Reader r = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
          props.load(r);
        }
      }
      query =
          sql == null || sql.equals("-")
              ? new String(in.readAllBytes(), StandardCharsets.UTF_8)
              : sql;
    } catch (IOException e) {
      // The file name only: a properties file holds secrets, and so may the message of a parse.
      err.println(
          OneStreamSqlState.INVALID_PARAMETER_VALUE.state()
              + ": The properties file or standard input cannot be read: "
              + (propertiesFile == null ? "stdin" : propertiesFile));
      return 1;
    }
    query = query.strip();
    if (query.endsWith(";")) {
      query = query.substring(0, query.length() - 1);
    }
    try (Connection c = DriverManager.getConnection(url, props);
        Statement st = c.createStatement()) {
      st.setMaxRows(maxRows);
      try (ResultSet rs = st.executeQuery(query)) {
        TablePrinter.print(rs, out);
      }
      return 0;
    } catch (SQLException e) {
      err.println((e.getSQLState() == null ? "HY000" : e.getSQLState()) + ": " + e.getMessage());
      return 1;
    }
  }

  /** The version from the driver's POM. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"onestream-sql " + DriverVersion.VERSION};
    }
  }
}
