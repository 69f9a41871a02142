package io.cubesql.onestream.emulator.internal.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlTextTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          SELECT 1                                    | true
          SELECT 1;                                   | true
          SELECT 1 ;   \t                             | true
          SELECT ';' AS x                             | true
          SELECT 'it''s; fine'                        | true
          SELECT "a;b" FROM t                         | true
          SELECT [a;b] FROM t                         | true
          SELECT 1 -- trailing; comment               | true
          SELECT /* ; */ 1                            | true
          SELECT 1; SET SCHEMA INFORMATION_SCHEMA     | false
          SELECT 'x'; DROP TABLE t                    | false
          SELECT 1;;                                  | false
          """)
  void tellsOneStatementFromSeveral(String sql, boolean single) {
    assertThat(SqlText.isSingleStatement(sql)).isEqualTo(single);
  }
}
