package io.cubesql.onestream.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cubesql.onestream.calcite.OneStreamAdapterException;
import io.cubesql.onestream.calcite.OneStreamSchemas;
import io.cubesql.onestream.client.ErrorKind;
import io.cubesql.onestream.client.OneStreamException;
import io.cubesql.onestream.jdbc.OneStreamSqlState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cause chain walk that restores SQLStates, on the shapes Calcite really produces: the client's
 * error inside a RuntimeException inside Avatica's stateless SQLException, and real parser and
 * validator errors of a plain Calcite connection.
 */
class SqlErrorsTest {
  private static final String SECRET =
      "Secret0000000000000000000000000000-1111111111111111111111111";
  private static Connection calcite;

  @BeforeAll
  static void open() throws SQLException {
    calcite =
        new org.apache.calcite.jdbc.Driver()
            .connect("jdbc:calcite:", OneStreamSchemas.calciteProperties());
  }

  @AfterAll
  static void close() throws SQLException {
    calcite.close();
  }

  /** What Avatica makes of an exception an enumerator throws: a SQLException without a state. */
  private static SQLException asCalciteWrapsIt(Throwable t) {
    return new SQLException(
        "Error while executing SQL \"SELECT ...\": " + t.getMessage(),
        new RuntimeException(t.getMessage(), t));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "AUTHENTICATION, 28000",
    "PERMISSION, 28000",
    "PROTOCOL, 08P01",
    "TIMEOUT, HYT00",
    "CANCELLED, 57014",
    "NOT_FOUND, 42S02",
    "BAD_REQUEST, 22023",
    "REQUEST_EXPIRED, 24000",
    "THROTTLED, 53400",
    "CONFLICT, 55000",
    "SERVER, 58000",
  })
  void clientErrorKindsMapToStates(ErrorKind kind, String state) {
    SqlErrors errors = new SqlErrors(List.of());
    errors.established();
    OneStreamException client =
        OneStreamException.of(kind, "Analytics/GetDataCellsFromCube", "What the client said");
    SQLException e = errors.translate(asCalciteWrapsIt(client));
    assertThat(e.getSQLState()).isEqualTo(state);
    assertThat(e.getMessage()).isEqualTo("What the client said");
    assertThat(e.getCause()).isInstanceOf(SQLException.class);
  }

  @Test
  void everyKindHasAState() {
    for (ErrorKind kind : ErrorKind.values()) {
      assertThat(SqlErrors.stateFor(kind, true)).as(kind.name()).isNotNull();
      assertThat(SqlErrors.stateFor(kind, true)).isNotEqualTo(OneStreamSqlState.GENERAL_ERROR);
    }
  }

  /**
   * A request id the server no longer holds (expired, or the server restarted): the server-side
   * cursor is gone, the statement can be run again, and the connection is fine, so a pool must not
   * evict it: not class 08, not an {@link SQLTimeoutException} (HikariCP evicts on both), and not
   * {@code 22023}, since the user's input was not at fault.
   */
  @Test
  void anExpiredRequestIdIsAnInvalidCursorStateToRunAgain() {
    SqlErrors errors = new SqlErrors(List.of());
    errors.established();
    String said =
        "The server no longer holds the pages of Analytics/GetDataCellsFromCube (request id 3f2c:"
            + " it expired or the server restarted); run the statement again";
    OneStreamException expired =
        OneStreamException.of(ErrorKind.REQUEST_EXPIRED, "Analytics/GetDataRequest", said);
    SQLException e = errors.translate(asCalciteWrapsIt(expired));
    assertThat(e.getSQLState()).isEqualTo("24000");
    assertThat(e.getMessage()).isEqualTo(said);
    assertThat((Object) e)
        .isInstanceOf(SQLTransientException.class)
        .isNotInstanceOf(SQLTimeoutException.class)
        .isNotInstanceOf(SQLTransientConnectionException.class);
    assertThat(e.getSQLState()).doesNotStartWith("08");
    assertThat(SqlErrors.stateFor(ErrorKind.REQUEST_EXPIRED, false))
        .isEqualTo(OneStreamSqlState.INVALID_CURSOR_STATE);
    assertThat(OneStreamSqlState.forState("24000"))
        .isEqualTo(OneStreamSqlState.INVALID_CURSOR_STATE);
  }

  @Test
  void aLostServerIs08001BeforeTheConnectionIsOpenAnd08006After() {
    SqlErrors errors = new SqlErrors(List.of());
    OneStreamException lost = OneStreamException.of(ErrorKind.CONNECTION, null, "Refused");
    SQLException before = errors.translate(asCalciteWrapsIt(lost));
    assertThat(before.getSQLState()).isEqualTo("08001");
    assertThat((Object) before).isInstanceOf(SQLNonTransientConnectionException.class);
    errors.established();
    assertThat(errors.translate(asCalciteWrapsIt(lost)).getSQLState()).isEqualTo("08006");
  }

  @Test
  void typesMatchTheState() {
    SqlErrors errors = new SqlErrors(List.of());
    assertThat(
            (Object)
                errors.translate(
                    asCalciteWrapsIt(OneStreamException.of(ErrorKind.AUTHENTICATION, null, "401"))))
        .isInstanceOf(SQLInvalidAuthorizationSpecException.class);
    assertThat(
            (Object)
                errors.translate(
                    asCalciteWrapsIt(OneStreamException.of(ErrorKind.TIMEOUT, null, "slow"))))
        .isInstanceOf(SQLTimeoutException.class);
  }

  @Test
  void theAdapterStateWinsOverTheClientErrorItWraps() {
    SqlErrors errors = new SqlErrors(List.of());
    OneStreamException client = OneStreamException.of(ErrorKind.CANCELLED, null, "Cancelled");
    OneStreamAdapterException adapter =
        new OneStreamAdapterException("54000", "The statement needs 900 calls", client);
    SQLException e = errors.translate(asCalciteWrapsIt(adapter));
    assertThat(e.getSQLState()).isEqualTo("54000");
    assertThat(e.getMessage()).isEqualTo("The statement needs 900 calls");
  }

  @Test
  void anAdapterErrorAddedAsSuppressedIsFound() {
    // Calcite adds what a rule's implement step throws as a suppressed exception.
    SqlErrors errors = new SqlErrors(List.of());
    RuntimeException planning = new RuntimeException("Error while preparing plan");
    planning.addSuppressed(new OneStreamAdapterException("22023", "The value 'a]b' is unsafe"));
    SQLException e = errors.translate(new SQLException("Error while executing SQL", planning));
    assertThat(e.getSQLState()).isEqualTo("22023");
    assertThat(e.getMessage()).isEqualTo("The value 'a]b' is unsafe");
  }

  @Test
  void aQueryTimeoutWinsOverWhatTheAdapterSaw() {
    SqlErrors errors = new SqlErrors(List.of());
    OneStreamAdapterException cancelled = new OneStreamAdapterException("57014", "Cancelled");
    SQLException e = errors.translate(asCalciteWrapsIt(cancelled), true, true, 3);
    assertThat((Object) e).isInstanceOf(SQLTimeoutException.class);
    assertThat(e.getSQLState()).isEqualTo("HYT00");
    assertThat(e.getMessage()).contains("3 s");
  }

  @Test
  void avaticasCancelMessageIs57014() {
    SqlErrors errors = new SqlErrors(List.of());
    SQLException avatica = new SQLException("Statement canceled");
    assertThat(errors.translate(avatica).getSQLState()).isEqualTo("57014");
    assertThat(errors.translate(new SQLException("boom"), true, false, 0).getSQLState())
        .isEqualTo("57014");
  }

  @Test
  void aStateAlreadyPresentIsKept() {
    SqlErrors errors = new SqlErrors(List.of());
    SQLException ours = OneStreamSqlState.INVALID_PARAMETER_VALUE.exception("bad", null);
    assertThat((Object) errors.translate(ours)).isSameAs(ours);
    SQLException deeper = errors.translate(new SQLException("wrapper", ours));
    assertThat(deeper.getSQLState()).isEqualTo("22023");
  }

  @Test
  void unknownFailuresAreHy000NeverNull() {
    SqlErrors errors = new SqlErrors(List.of());
    assertThat(errors.translate(new NullPointerException()).getSQLState()).isEqualTo("HY000");
    assertThat(errors.translate(new SQLException()).getSQLState()).isEqualTo("HY000");
    assertThat(errors.translate(new SQLException()).getMessage()).isNotNull();
    assertThat(errors.translate(new SQLFeatureNotSupportedException()).getSQLState())
        .isEqualTo("0A000");
  }

  @Test
  void secretsAreScrubbedFromMessages() {
    SqlErrors errors = new SqlErrors(List.of(SECRET));
    OneStreamException echo =
        OneStreamException.of(ErrorKind.SERVER, null, "The server echoed " + SECRET);
    SQLException e = errors.translate(asCalciteWrapsIt(echo));
    assertThat(e.getMessage()).doesNotContain(SECRET).contains("***");
    SQLException stated = new SQLException("Stated " + SECRET, "22023");
    assertThat(errors.translate(stated).getMessage()).doesNotContain(SECRET);
  }

  // ---------------------------------------------------------------- real Calcite errors

  /**
   * What plain Calcite throws for {@code sql}, translated. Avatica lets a RuntimeException out of
   * {@code ResultSet.next()} unwrapped, so the catch takes any exception, as the wrappers do.
   */
  private static SQLException calciteError(String sql) {
    SqlErrors errors = new SqlErrors(List.of());
    Throwable raw =
        catchThrowable(
            () -> {
              try (Statement st = calcite.createStatement();
                  ResultSet rs = st.executeQuery(sql)) {
                while (rs.next()) {
                  rs.getObject(1);
                }
              }
            });
    assertThat(raw).as(sql).isInstanceOfAny(SQLException.class, RuntimeException.class);
    return errors.translate(raw);
  }

  @Test
  void unknownTableIs42S02() {
    SQLException e = calciteError("SELECT * FROM Nope");
    assertThat(e.getSQLState()).isEqualTo("42S02");
    assertThat((Object) e).isInstanceOf(SQLSyntaxErrorException.class);
    assertThat(e.getMessage()).contains("Object 'Nope' not found");
    assertThat(calciteError("SELECT * FROM nowhere.Nope").getMessage())
        .contains("Object 'nowhere' not found");
    assertThat(calciteError("SELECT * FROM nowhere.Nope").getSQLState()).isEqualTo("42S02");
  }

  @Test
  void unknownColumnIs42S22() {
    SQLException e = calciteError("SELECT Nope FROM (VALUES (1)) AS t(x)");
    assertThat(e.getSQLState()).isEqualTo("42S22");
    assertThat(e.getMessage()).contains("Column 'Nope' not found");
  }

  @Test
  void parseErrorsAre42000InOneLine() {
    SQLException e = calciteError("SELECT FROM WHERE");
    assertThat(e.getSQLState()).isEqualTo("42000");
    assertThat(e.getMessage()).doesNotContain("\n").contains("line 1");
  }

  @Test
  void otherValidationErrorsAre42000() {
    assertThat(calciteError("SELECT no_such_function(1)").getSQLState()).isEqualTo("42000");
  }

  /** Calcite's LIKE says so in a plain RuntimeException, which Avatica wraps without a state. */
  @Test
  void anInvalidLikeEscapeIs22025() {
    SqlErrors errors = new SqlErrors(List.of());
    for (String said :
        List.of("Invalid escape sequence 'Hous\\', 4", "Invalid escape character 'ab'")) {
      SQLException e = errors.translate(asCalciteWrapsIt(new RuntimeException(said)));
      assertThat(e.getSQLState()).isEqualTo("22025");
      assertThat((Object) e).isInstanceOf(java.sql.SQLDataException.class);
      assertThat(e.getMessage()).startsWith("A LIKE pattern is invalid: " + said);
    }
  }

  @Test
  void aValueThatDoesNotCastIs22018() {
    SQLException e = calciteError("SELECT CAST(x AS INTEGER) FROM (VALUES ('x1')) AS t(x)");
    assertThat(e.getSQLState()).isEqualTo("22018");
  }
}
