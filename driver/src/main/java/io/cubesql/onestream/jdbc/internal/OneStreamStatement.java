package io.cubesql.onestream.jdbc.internal;

import io.cubesql.onestream.jdbc.OneStreamSqlState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.NoSuchStatementException;

/**
 * A statement of a OneStream connection: Calcite's statement, with the SQLStates restored, the
 * query timeout enforced by a timer, and a cancel that applies to the execution in progress only.
 *
 * <p>The query timeout covers the execution and the reading of its rows: the adapter streams rows
 * lazily, so the API calls happen while the caller reads. The timer is disarmed when the result set
 * is exhausted or closed, or the statement runs again or closes.
 *
 * @param <S> Calcite's statement type
 */
class OneStreamStatement<S extends Statement> implements Statement {
  final RealOneStreamConnection connection;
  final S delegate;
  private final SqlErrors errors;

  private volatile int queryTimeout;
  private volatile boolean cancelled;
  private volatile boolean timedOut;
  private ScheduledFuture<?> timer; // guarded by this
  private long execution; // guarded by this; counts executions, so a late timer stops nothing new
  private OneStreamResultSet current; // guarded by this

  /** The most progress warnings one execution keeps; the log has them all. */
  static final int MAX_WARNINGS = 100;

  /** Calcite's cancel flag of this statement: how the adapter knows whose progress it reports. */
  private final AtomicBoolean progressKey;

  private final Object warningLock = new Object();
  private SQLWarning warnings; // guarded by warningLock
  private SQLWarning lastWarning; // guarded by warningLock
  private int warningCount; // guarded by warningLock

  /** What the first run of a plan whose generated class failed to initialise threw; or null. */
  private volatile SQLException initializerFailure;

  OneStreamStatement(RealOneStreamConnection connection, S delegate, SqlErrors errors) {
    this.connection = connection;
    this.delegate = delegate;
    this.errors = errors;
    this.progressKey = cancelFlag(delegate);
    if (progressKey != null) {
      connection.adapter().listen(progressKey, this::progress);
    }
  }

  private static AtomicBoolean cancelFlag(Statement delegate) {
    try {
      AvaticaStatement avatica = delegate.unwrap(AvaticaStatement.class);
      return avatica.connection.getCancelFlag(avatica.handle);
    } catch (SQLException | NoSuchStatementException | RuntimeException e) {
      return null; // not a Calcite statement (a test double): no progress
    }
  }

  // ------------------------------------------------------------------ progress as warnings

  /**
   * Progress the adapter reports for the execution under way (Data Management states, polls and
   * pages, which it also logs at INFO) becomes a warning with SQLState {@code 01000}: tools such as
   * DBeaver show them. At most {@value #MAX_WARNINGS} per execution, then one that says so. Called
   * on the adapter's threads.
   */
  private void progress(String message) {
    synchronized (warningLock) {
      if (warningCount > MAX_WARNINGS) {
        return;
      }
      warningCount++;
      SQLWarning w =
          warningCount <= MAX_WARNINGS
              ? new SQLWarning(message, "01000")
              : new SQLWarning(
                  "More progress than " + MAX_WARNINGS + " warnings: the rest is in the log",
                  "01000");
      if (warnings == null) {
        warnings = w;
      } else {
        lastWarning.setNextWarning(w);
      }
      lastWarning = w;
    }
  }

  private void clearProgress() {
    synchronized (warningLock) {
      warnings = null;
      lastWarning = null;
      warningCount = 0;
    }
  }

  /** The statement closed: the adapter stops reporting to it. */
  final void stopListening() {
    if (progressKey != null) {
      connection.adapter().unlisten(progressKey);
    }
  }

  // ------------------------------------------------------------------ execution and its timer

  /**
   * Starts an execution: disarms the last one's timer, clears the cancel of an earlier execution
   * (Avatica keeps its cancel flag set for good) and arms the timer.
   */
  private synchronized void begin() throws SQLException {
    disarm();
    clearProgress(); // JDBC: each execution clears the warnings
    cancelled = false;
    timedOut = false;
    try {
      AvaticaStatement avatica = delegate.unwrap(AvaticaStatement.class);
      avatica.connection.getCancelFlag(avatica.handle).set(false);
    } catch (NoSuchStatementException e) {
      // Avatica forgets a statement's handle when it closes; its exception has no message.
      throw closedError(e);
    }
    long armed = ++execution;
    int seconds = queryTimeout;
    if (seconds > 0) {
      timer = QueryTimer.schedule(() -> timeUp(armed), seconds);
    }
  }

  /**
   * Runs on the timer thread: execution {@code armed} has used up its time. Under the lock, so that
   * an execution that began meanwhile is not the one cancelled (Avatica's statement lock is only
   * ever taken after this one, never before). A timer that went off while its execution was ending
   * finds itself disarmed and stops nothing: otherwise the finished statement would be cancelled
   * and its later errors reported as {@code HYT00}.
   */
  synchronized void timeUp(long armed) {
    if (armed != execution || timer == null) {
      return;
    }
    timedOut = true;
    try {
      delegate.cancel();
    } catch (SQLException | RuntimeException e) {
      // The statement closed meanwhile: there is nothing left to stop.
    }
  }

