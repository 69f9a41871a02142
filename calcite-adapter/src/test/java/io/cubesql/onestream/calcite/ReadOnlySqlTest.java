package io.cubesql.onestream.calcite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The read-only guard of {@code os_sql}: words outside strings, names and comments decide. */
class ReadOnlySqlTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT 1",
        "select Name from cubeviewitem;",
        "  WITH a AS (SELECT 1 AS x) SELECT x FROM a  ;  ",
        "SELECT 'DELETE FROM x; DROP TABLE y' AS s",
        "SELECT 'it''s' AS s",
        "SELECT [Update], \"Insert\" FROM t",
        "SELECT 1 -- DELETE everything\n",
        "SELECT 1 /* EXEC /* nested */ xp_cmdshell */",
        "SELECT Name FROM t ORDER BY Name OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY",
        "SELECT UpdatedBy, Settings, Intoxication FROM t"
      })
  void readOnlyStatementsPass(String sql) {
    assertThat(ReadOnlySql.refusal(sql)).as(sql).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "DELETE FROM t",
        "UPDATE t SET a = 1",
        "INSERT INTO t VALUES (1)",
        "SELECT * INTO t2 FROM t",
        "SELECT 1; SELECT 2",
        "SELECT 1;;",
        "WITH a AS (SELECT 1 AS x) DELETE FROM t",
        "SELECT 1 EXEC('DROP TABLE t')",
        "SELECT * FROM OPENROWSET('SQLNCLI', 'x', 'SELECT 1')",
        "SELECT 1 WAITFOR DELAY '00:10'",
        "SELECT xp_cmdshell('dir')",
        "SELECT NEXT VALUE FOR seq",
        "SELECT 'unclosed",
        "SELECT [unclosed",
        "SELECT 1 /* unclosed /* nested */",
        "SELECT 1 /* ; */ ; DECLARE @x INT",
        "EXEC sp_who",
        "TRUNCATE TABLE t",
        "SET NOCOUNT ON SELECT 1"
      })
  void everythingElseIsRefused(String sql) {
    assertThat(ReadOnlySql.refusal(sql)).as(sql).isNotNull();
  }
}
