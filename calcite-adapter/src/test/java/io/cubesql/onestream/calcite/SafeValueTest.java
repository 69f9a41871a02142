package io.cubesql.onestream.calcite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which values a request may carry: a bracketed member name of cube cells, and a cube view
 * parameter, which the server puts into the cube view's member filters as unbracketed text.
 */
class SafeValueTest {
  /** Refused for both: the Name=[Value] form or a bracketed name cannot carry them. */
  private static final List<String> NEVER =
      List.of(
          "Houston],Time=[2020M1",
          "[Houston]",
          "[Houston",
          "|!x!|",
          "Houston|!Entity!|",
          "Hou\nston",
          "Hou\rston",
          "Hou\tston",
          "Hou\u0000ston",
          "",
          "   ");

  /**
   * Fine as a bracketed member name (a name that is not a member is never sent), but syntax in a
   * cube view's filter: {@code E#|!Entity!|} would become a list, a cell of two dimensions, an
   * expansion or a Where clause.
   */
  private static final List<String> SYNTAX_IN_A_CUBE_VIEW =
      List.of(
          "Houston, Augusta",
          "Houston, E#Augusta",
          "Houston:A#Sales",
          "Houston:Name(x)",
          "E#Houston",
          "US Clubs.Base",
          "Houston.Where(Name Contains x)",
          "2024.Base, T#2023",
          "Hou(ston",
          "Hou)ston");

  @Test
  void valuesNoRequestCanCarryAreRefusedForCellsAndCubeViews() {
    for (String v : NEVER) {
      assertThat(state(() -> SafeValue.check("Entity", v))).as(v).isEqualTo("22023");
      assertThat(state(() -> SafeValue.checkParameter("Entity", v))).as(v).isEqualTo("22023");
    }
  }

  @Test
  void filterSyntaxIsRefusedInACubeViewParameterOnly() {
    for (String v : SYNTAX_IN_A_CUBE_VIEW) {
      assertThatCode(() -> SafeValue.check("Entity", v)).as(v).doesNotThrowAnyException();
      OneStreamAdapterException e =
          catchThrowableOfType(
              OneStreamAdapterException.class, () -> SafeValue.checkParameter("Entity", v));
      assertThat(e).as(v).isNotNull();
      assertThat(e.sqlState()).isEqualTo("22023");
      assertThat(e.getMessage())
          .contains("cube view parameter 'Entity'", "filter syntax", "it was not sent");
    }
  }

  @Test
  void aBlankAtEitherEndOrAVeryLongValueIsRefusedInACubeViewParameter() {
    for (String v : List.of(" Houston", "Houston ", "\u00a0Houston")) {
      assertThatCode(() -> SafeValue.check("Entity", v)).doesNotThrowAnyException();
      assertThat(message(() -> SafeValue.checkParameter("Entity", v)))
          .as(v)
          .contains("begins or ends with a blank");
    }
    String longest = "x".repeat(SafeValue.MAX_PARAMETER_LENGTH);
    assertThatCode(() -> SafeValue.checkParameter("Entity", longest)).doesNotThrowAnyException();
    String tooLong = "x".repeat(1 << 20);
    assertThatCode(() -> SafeValue.check("Entity", tooLong)).doesNotThrowAnyException();
    // The message names the length and quotes only the start of the value.
    assertThat(message(() -> SafeValue.checkParameter("Entity", tooLong)))
        .contains("is 1048576 characters long, more than the 1000")
        .hasSizeLessThan(400);
  }

  @Test
  void ordinaryNamesPass() {
    for (String v :
        List.of("Houston", "US Clubs", "Accessories & Apparel", "2024M3", "Zürich ✓", "a=b")) {
      assertThatCode(() -> SafeValue.check("Entity", v)).doesNotThrowAnyException();
      assertThatCode(() -> SafeValue.checkParameter("Entity", v)).doesNotThrowAnyException();
    }
  }

  private static String state(Runnable r) {
    OneStreamAdapterException e = catchThrowableOfType(OneStreamAdapterException.class, r::run);
    return e == null ? null : e.sqlState();
  }

  private static String message(Runnable r) {
    OneStreamAdapterException e = catchThrowableOfType(OneStreamAdapterException.class, r::run);
    return e == null ? null : e.getMessage();
  }
}
