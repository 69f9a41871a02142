package io.cubesql.onestream.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Types;
import org.junit.jupiter.api.Test;

/** Calcite's column descriptions as {@code DatabaseMetaData.getColumns} answers them. */
class ColumnTypesTest {
  @Test
  void typeNamesArePlainSql() {
    // What Calcite's getFullTypeString gives, and what tools expect instead.
    assertThat(ColumnTypes.typeName(Types.VARCHAR, "VARCHAR CHARACTER SET \"ISO-8859-1\" NOT NULL"))
        .isEqualTo("VARCHAR");
    assertThat(ColumnTypes.typeName(Types.VARCHAR, "VARCHAR(20)")).isEqualTo("VARCHAR");
    assertThat(ColumnTypes.typeName(Types.VARCHAR, "JavaType(class java.lang.String)"))
        .isEqualTo("VARCHAR");
    assertThat(ColumnTypes.typeName(Types.INTEGER, "JavaType(int) NOT NULL")).isEqualTo("INTEGER");
    assertThat(ColumnTypes.typeName(Types.TIMESTAMP, "TIMESTAMP(0)")).isEqualTo("TIMESTAMP");
    assertThat(ColumnTypes.typeName(Types.DECIMAL, "DECIMAL(10, 2) NOT NULL")).isEqualTo("DECIMAL");
    assertThat(ColumnTypes.typeName(Types.DOUBLE, "DOUBLE")).isEqualTo("DOUBLE");
    assertThat(ColumnTypes.typeName(Types.BOOLEAN, null)).isEqualTo("BOOLEAN");
    assertThat(ColumnTypes.typeName(2015, "")).isEqualTo("OTHER"); // no JDBC name for the code
  }

  @Test
  void sizesAreJdbcsWhereCalciteSaysNotSpecified() {
    assertThat(ColumnTypes.of(Types.VARCHAR, "VARCHAR", -1, null))
        .isEqualTo(new ColumnTypes("VARCHAR", 65536, null, null, 4 * 65536));
    assertThat(ColumnTypes.of(Types.VARCHAR, "VARCHAR(20)", 20, null).columnSize()).isEqualTo(20);
    assertThat(ColumnTypes.of(Types.DOUBLE, "DOUBLE", -1, null))
        .isEqualTo(new ColumnTypes("DOUBLE", 15, null, 10, null));
    assertThat(ColumnTypes.of(Types.INTEGER, "INTEGER", -1, null))
        .isEqualTo(new ColumnTypes("INTEGER", 10, 0, 10, null));
    assertThat(ColumnTypes.of(Types.BIGINT, "BIGINT", -1, null).columnSize()).isEqualTo(19);
    assertThat(ColumnTypes.of(Types.BOOLEAN, "BOOLEAN", -1, null).columnSize()).isEqualTo(1);
    assertThat(ColumnTypes.of(Types.DATE, "DATE", -1, null).columnSize()).isEqualTo(10);
    // For a timestamp Calcite's precision is the digits of the fraction of a second.
    assertThat(ColumnTypes.of(Types.TIMESTAMP, "TIMESTAMP(0)", 0, null))
        .isEqualTo(new ColumnTypes("TIMESTAMP", 19, 0, null, null));
    assertThat(ColumnTypes.of(Types.TIMESTAMP, "TIMESTAMP(3)", 3, null))
        .isEqualTo(new ColumnTypes("TIMESTAMP", 23, 3, null, null));
  }

  @Test
  void decimalsStayWithinWhatToolsAccept() {
    assertThat(ColumnTypes.of(Types.DECIMAL, "DECIMAL(10, 2)", 10, 2))
        .isEqualTo(new ColumnTypes("DECIMAL", 10, 2, 10, null));
    ColumnTypes wide = ColumnTypes.of(Types.DECIMAL, "DECIMAL(60, 50)", 60, 50);
    assertThat(wide.columnSize()).isEqualTo(38);
    assertThat(wide.decimalDigits()).isEqualTo(38);
    ColumnTypes unspecified = ColumnTypes.of(Types.DECIMAL, "DECIMAL", -1, -1);
    assertThat(unspecified.columnSize()).isEqualTo(19);
    assertThat(unspecified.decimalDigits()).isZero();
  }
}
