package io.cubesql.onestream.emulator.internal.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubesql.onestream.emulator.internal.api.ApiException;
import io.cubesql.onestream.emulator.internal.data.AppDatabase;
import io.cubesql.onestream.emulator.internal.filter.MemberFilter.Header;
import io.cubesql.onestream.emulator.internal.model.Dim;
import io.cubesql.onestream.emulator.internal.model.Metadata;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Member-filter expressions over the GolfStream hierarchies, one line a rule. */
class MemberFilterTest {
  private static AppDatabase db;
  private static Metadata md;

  @BeforeAll
  static void open() throws Exception {
    db = AppDatabase.open("GolfStream", null, 1, 42, 2023, 2025);
    md = db.metadata();
  }

  @AfterAll
  static void close() {
    db.close();
  }

  /** Renders headers as "name@indent" joined by "; ", multi-dimension cells joined by ":". */
  private static String render(List<Header> headers) {
    return headers.stream()
        .map(
            h ->
                h.members().values().stream().map(m -> m.name()).collect(Collectors.joining(":"))
                    + (h.label() == null ? "" : "=" + h.label())
                    + "@"
                    + h.indent())
        .collect(Collectors.joining("; "));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # a single member, token and plain name
          E#Houston                                  | Houston@0
          # tokens are case-insensitive and have aliases: IC# = I#, UD1# = U1#
          e#houston                                  | Houston@0
          IC#None                                    | None@0
          UD1#Drivers                                | Drivers@0
          # lists keep the order written
          A#Rent, A#Travel                           | Rent@0; Travel@0
          # names with spaces go in brackets
          E#[NA Clubs].Children                      | Canada Clubs@0; US Clubs@0
          E#[US Clubs].Member                        | US Clubs@0
          # .Base: leaves below, in tree order
          E#[NA Clubs].Base                          | Montreal@0; Quebec City@0; Augusta@0; Carlsbad@0; Houston@0
          # .Base of a base member is the member itself
          E#Houston.Base                             | Houston@0
          # .ChildrenInclusive: the member, then its children one level in
          E#[US Clubs].ChildrenInclusive             | US Clubs@0; Augusta@1; Carlsbad@1; Houston@1
          # .Descendants: pre-order, without the member
          E#[Canada Clubs].Descendants               | Montreal@0; Quebec City@0
          E#[Golf Balls].DescendantsInclusive        | Golf Balls@0; Europe Golf Balls@1; NA Golf Balls@1
          # .Tree: the member first, children indented below their parent
          A#[Gross Margin].Tree                      | Gross Margin@0; Sales@1; Product Sales@2; Service Revenue@2; COGS@1; Material Costs@2; Labor Costs@2
          # alternate hierarchies: Houston rolls up to US Clubs and to Texas
          E#Houston.Parents                          | US Clubs@0; Texas@0
          E#Houston.Ancestors                        | US Clubs@0; Texas@0; NA Clubs@0; Geography@0; Clubs@0; Total GolfStream@0
          E#Geography.Children                       | Texas@0; California@0; Georgia@0; Quebec@0; Europe@0
          # .Where filters the expansion before it
          E#[Total GolfStream].Descendants.Where(Name Contains Clubs) | Clubs@0; NA Clubs@1; Canada Clubs@2; US Clubs@2
          E#[Total GolfStream].Base.Where(Name StartsWith N) | NA Golf Balls@0
          A#[Operating Expenses].Children.Where(Description Contains and) | Salaries@0; Rent@0; Marketing@0; Travel@0
          # time: a year's .Base is its months; quarters are children of halves
          T#2024Q1.Base                              | 2024M1@0; 2024M2@0; 2024M3@0
          T#2024.Children                            | 2024H1@0; 2024H2@0
          T#2024H2.Children                          | 2024Q3@0; 2024Q4@0
          # colon cells: one header per combination, named after the first dimension
          A#Sales:T#2024M1                           | Sales:2024M1@0
          A#Sales:T#2024Q1.Base                      | Sales:2024M1@0; Sales:2024M2@0; Sales:2024M3@0
          # :Name() overrides the header text
          A#Sales:T#2024M1:Name(Sales Jan)           | Sales:2024M1=Sales Jan@0
          S#Actual:Name(Actual), S#Budget:Name(Plan) | Actual=Actual@0; Budget=Plan@0
          # Origin, Flow, UD top and None
          O#Top.Children                             | BeforeElim@0; Elimination@0
          O#BeforeAdj.Base                           | Import@0; Forms@0
          F#Top.Children                             | None@0
          UD2#AllProducts.Children                   | Retail@0; Online@0; Wholesale@0
          """)
  void expands(String filter, String expected) {
    assertThat(render(MemberFilter.expand(filter, null, md))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # Analytics filters are written without the token
          ENTITY | Houston, Augusta         | Houston@0; Augusta@0
          TIME   | 2023.Base                | 2023M1@0; 2023M2@0; 2023M3@0; 2023M4@0; 2023M5@0; 2023M6@0; 2023M7@0; 2023M8@0; 2023M9@0; 2023M10@0; 2023M11@0; 2023M12@0
          ENTITY | [US Clubs].DescendantsInclusive | US Clubs@0; Augusta@1; Carlsbad@1; Houston@1
          """)
  void expandsWithoutToken(Dim dim, String filter, String expected) {
    assertThat(render(MemberFilter.expand(filter, dim, md))).isEqualTo(expected);
  }

  @Test
  void parametersAreSubstitutedFirst() {
    SubstVars vars = SubstVars.parse("Entity=[NA Clubs], Year=2024");
    String filter = vars.substitute("E#[|!Entity!|].Children:T#|!Year!|M1");
    assertThat(render(MemberFilter.expand(filter, null, md)))
        .isEqualTo("Canada Clubs:2024M1@0; US Clubs:2024M1@0");
  }

  @Test
  void formulaHoldsSignedTerms() {
    Header h =
        MemberFilter.expand("GetDataCell(S#Actual-S#Budget):Name(Variance)", null, md).get(0);
    assertThat(h.label()).isEqualTo("Variance");
    assertThat(h.formula().terms())
        .extracting(t -> t.sign() + " " + t.members().values())
        .containsExactly("1.0 [S#Actual]", "-1.0 [S#Budget]");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          E#Nowhere                 | The member 'Nowhere' does not exist in dimension Entity.
          Houston                   | has no dimension token
          E#[NA Clubs               | has no closing ']'
          E#Houston.Cousins         | '.Cousins' is not a member expansion
          E#Houston.Where(Size > 3) | the condition 'Size > 3' is not understood
          E#Houston:E#Augusta       | Entity appears twice
          """)
  void rejects(String filter, String message) {
    assertThatThrownBy(() -> MemberFilter.expand(filter, null, md))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining(message);
  }

  @Test
  void unresolvedParameterIsReported() {
    assertThatThrownBy(() -> SubstVars.empty().substitute("E#|!DashboardEntity!|"))
        .isInstanceOf(SubstVars.UnresolvedParameterException.class)
        .hasMessageContaining("|!DashboardEntity!|");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Entity=[Houston],Time=[2024M3]      | {Entity=Houston, Time=2024M3}
          Name1=[a, b and c], Name2=x         | {Name1=a, b and c, Name2=x}
          entity=Houston                      | {entity=Houston}
          """)
  void parsesSubstitutionVariables(String text, String expected) {
    assertThat(SubstVars.parse(text).asMap().toString()).isEqualTo(expected);
  }
}