  /** For tests: the number of the latest execution, which its timer is armed with. */
  synchronized long execution() {
    return execution;
  }

  private synchronized void disarm() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  /** Wraps what an execution returned; a null result set ends the execution. */
  final synchronized ResultSet track(ResultSet rs) {
    if (rs == null) {
      disarm();
      current = null;
      return null;
    }
    if (current == null || current.delegate != rs) {
      current = new OneStreamResultSet(this, rs, errors, maxRows());
    }
    return current;
  }

  /** The result set was exhausted or closed: the execution is over. */
  final synchronized void finished(OneStreamResultSet rs) {
    if (rs == current) {
      disarm();
    }
    if (closedByCalcite()) {
      connection.forget(this); // closeOnCompletion closed the statement with its result set
    }
  }

  private boolean closedByCalcite() {
    try {
      return delegate.isClosed();
    } catch (SQLException | RuntimeException e) {
      return true;
    }
  }

  /** {@code e}, with its SQLState, for an execution that failed: the execution is over. */
  final SQLException fail(Throwable e) {
    disarm();
    if (e instanceof ExceptionInInitializerError) {
      // That plan's class can never run: no Statement of the connection may get it again.
      StatementPlanCache plans = connection.planCache();
      if (plans != null) {
        plans.clear();
      }
      SQLException failure = translate(e);
      initializerFailure = failure;
      return failure;
    }
    SQLException first = initializerFailure;
    if (e instanceof NoClassDefFoundError && first != null) {
      return errors.again(first, e); // this statement's plan, run again
    }
    return translate(e);
  }

  /**
   * {@code e} when it is the failure of a class Calcite generated for a plan: a constant whose
   * evaluation throws (an invalid {@code LIKE} escape in {@code VALUES 'a' LIKE 'a' ESCAPE 'xx'})
   * fails the class's static initializer, an {@link ExceptionInInitializerError} on the first run
   * and a {@link NoClassDefFoundError} ("Could not initialize class") on each later run of that
   * plan. It becomes the SQLException of its cause, not an Error thrown at the caller. Any other
   * Error is thrown again.
   */
  static Error generatedCodeFailure(Error e) {
    if (e instanceof ExceptionInInitializerError
        || (e instanceof NoClassDefFoundError
            && e.getMessage() != null
            && e.getMessage().startsWith("Could not initialize class"))) {
      return e;
    }
    throw e;
  }

  /** {@code e}, with its SQLState, knowing whether this execution was cancelled or timed out. */
  final SQLException translate(Throwable e) {
    return errors.translate(e, cancelled, timedOut, queryTimeout);
  }

  /** Whether the current execution was stopped by {@link #cancel()} or by its timeout. */
  final boolean stopped() {
    return cancelled || timedOut;
  }

  private long maxRows() {
    try {
      return delegate.getLargeMaxRows();
    } catch (SQLException | RuntimeException e) {
      return 0; // a closed statement: its result set is closed too
    }
  }

  /** Runs an execution that answers a result set, which keeps the timer armed until it is read. */
  final ResultSet query(SqlCall<ResultSet> call) throws SQLException {
    begin();
    try {
      return track(call.call());
    } catch (SQLException | RuntimeException e) {
      throw fail(e);
    } catch (Error e) {
      throw fail(generatedCodeFailure(e));
    }
  }

  /** Runs an execution that answers an update count or a flag, not a result set. */
  final <T> T update(SqlCall<T> call) throws SQLException {
    begin();
    try {
      return call.call();
    } catch (SQLException | RuntimeException e) {
      throw fail(e);
    } catch (Error e) {
      throw fail(generatedCodeFailure(e));
    } finally {
      disarm();
    }
  }

  /** An execution step that may throw. */
  @FunctionalInterface
  interface SqlCall<T> {
    T call() throws SQLException;
  }

  // ------------------------------------------------------------------ Statement: executions

