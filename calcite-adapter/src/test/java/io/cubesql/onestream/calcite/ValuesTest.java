package io.cubesql.onestream.calcite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** Answer values into Calcite's representation, and what does not convert. */
class ValuesTest {
  @Test
  void convertsEachTypeAndKeepsNull() {
    assertThat(Values.convert(12L, SqlTypeName.DOUBLE, "CellValue")).isEqualTo(12.0);
    assertThat(Values.convert("1.5", SqlTypeName.DOUBLE, "CellValue")).isEqualTo(1.5);
    assertThat(Values.convert(3.0, SqlTypeName.INTEGER, "Depth")).isEqualTo(3);
    assertThat(Values.convert("True", SqlTypeName.BOOLEAN, "IsBase")).isEqualTo(true);
    assertThat(Values.convert("1970-01-02T00:00:00", SqlTypeName.DATE, "Time_StartDate"))
        .isEqualTo(1);
    assertThat(Values.convert(7L, SqlTypeName.VARCHAR, "Entity")).isEqualTo("7");
    assertThat(Values.convert(null, SqlTypeName.DATE, "Time_StartDate")).isNull();
  }

  @Test
  void aValueNotOfItsTypeIs22018NamingTheColumn() {
    assertThatThrownBy(() -> Values.convert("n/a", SqlTypeName.DOUBLE, "CellValue"))
        .isInstanceOfSatisfying(
            OneStreamAdapterException.class, e -> assertThat(e.sqlState()).isEqualTo("22018"))
        .hasMessageContaining("'CellValue'")
        .hasMessageContaining("n/a");
    assertThatThrownBy(() -> Values.convert("March", SqlTypeName.DATE, "Time_StartDate"))
        .isInstanceOf(OneStreamAdapterException.class);
    assertThatThrownBy(() -> Values.convert("yes", SqlTypeName.BOOLEAN, "IsBase"))
        .isInstanceOf(OneStreamAdapterException.class);
  }
}
