package io.cubesql.onestream.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which literals become parameters, and which stay in the text. */
class NormalizedSqlTest {
  /** The lexical settings of a OneStream connection (OneStreamSchemas.calciteProperties). */
  private static final SqlParser.Config LEX =
      SqlParser.config()
          .withQuoting(Quoting.DOUBLE_QUOTE)
          .withUnquotedCasing(Casing.UNCHANGED)
          .withQuotedCasing(Casing.UNCHANGED)
          .withCaseSensitive(false)
          .withConformance(SqlConformanceEnum.LENIENT);

  private static String normalized(String sql) {
    NormalizedSql n = NormalizedSql.of(sql, LEX);
    return n == null ? null : n.sql();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // comparisons of a column with a literal, in WHERE, HAVING and ON
        "SELECT * FROM t WHERE Entity = 'Houston'|SELECT * FROM t WHERE Entity = ?",
        "SELECT * FROM t WHERE 'Houston' = Entity|SELECT * FROM t WHERE ? = Entity",
        "SELECT * FROM t WHERE CellValue > 100 AND a <> 'x'|SELECT * FROM t WHERE CellValue > ? AND a <> ?",
        "SELECT * FROM t WHERE CellValue >= 100.5 OR NOT b <= 1e3|SELECT * FROM t WHERE CellValue >= ? OR NOT b <= ?",
        "SELECT * FROM t WHERE Entity IN ('a', 'b')|SELECT * FROM t WHERE Entity IN (?, ?)",
        "SELECT * FROM t WHERE Entity NOT IN ('a', 'b')|SELECT * FROM t WHERE Entity NOT IN (?, ?)",
        "SELECT * FROM t WHERE v BETWEEN 1 AND 5|SELECT * FROM t WHERE v BETWEEN ? AND ?",
        "SELECT a, COUNT(*) FROM t GROUP BY a HAVING a = 'x'|SELECT a, COUNT(*) FROM t GROUP BY a HAVING a = ?",
        "SELECT * FROM t JOIN u ON t.a = u.b AND u.c = 'x'|SELECT * FROM t JOIN u ON t.a = u.b AND u.c = ?",
        "SELECT * FROM (SELECT * FROM t WHERE a = 'x') s|SELECT * FROM (SELECT * FROM t WHERE a = ?) s",
        "SELECT a FROM t WHERE a = 'x' UNION SELECT b FROM u WHERE b = 'y'|SELECT a FROM t WHERE a = ? UNION SELECT b FROM u WHERE b = ?",
        "SELECT * FROM t WHERE \"Time\" = '2024M3' ORDER BY 1 LIMIT 5|SELECT * FROM t WHERE \"Time\" = ? ORDER BY 1 LIMIT 5",
        "SELECT * FROM t WHERE a = 'it''s'|SELECT * FROM t WHERE a = ?",
        "SELECT * FROM t WHERE a = 'Łódź'|SELECT * FROM t WHERE a = ?",
        // literals that stay
        "SELECT 'x', 1 FROM t|SELECT 'x', 1 FROM t",
        "SELECT * FROM t WHERE a = 'x' AND a = 'y'|SELECT * FROM t WHERE a = 'x' AND a = 'y'",
        "SELECT * FROM t WHERE a = 'x' OR a = 'y'|SELECT * FROM t WHERE a = 'x' OR a = 'y'",
        "SELECT * FROM t WHERE a IN ('b', 'a')|SELECT * FROM t WHERE a IN ('b', 'a')",
        "SELECT * FROM t WHERE a IN ('a', 'a')|SELECT * FROM t WHERE a IN ('a', 'a')",
        "SELECT * FROM t WHERE v BETWEEN 5 AND 1|SELECT * FROM t WHERE v BETWEEN 5 AND 1",
        "SELECT * FROM t WHERE v BETWEEN 1 AND 1|SELECT * FROM t WHERE v BETWEEN 1 AND 1",
        "SELECT * FROM t WHERE v > -1|SELECT * FROM t WHERE v > -1",
        "SELECT * FROM t WHERE UPPER(a) = 'X'|SELECT * FROM t WHERE UPPER(a) = 'X'",
        "SELECT * FROM t WHERE SUBSTRING(a FROM 1 FOR 2) = 'X'|SELECT * FROM t WHERE SUBSTRING(a FROM 1 FOR 2) = 'X'",
        "SELECT * FROM t WHERE d = DATE '2024-01-01'|SELECT * FROM t WHERE d = DATE '2024-01-01'",
        "SELECT * FROM t WHERE a = NULL|SELECT * FROM t WHERE a = NULL",
        "SELECT * FROM t WHERE a = _UTF16'x'|SELECT * FROM t WHERE a = _UTF16'x'",
        "SELECT * FROM t WHERE a = 'x' 'y'|SELECT * FROM t WHERE a = 'x' 'y'",
        "SELECT * FROM t WHERE a LIKE 'x%'|SELECT * FROM t WHERE a LIKE 'x%'",
        "SELECT * FROM t WHERE CASE WHEN a = 'x' THEN 1 END = 1|SELECT * FROM t WHERE CASE WHEN a = 'x' THEN 1 END = 1",
        "SELECT * FROM t JOIN u ON t.a = u.a WHERE t.a = 'x'|SELECT * FROM t JOIN u ON t.a = u.a WHERE t.a = 'x'",
        "SELECT * FROM (SELECT 'x' AS e FROM t) WHERE e = 'y'|SELECT * FROM (SELECT 'x' AS e FROM t) WHERE e = 'y'",
        "SELECT * FROM t WHERE a IN (SELECT b FROM u WHERE c = 'x')|SELECT * FROM t WHERE a IN (SELECT b FROM u WHERE c = 'x')",
        "SELECT * FROM t WHERE 1 = 0|SELECT * FROM t WHERE 1 = 0",
        "SELECT * FROM t LIMIT 10 OFFSET 5|SELECT * FROM t LIMIT 10 OFFSET 5",
      })
  void literalsOfConditionsBecomeParameters(String sql, String expected) {
    assertThat(normalized(sql)).isEqualTo(expected);
  }

  @Test
  void positionsSurviveLineBreaksAndTabs() {
    assertThat(normalized("SELECT *\r\n\tFROM t\n\tWHERE a = 'x'\r\tAND\tb = 2"))
        .isEqualTo("SELECT *\r\n\tFROM t\n\tWHERE a = ?\r\tAND\tb = ?");
  }

  @Test
  void literalsKeepTheirValues() {
    NormalizedSql n =
        NormalizedSql.of("SELECT * FROM t WHERE a IN ('x', 'y''s') AND v > 1.50", LEX);
    assertThat(n.literals())
        .containsExactly(
            new NormalizedSql.Literal("x", false),
            new NormalizedSql.Literal("y's", false),
            new NormalizedSql.Literal(new BigDecimal("1.50"), false));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "EXPLAIN PLAN FOR SELECT * FROM t WHERE a = 'x'",
        "SELECT * FROM t WHERE a = ?",
        "SELECT * FROM TABLE(os_sql('SELECT 1')) WHERE a = 'x'",
        "!tables",
        "SELECT 1; SELECT 2",
        "SELECT * FROM",
        "CREATE TABLE x (a INT)",
      })
  void statementsThatAreNotOneQueryAreNotCached(String sql) {
    assertThat(normalized(sql)).isNull();
  }
}
