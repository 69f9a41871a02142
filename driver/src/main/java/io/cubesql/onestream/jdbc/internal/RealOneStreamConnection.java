package io.cubesql.onestream.jdbc.internal;

import io.cubesql.onestream.calcite.DataManagementFunctions;
import io.cubesql.onestream.calcite.OneStreamAdapter;
import io.cubesql.onestream.client.CallHandle;
import io.cubesql.onestream.client.JobStatus;
import io.cubesql.onestream.client.OneStreamClient;
import io.cubesql.onestream.client.OneStreamException;
import io.cubesql.onestream.client.SubstVars;
import io.cubesql.onestream.jdbc.OneStreamConnection;
import io.cubesql.onestream.jdbc.OneStreamDriverUri;
import io.cubesql.onestream.jdbc.OneStreamSqlState;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection of the OneStream driver: a thin wrapper over the Calcite connection that holds the
 * application's schemas. It owns the Calcite connection, the adapter and the API client, and closes
 * all three; statements, result sets and metadata it hands out restore SQLStates.
 */
public final class RealOneStreamConnection implements OneStreamConnection {
  private static final Logger LOG = LoggerFactory.getLogger(RealOneStreamConnection.class);

  /** Runs {@link #isValid} pings, so that a caller's timeout holds whatever the network does. */
  private static final ExecutorService PINGS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "onestream-jdbc-is-valid");
            t.setDaemon(true);
            return t;
          });

  private final OneStreamDriverUri uri;
  private final String application;
  private final CalciteConnection calcite;
  private final OneStreamAdapter adapter;
  private final OneStreamClient client;
  private final SqlErrors errors;
  private final StatementPlanCache plans; // null when off
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Held while Calcite makes a statement, for the connection that many threads share. Calcite
   * numbers a connection's statements with a plain counter ({@code AvaticaConnection
   * .statementCount++}) and keys its registry on the number: two statements made at once could
   * share one, and then one statement's plan and parameters serve the other (a wrong answer), or
   * Calcite fails with a bare {@code AssertionError}. {@code prepareStatement} plans under it too,
   * since Calcite plans before it makes the statement; executions and reads never take it. The
   * registry itself is {@link SynchronizedCalciteServer}.
   */
  private final Object making = new Object();

  /** The connection's own warnings (Avatica keeps none): insecure TLS, misspelt keys; or null. */
  private volatile SQLWarning warnings;

  /**
   * The statements this connection made that are still open. Closing Calcite's connection leaves
   * its statements open (and their result sets reading, their query timers armed), so this
   * connection closes them itself.
   */
  private final Set<OneStreamStatement<?>> statements = ConcurrentHashMap.newKeySet();

  RealOneStreamConnection(
      OneStreamDriverUri uri,
      String application,
      CalciteConnection calcite,
      OneStreamAdapter adapter,
      OneStreamClient client,
      SqlErrors errors,
      StatementPlanCache plans,
      Runnable onClose,
      SQLWarning warnings) {
    this.uri = uri;
    this.application = application;
    this.calcite = calcite;
    this.adapter = adapter;
    this.client = client;
    this.errors = errors;
    this.plans = plans;
    this.onClose = onClose;
    this.warnings = warnings;
  }

  // ------------------------------------------------------------------ OneStreamConnection

  @Override
  public String application() {
    return application;
  }

  @Override
  public boolean isDemo() {
    return uri.isDemo();
  }

  @Override
  public OneStreamClient client() {
    return client;
  }

  @Override
  public JobStatus executeSequence(String name, String substVars) throws SQLException {
    SubstVars vars = DataManagementFunctions.parse(substVars);
    return dataManagement(
        c -> c.runSequence(name, null, vars, new CallHandle(), logged("sequence " + name)));
  }

  @Override
  public JobStatus executeStep(String group, String step, String substVars) throws SQLException {
    SubstVars vars = DataManagementFunctions.parse(substVars);
    return dataManagement(
        c -> c.runStep(group, step, vars, new CallHandle(), logged("step " + group + "/" + step)));
  }

  @Override
  public JobStatus submitSequence(String name, String substVars) throws SQLException {
    return dataManagement(
        c -> c.submitSequence(name, null, DataManagementFunctions.parse(substVars)));
  }

  @Override
  public JobStatus submitStep(String group, String step, String substVars) throws SQLException {
    return dataManagement(c -> c.submitStep(group, step, DataManagementFunctions.parse(substVars)));
  }

  @Override
  public JobStatus jobStatus(String requestId) throws SQLException {
    return dataManagement(c -> c.jobStatus(requestId));
  }

  /** Logs each state of Data Management work at INFO, as the table functions do. */
  private static Consumer<JobStatus> logged(String what) {
    return DataManagementFunctions.reporter(what, true, Instant.now(), LOG::info);
  }

  private interface ClientCall {
    JobStatus call(OneStreamClient client) throws OneStreamException;
  }

  /** A Data Management call of the Java API, its failures as the SQL surface reports them. */
  private JobStatus dataManagement(ClientCall call) throws SQLException {
    if (closed.get()) {
      throw closedError();
    }
    try {
      JobStatus status = call.call(client);
      DataManagementFunctions.afterWork(status);
      return status;
    } catch (OneStreamException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  OneStreamDriverUri uri() {
    return uri;
  }

  /** The root of the Calcite schemas: what {@link OneStreamDatabaseMetaData} describes. */
  SchemaPlus rootSchema() {
    return calcite.getRootSchema();
  }

  SqlErrors errors() {
    return errors;
  }

  /**
   * The plans of this connection's {@code Statement} queries; null when the property turns it off.
   */
  StatementPlanCache planCache() {
    return plans;
  }

  // ------------------------------------------------------------------ statements

  /**
   * Keeps {@code statement} to close with the connection, unless the connection closed meanwhile.
   */
  private <T extends OneStreamStatement<?>> T opened(T statement) throws SQLException {
    statements.add(statement);
    if (closed.get()) {
      forget(statement);
      SQLException e = closedError();
      closeQuietly(statement, e);
      throw e;
    }
    return statement;
  }

  /** What a method of a closed connection throws: Avatica's error, with its state. */
  private SQLException closedError() {
    return errors.translate(new SQLException("Connection closed"));
  }

  /** {@code statement} was closed: the connection no longer needs to close it. */
  OneStreamAdapter adapter() {
    return adapter;
  }

  void forget(OneStreamStatement<?> statement) {
    statements.remove(statement);
    statement.stopListening();
  }

  private static void closeQuietly(Statement statement, Throwable into) {
    try {
      statement.close();
    } catch (SQLException | RuntimeException e) {
      into.addSuppressed(e);
    }
  }

  /** Runs {@code make}, which makes a Calcite statement, as the only maker on this connection. */
  <T> T made(OneStreamStatement.SqlCall<T> make) throws SQLException {
    synchronized (making) {
      return make.call();
    }
  }

  /** The lock {@link #made} holds, for makers that cannot go through it (metadata calls). */
  Object making() {
    return making;
  }

  @Override
  public Statement createStatement() throws SQLException {
    try {
      return opened(new OneStreamStatement<>(this, made(() -> calcite.createStatement()), errors));
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency)
      throws SQLException {
    try {
      return opened(
          new OneStreamStatement<>(
              this,
              made(() -> calcite.createStatement(resultSetType, resultSetConcurrency)),
              errors));
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public Statement createStatement(
      int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    try {
      return opened(
          new OneStreamStatement<>(
              this,
              made(
                  () ->
                      calcite.createStatement(
                          resultSetType, resultSetConcurrency, resultSetHoldability)),
              errors));
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    try {
      return opened(
          new OneStreamPreparedStatement(this, made(() -> calcite.prepareStatement(sql)), errors));
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    try {
      return opened(
          new OneStreamPreparedStatement(
              this, made(() -> calcite.prepareStatement(sql, autoGeneratedKeys)), errors));
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    try {
      return opened(
          new OneStreamPreparedStatement(
              this, made(() -> calcite.prepareStatement(sql, columnIndexes)), errors));
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    try {
      return opened(
          new OneStreamPreparedStatement(
              this, made(() -> calcite.prepareStatement(sql, columnNames)), errors));
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    try {
      return opened(
          new OneStreamPreparedStatement(
              this,
              made(() -> calcite.prepareStatement(sql, resultSetType, resultSetConcurrency)),
              errors));
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    try {
      return opened(
          new OneStreamPreparedStatement(
              this,
              made(
                  () ->
                      calcite.prepareStatement(
                          sql, resultSetType, resultSetConcurrency, resultSetHoldability)),
              errors));
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    try {
      return OneStreamDatabaseMetaData.wrap(this, calcite.getMetaData());
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  // ------------------------------------------------------------------ life cycle

  /**
   * Closes the statements still open (with their result sets, whose calls in flight are aborted,
   * and their query timers), the Calcite connection, the adapter, then the client, which forgets
   * the session; in demo mode the connection's PAT is revoked.
   */
  @Override
  public void close() throws SQLException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Throwable failure = null;
    for (OneStreamStatement<?> statement : statements) {
      try {
        statement.close();
      } catch (SQLException | RuntimeException e) {
        failure = add(failure, e);
      }
    }
    statements.clear();
    try {
      calcite.close();
    } catch (SQLException | RuntimeException e) {
      failure = add(failure, e);
    }
    try {
      adapter.close();
    } catch (RuntimeException e) {
      failure = add(failure, e);
    }
    try {
      client.close();
    } catch (RuntimeException e) {
      failure = add(failure, e);
    }
    try {
      onClose.run();
    } catch (RuntimeException e) {
      failure = add(failure, e);
    }
    if (failure != null) {
      throw errors.translate(failure);
    }
  }

  private static Throwable add(Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  @Override
  public boolean isClosed() throws SQLException {
    return closed.get();
  }

  /** Closes at once; JDBC lets {@code executor} do it, but nothing here blocks for long. */
  @Override
  public void abort(Executor executor) throws SQLException {
    if (executor == null) {
      throw OneStreamSqlState.INVALID_PARAMETER_VALUE.exception("abort needs an executor", null);
    }
    close();
  }

  /**
   * Asks the server whether the token still works ({@code LogonAndReturnCookie}, which opens no
   * session), within {@code timeout} seconds (0: no limit). A ping still running when the time is
   * up is cancelled: left to run, each timed-out call (a pool validates on every borrow) would hold
   * a ping thread and an HTTP connection for as long as a slow server takes.
   */
  @Override
  public boolean isValid(int timeout) throws SQLException {
    if (timeout < 0) {
      throw OneStreamSqlState.INVALID_PARAMETER_VALUE.exception(
          "isValid needs a timeout of 0 or more seconds, not " + timeout, null);
    }
    if (closed.get()) {
      return false;
    }
    CallHandle handle = new CallHandle();
    CompletableFuture<Boolean> ping =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                client.ping(handle);
                return true;
              } catch (OneStreamException | RuntimeException e) {
                return false;
              }
            },
            PINGS);
    try {
      return timeout == 0 ? ping.get() : ping.get(timeout, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      handle.cancel();
      return false;
    } catch (InterruptedException e) {
      handle.cancel();
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Refused: the driver has no client info to send (Calcite keeps none). Avatica's own refusal has
   * neither a state nor a message; this one is {@code 0A000} and names the property.
   */
  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    Map<String, ClientInfoStatus> failed = new HashMap<>();
    failed.put(name, ClientInfoStatus.REASON_UNKNOWN_PROPERTY);
    throw clientInfoRefused("setClientInfo(String, String) for '" + name + "'", failed);
  }

  /** Refused, as {@link #setClientInfo(String, String)}. */
  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    Map<String, ClientInfoStatus> failed = new HashMap<>();
    if (properties != null) {
      for (String name : properties.stringPropertyNames()) {
        failed.put(name, ClientInfoStatus.REASON_UNKNOWN_PROPERTY);
      }
    }
    throw clientInfoRefused("setClientInfo(Properties)", failed);
  }

  private SQLClientInfoException clientInfoRefused(
      String method, Map<String, ClientInfoStatus> failed) {
    SQLException e =
        closed.get() ? closedError() : OneStreamSqlState.notImplemented(Connection.class, method);
    return new SQLClientInfoException(e.getMessage(), e.getSQLState(), failed, e);
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    throw OneStreamSqlState.notImplemented(Connection.class, "prepareCall(String)");
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    throw OneStreamSqlState.notImplemented(Connection.class, "prepareCall(String, int, int)");
  }

  @Override
  public CallableStatement prepareCall(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    throw OneStreamSqlState.notImplemented(Connection.class, "prepareCall(String, int, int, int)");
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
    throw OneStreamSqlState.notImplemented(Connection.class, "setShardingKey(ShardingKey)");
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey)
      throws SQLException {
    throw OneStreamSqlState.notImplemented(
        Connection.class, "setShardingKey(ShardingKey, ShardingKey)");
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        Connection.class, "setShardingKeyIfValid(ShardingKey, int)");
  }

  @Override
  public boolean setShardingKeyIfValid(
      ShardingKey shardingKey, ShardingKey superShardingKey, int timeout) throws SQLException {
    throw OneStreamSqlState.notImplemented(
        Connection.class, "setShardingKeyIfValid(ShardingKey, ShardingKey, int)");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    try {
      return calcite.unwrap(iface);
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || calcite.isWrapperFor(iface);
  }

  /** The URL (which holds no secret) and the application. */
  @Override
  public String toString() {
    return "OneStreamConnection[" + uri + ", " + application + "]";
  }

  // ------------------------------------------------------------------ plain delegation

  @Override
  public void beginRequest() throws SQLException {
    try {
      calcite.beginRequest();
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public void clearWarnings() throws SQLException {
    try {
      calcite.clearWarnings();
      warnings = null;
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  /**
   * Nothing to do: the driver only reads, and its metadata says it supports no transactions, for
   * which JDBC makes {@code commit} a no-op. (Calcite throws a bare UnsupportedOperationException,
   * which broke every framework that commits a read, such as Spring's {@code @Transactional}.)
   */
  @Override
  public void commit() throws SQLException {
    if (closed.get()) {
      throw closedError();
    }
  }

  /** Nothing to undo, as {@link #commit()}. */
  @Override
  public void rollback() throws SQLException {
    if (closed.get()) {
      throw closedError();
    }
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    try {
      return calcite.createArrayOf(typeName, elements);
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public Blob createBlob() throws SQLException {
    try {
      return calcite.createBlob();
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public Clob createClob() throws SQLException {
    try {
      return calcite.createClob();
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public NClob createNClob() throws SQLException {
    try {
      return calcite.createNClob();
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    try {
      return calcite.createSQLXML();
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    try {
      return calcite.createStruct(typeName, attributes);
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public void endRequest() throws SQLException {
    try {
      calcite.endRequest();
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    try {
      return calcite.getAutoCommit();
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public String getCatalog() throws SQLException {
    try {
      return calcite.getCatalog();
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    try {
      return calcite.getClientInfo();
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    try {
      return calcite.getClientInfo(name);
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public int getHoldability() throws SQLException {
    try {
      return calcite.getHoldability();
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    try {
      return calcite.getNetworkTimeout();
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public String getSchema() throws SQLException {
    try {
      return calcite.getSchema();
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    try {
      return calcite.getTransactionIsolation();
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    try {
      return calcite.getTypeMap();
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    try {
      SQLWarning calciteWarnings = calcite.getWarnings(); // throws when closed
      SQLWarning own = warnings;
      return own != null ? own : calciteWarnings;
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    try {
      return calcite.isReadOnly();
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    try {
      return calcite.nativeSQL(sql);
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    try {
      calcite.releaseSavepoint(savepoint);
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    try {
      calcite.rollback(savepoint);
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    try {
      calcite.setAutoCommit(autoCommit);
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    try {
      calcite.setCatalog(catalog);
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    try {
      calcite.setHoldability(holdability);
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    try {
      calcite.setNetworkTimeout(executor, milliseconds);
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    try {
      calcite.setReadOnly(readOnly);
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    try {
      return calcite.setSavepoint();
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    try {
      return calcite.setSavepoint(name);
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    try {
      calcite.setSchema(schema);
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    try {
      calcite.setTransactionIsolation(level);
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    try {
      calcite.setTypeMap(map);
    } catch (SQLException | RuntimeException e) {
      throw errors.translate(e);
    }
  }
}
