package io.cubesql.onestream.jdbc.internal;

import java.lang.reflect.Field;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.server.CalciteServer;
import org.apache.calcite.server.CalciteServerStatement;

/**
 * A Calcite connection's registry of statements, made safe for a connection that many threads
 * share. Calcite keeps each connection's statements in a plain {@code HashMap} ({@code
 * CalciteConnectionImpl.CalciteServerImpl}), written as statements are made and closed and read as
 * they run and fetch; from several threads at once that map loses entries. This wrapper takes the
 * same lock around each of its calls, which are map look-ups. Calcite's statement numbers, which
 * the map is keyed on, are made unique by the connection's own lock ({@link
 * RealOneStreamConnection}).
 */
final class SynchronizedCalciteServer implements CalciteServer {
  private final CalciteServer delegate;

  private SynchronizedCalciteServer(CalciteServer delegate) {
    this.delegate = delegate;
  }

  /**
   * Puts the wrapper in place of {@code connection}'s registry. By reflection: Calcite gives no way
   * to choose it ({@code CalciteConnectionImpl.server}, a final field of a package-private class).
   *
   * @throws IllegalStateException when Calcite no longer has that field, so that an upgrade that
   *     moves it fails every connection rather than leaving shared connections unsafe
   */
  static void install(CalciteConnection connection) {
    Field field = null;
    for (Class<?> c = connection.getClass(); c != null && field == null; c = c.getSuperclass()) {
      try {
        field = c.getDeclaredField("server");
      } catch (NoSuchFieldException e) {
        // Up to the superclass.
      }
    }
    if (field == null || field.getType() != CalciteServer.class) {
      throw new IllegalStateException(
          "Calcite's connection has no CalciteServer field 'server' to make thread-safe");
    }
    try {
      field.setAccessible(true);
      CalciteServer current = (CalciteServer) field.get(connection);
      if (!(current instanceof SynchronizedCalciteServer)) {
        field.set(connection, new SynchronizedCalciteServer(current));
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("Cannot make Calcite's statement registry thread-safe", e);
    }
  }

  @Override
  public synchronized void removeStatement(Meta.StatementHandle h) {
    delegate.removeStatement(h);
  }

  @Override
  public synchronized void addStatement(CalciteConnection connection, Meta.StatementHandle h) {
    delegate.addStatement(connection, h);
  }

  @Override
  public synchronized CalciteServerStatement getStatement(Meta.StatementHandle h)
      throws NoSuchStatementException {
    return delegate.getStatement(h);
  }
}