  /**
   * Plans of a {@code Statement}'s queries may come from the connection's {@link
   * StatementPlanCache}; a {@code PreparedStatement} keeps its own.
   */
  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    return query(() -> StatementPlanCache.forStatement(() -> delegate.executeQuery(sql)));
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    return execute(() -> StatementPlanCache.forStatement(() -> delegate.execute(sql)));
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    return execute(() -> delegate.execute(sql, autoGeneratedKeys));
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    return execute(() -> delegate.execute(sql, columnIndexes));
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    return execute(() -> delegate.execute(sql, columnNames));
  }

  /** Runs an {@code execute}: a result set keeps the timer armed until it is read. */
  final boolean execute(SqlCall<Boolean> call) throws SQLException {
    begin();
    try {
      boolean hasResultSet = call.call();
      track(hasResultSet ? delegate.getResultSet() : null);
      return hasResultSet;
    } catch (SQLException | RuntimeException e) {
      throw fail(e);
    } catch (Error e) {
      throw fail(generatedCodeFailure(e));
    }
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    return update(() -> delegate.executeUpdate(sql));
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return update(() -> delegate.executeUpdate(sql, autoGeneratedKeys));
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return update(() -> delegate.executeUpdate(sql, columnIndexes));
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    return update(() -> delegate.executeUpdate(sql, columnNames));
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    return update(() -> delegate.executeLargeUpdate(sql));
  }

  @Override
  public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return update(() -> delegate.executeLargeUpdate(sql, autoGeneratedKeys));
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return update(() -> delegate.executeLargeUpdate(sql, columnIndexes));
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    return update(() -> delegate.executeLargeUpdate(sql, columnNames));
  }

  @Override
  public int[] executeBatch() throws SQLException {
    return update(delegate::executeBatch);
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    return update(delegate::executeLargeBatch);
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    try {
      boolean more = delegate.getMoreResults();
      track(more ? delegate.getResultSet() : null);
      return more;
    } catch (SQLException | RuntimeException e) {
      throw fail(e);
    } catch (Error e) {
      throw fail(generatedCodeFailure(e));
    }
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    try {
      boolean more = delegate.getMoreResults(current);
      track(more ? delegate.getResultSet() : null);
      return more;
    } catch (SQLException | RuntimeException e) {
      throw fail(e);
    } catch (Error e) {
      throw fail(generatedCodeFailure(e));
    }
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    try {
      return track(delegate.getResultSet());
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    try {
      ResultSet keys = delegate.getGeneratedKeys();
      return keys == null ? null : new OneStreamResultSet(this, keys, errors, 0);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  /**
   * Cancels the execution in progress, from any thread: Calcite raises its cancel flag, which the
   * adapter watches to abort its HTTP calls, and the next read fails with {@code 57014}.
   */
  @Override
  public void cancel() throws SQLException {
    cancelled = true;
    try {
      delegate.cancel();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    if (delegate.isClosed()) {
      throw closedError(null);
    }
    return queryTimeout;
  }

  private SQLException closedError(Throwable cause) {
    return errors.translate(new SQLException("The statement is closed", cause));
  }

  /** Enforced here with a timer, and passed on so that the adapter can see it too. */
  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    if (seconds < 0) {
      throw OneStreamSqlState.INVALID_PARAMETER_VALUE.exception(
          "The query timeout must be 0 (none) or a number of seconds, not " + seconds, null);
    }
    try {
      delegate.setQueryTimeout(seconds);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
    queryTimeout = seconds;
  }

  @Override
  public void close() throws SQLException {
    disarm();
    try {
      delegate.close();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    } finally {
      connection.forget(this);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    try {
      return delegate.unwrap(iface);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || delegate.isWrapperFor(iface);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + connection + "]";
  }

  // ------------------------------------------------------------------ Statement: plain delegation

  @Override
  public void addBatch(String sql) throws SQLException {
    try {
      delegate.addBatch(sql);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void clearBatch() throws SQLException {
    try {
      delegate.clearBatch();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void clearWarnings() throws SQLException {
    clearProgress();
    try {
      delegate.clearWarnings();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    try {
      delegate.closeOnCompletion();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
    try {
      return delegate.enquoteIdentifier(identifier, alwaysQuote);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public String enquoteLiteral(String value) throws SQLException {
    try {
      return delegate.enquoteLiteral(value);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public String enquoteNCharLiteral(String value) throws SQLException {
    try {
      return delegate.enquoteNCharLiteral(value);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getFetchDirection() throws SQLException {
    try {
      return delegate.getFetchDirection();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getFetchSize() throws SQLException {
    try {
      return delegate.getFetchSize();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    try {
      return delegate.getLargeMaxRows();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    try {
      return delegate.getLargeUpdateCount();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    try {
      return delegate.getMaxFieldSize();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getMaxRows() throws SQLException {
    try {
      return delegate.getMaxRows();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    try {
      return delegate.getResultSetConcurrency();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    try {
      return delegate.getResultSetHoldability();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getResultSetType() throws SQLException {
    try {
      return delegate.getResultSetType();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public int getUpdateCount() throws SQLException {
    try {
      return delegate.getUpdateCount();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    try {
      SQLWarning calcite = delegate.getWarnings();
      synchronized (warningLock) {
        return warnings != null ? warnings : calcite;
      }
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    try {
      return delegate.isCloseOnCompletion();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    try {
      return delegate.isClosed();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isPoolable() throws SQLException {
    try {
      return delegate.isPoolable();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public boolean isSimpleIdentifier(String identifier) throws SQLException {
    try {
      return delegate.isSimpleIdentifier(identifier);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setCursorName(String name) throws SQLException {
    try {
      delegate.setCursorName(name);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setEscapeProcessing(boolean enable) throws SQLException {
    try {
      delegate.setEscapeProcessing(enable);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    try {
      delegate.setFetchDirection(direction);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    try {
      delegate.setFetchSize(rows);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    try {
      delegate.setLargeMaxRows(max);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setMaxFieldSize(int max) throws SQLException {
    try {
      delegate.setMaxFieldSize(max);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    try {
      delegate.setMaxRows(max);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void setPoolable(boolean poolable) throws SQLException {
    try {
      delegate.setPoolable(poolable);
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }
}
