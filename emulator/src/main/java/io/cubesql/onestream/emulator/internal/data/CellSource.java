package io.cubesql.onestream.emulator.internal.data;

import io.cubesql.onestream.emulator.internal.model.Dim;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayDeque;
import java.util.Deque;
import org.h2.tools.SimpleResultSet;
import org.h2.tools.SimpleRowSource;

/**
 * Bulk insert of generated cells through an H2 table function: {@code INSERT INTO t SELECT * FROM
 * fn()} reads rows straight from a Java generator on the calling thread.
 */
public final class CellSource {
  /** Receives one cell: member ids in {@link Dim#CELL_DIMS} order, and the amount. */
  public interface Sink {
    void accept(int[] memberIds, double amount);
  }

  /** Produces the cells of one data unit per call; false when there are no more. */
  public interface Generator {
    boolean nextUnit(Sink sink);
  }

  private static final ThreadLocal<Generator> CURRENT = new ThreadLocal<>();
  private static final String FUNCTION = "EMULATOR_CELL_SOURCE";

  private CellSource() {}

  /** Inserts every cell {@code generator} produces into {@code table}. */
  public static void insert(Connection c, String table, Generator generator) throws SQLException {
    CURRENT.set(generator);
    try (Statement st = c.createStatement()) {
      st.execute(
          "CREATE ALIAS IF NOT EXISTS "
              + FUNCTION
              + " FOR '"
              + CellSource.class.getName()
              + ".rows'");
      st.execute("INSERT INTO " + table + " SELECT * FROM " + FUNCTION + "()");
      st.execute("DROP ALIAS " + FUNCTION);
    } finally {
      CURRENT.remove();
    }
  }

  /** The table function; H2 calls it once for the column list and once for the rows. */
  public static ResultSet rows(Connection conn) throws SQLException {
    Generator generator = CURRENT.get();
    boolean columnsOnly = conn.getMetaData().getURL().startsWith("jdbc:columnlist:");
    SimpleResultSet rs =
        new SimpleResultSet(columnsOnly || generator == null ? null : new Rows(generator));
    for (Dim d : Dim.CELL_DIMS) {
      rs.addColumn(d.column().toUpperCase(java.util.Locale.ROOT), Types.INTEGER, 10, 0);
    }
    rs.addColumn("CELLAMOUNT", Types.DOUBLE, 17, 0);
    return rs;
  }

  private static final class Rows implements SimpleRowSource, Sink {
    private final Generator generator;
    private final Deque<Object[]> buffer = new ArrayDeque<>();
    private boolean done;

    Rows(Generator generator) {
      this.generator = generator;
    }

    @Override
    public void accept(int[] memberIds, double amount) {
      Object[] row = new Object[memberIds.length + 1];
      for (int i = 0; i < memberIds.length; i++) {
        row[i] = memberIds[i];
      }
      row[memberIds.length] = amount;
      buffer.add(row);
    }

    @Override
    public Object[] readRow() {
      while (buffer.isEmpty() && !done) {
        done = !generator.nextUnit(this);
      }
      return buffer.poll();
    }

    @Override
    public void close() {}

    @Override
    public void reset() {
      throw new UnsupportedOperationException("Generated cells can be read once");
    }
  }
}
