package io.cubesql.onestream.calcite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SQL over the emulator, asserting the rows and the requests the emulator received together, so
 * that a lost pushdown fails (STYLE.md, Tests).
 */
@ExtendWith(GolfStreamEmulator.class)
class PushdownTest {
  private static final String CELLS = "Analytics/GetDataCellsFromCube";
  private static final String PAGES = "Analytics/GetDataRequest";
  private static final String CUBE_VIEW = "DataProvider/GetAdoDataSetForCubeViewCommand";
  private static final String HIERARCHY = "Analytics/GetDimensionHierarchy";

  private final OneStreamEmulator emulator;
  private Sql sql;

  PushdownTest(OneStreamEmulator emulator) {
    this.emulator = emulator;
  }

  @BeforeEach
  void open() throws SQLException {
    sql = new Sql(emulator);
    // Metadata first (cube list, member lists), so that each test sees only its data requests.
    sql.rows(
        "SELECT Entity FROM cubes.GolfStream WHERE Entity = 'Houston' AND \"Time\" = '2024M1'"
            + " AND Account = 'Sales' AND Scenario = 'Actual' LIMIT 1");
    // A cube view's columns are learnt from one run with its defaults, once per connection.
    sql.rows("SELECT * FROM cubeviews.ActualVsBudget WHERE 1 = 0");
    emulator.requestLog().clear();
  }

  @AfterEach
  void close() throws SQLException {
    sql.close();
  }

  /** The DataCellsFilter of each cells request, as a map of filter key to value. */
  private List<Map<String, String>> cellFilters() {
    return sql.requests(CELLS).stream()
        .map(e -> fields(e.body().get("DataCellsFilter")))
        .collect(Collectors.toList());
  }

  private static Map<String, String> fields(JsonNode n) {
    Map<String, String> out = new TreeMap<>();
    n.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
    return out;
  }

  @Test
  void entityAndTimeBecomeOneRequestWithBothFilters() throws SQLException {
    List<List<Object>> rows =
        sql.rows(
            "SELECT Entity, \"Time\", Account, CellValue FROM cubes.GolfStream"
                + " WHERE Entity = 'Houston' AND \"Time\" = '2024M3'");

    assertThat(cellFilters())
        .containsExactly(Map.of("EntityFilter", "[Houston]", "TimeFilter", "[2024M3]"));
    assertThat(sql.requests(CELLS).get(0).body().get("IncludeDescriptions").asBoolean()).isFalse();
    assertThat(rows)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.subList(0, 2)).containsExactly("Houston", "2024M3"));
  }

  @Test
  void inListOfThreeMembersIsOneRequestWithAMemberList() throws SQLException {
    List<List<Object>> rows =
        sql.rows(
            "SELECT DISTINCT Entity FROM cubes.GolfStream"
                + " WHERE Entity IN ('Houston', 'Augusta', 'Carlsbad') AND \"Time\" = '2024M3'");

    assertThat(cellFilters())
        .containsExactly(
            Map.of("EntityFilter", "[Augusta], [Carlsbad], [Houston]", "TimeFilter", "[2024M3]"));
    assertThat(rows)
        .extracting(r -> r.get(0))
        .containsExactlyInAnyOrder("Houston", "Augusta", "Carlsbad");
  }

  @Test
  void membersPerRequestSplitsAListAndOneSendsARequestPerMember() throws SQLException {
    String query =
        "SELECT Entity, Account, CellValue FROM cubes.GolfStream"
            + " WHERE Entity IN ('Houston', 'Augusta', 'Carlsbad', 'Montreal', 'Frankfurt')"
            + " AND \"Time\" = '2024M3' AND Scenario = 'Actual'";
    List<List<Object>> listed = sorted(sql.rows(query));
    for (int per : new int[] {1, 2}) {
      try (Sql split =
          new Sql(emulator, OneStreamAdapterOptions.builder().membersPerRequest(per).build())) {
        emulator.requestLog().clear();
        List<List<Object>> rows = sorted(split.rows(query));
        List<String> filters =
            split.requests(CELLS).stream()
                .map(e -> e.body().get("DataCellsFilter").get("EntityFilter").asText())
                .toList();

        assertThat(rows).isEqualTo(listed);
        if (per == 1) {
          assertThat(filters)
              .containsExactlyInAnyOrder(
                  "[Augusta]", "[Carlsbad]", "[Houston]", "[Montreal]", "[Frankfurt]");
        } else {
          // The members in the hierarchy's order of their first mention, two a request.
          assertThat(filters).hasSize(3);
          assertThat(String.join(", ", filters).split(", "))
              .containsExactlyInAnyOrder(
                  "[Augusta]", "[Carlsbad]", "[Houston]", "[Montreal]", "[Frankfurt]");
        }
      }
    }
  }

  @Test
  void aSplitListOverTheCallBudgetIsRefusedNamingTheListAndItsRequests() throws SQLException {
    try (Sql split =
        new Sql(
            emulator,
            OneStreamAdapterOptions.builder().membersPerRequest(2).callBudget(2).build())) {
      emulator.requestLog().clear();
      assertThatThrownBy(
              () ->
                  split.rows(
                      "SELECT CellValue FROM cubes.GolfStream WHERE Entity IN"
                          + " ('Houston', 'Augusta', 'Carlsbad', 'Montreal', 'Frankfurt')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("would make 3 API calls")
          .hasMessageContaining("Entity (5 values in 3 requests)");
      assertThat(split.requests(CELLS)).isEmpty();
    }
  }

  @Test
  void orOfEqualitiesIsPushedLikeIn() throws SQLException {
    sql.rows(
        "SELECT CellValue FROM cubes.GolfStream WHERE (Entity = 'Houston' OR Entity = 'Augusta')"
            + " AND \"Time\" = '2024M3' AND Account = 'Sales'");

    assertThat(cellFilters())
        .extracting(f -> f.get("EntityFilter"))
        .containsExactly("[Augusta], [Houston]");
  }

  @Test
  void likeBecomesTheListOfTheBaseMembersItMatches() throws SQLException {
    String where = " WHERE Entity = 'Houston' AND \"Time\" = '2024M3' AND Scenario = 'Actual'";
    List<List<Object>> all = sql.rows("SELECT Account, CellValue FROM cubes.GolfStream" + where);
    emulator.requestLog().clear();
    List<List<Object>> rows =
        sql.rows(
            "SELECT Account, CellValue FROM cubes.GolfStream"
                + where
                + " AND Account LIKE 'Product%'");

    List<List<Object>> expected =
        all.stream().filter(r -> ((String) r.get(0)).startsWith("Product")).toList();
    assertThat(sorted(rows)).isEqualTo(sorted(expected)).isNotEmpty();
    assertThat(cellFilters()).hasSize(1);
    List<String> listed = List.of(cellFilters().get(0).get("AccountFilter").split(", "));
    assertThat(listed).isNotEmpty().allSatisfy(m -> assertThat(m).startsWith("[Product"));
    // Every base account named Product..., whether or not it has cells here.
    assertThat(listed).containsAll(expected.stream().map(r -> "[" + r.get(0) + "]").toList());
  }

  @Test
  void likeIsCaseSensitiveMatchingNothingSendsNothingAndNotLikeIsNotPushed() throws SQLException {
    List<List<Object>> none =
        sql.rows(
            "SELECT Account, CellValue FROM cubes.GolfStream WHERE Entity = 'Houston'"
                + " AND Account LIKE 'product%'");
    assertThat(none).isEmpty();
    assertThat(sql.requests(CELLS)).isEmpty();

    sql.rows(
        "SELECT Account FROM cubes.GolfStream WHERE Entity = 'Houston' AND \"Time\" = '2024M3'"
            + " AND Account NOT LIKE 'Product%' AND Scenario = 'Actual'");
    assertThat(cellFilters())
        .singleElement()
        .satisfies(f -> assertThat(f).doesNotContainKey("AccountFilter"));
  }

  @Test
  void likeOnViewStaysAFilter() throws SQLException {
    List<List<Object>> rows =
        sql.rows(
            "SELECT DISTINCT \"View\" FROM cubes.GolfStream WHERE Entity = 'Houston'"
                + " AND \"Time\" = '2024M3' AND Account = 'Sales' AND \"View\" LIKE 'Per%'");
    assertThat(rows).containsExactly(List.of("Periodic"));
    assertThat(cellFilters())
        .singleElement()
        .satisfies(f -> assertThat(f).doesNotContainKey("ViewFilter"));
  }

  @Test
  void residualPredicateGivesTheSameRowsAsThePushedOne() throws SQLException {
    String select = "SELECT Entity, Account, UD1, UD2, CellValue FROM cubes.GolfStream";
    List<List<Object>> pushed =
        sorted(
            sql.rows(
                select
                    + " WHERE Scenario = 'Actual' AND \"Time\" = '2024M3'"
                    + " AND Entity = 'Houston'"));
    List<Map<String, String>> pushedFilters = cellFilters();
    emulator.requestLog().clear();
    List<List<Object>> residual =
        sorted(
            sql.rows(
                select
                    + " WHERE Scenario = 'Actual' AND \"Time\" = '2024M3'"
                    + " AND UPPER(Entity) = 'HOUSTON'"));

    assertThat(pushedFilters)
        .singleElement()
        .satisfies(f -> assertThat(f).containsEntry("EntityFilter", "[Houston]"));
    assertThat(cellFilters())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f)
                    .doesNotContainKey("EntityFilter")
                    .containsEntry("Scenario", "[Actual]"));
    assertThat(pushed).isNotEmpty().isEqualTo(residual);
  }

  @Test
  void limitOnALargeCubeMakesOneRequestAndReadsOnePage() throws SQLException {
    List<List<Object>> rows = sql.rows("SELECT * FROM cubes.GolfStream LIMIT 5");

    assertThat(rows).hasSize(5);
    assertThat(sql.requests(CELLS)).hasSize(1);
    assertThat(sql.requests(PAGES)).isEmpty();
  }

  /**
   * linq4j's {@code take(n)} asks its source for row n + 1 before it stops: a LIMIT that ends on a
   * page's last row must not fetch the next page for it, with or without an offset.
   */
  @Test
  void aLimitEndingOnAPageBoundaryFetchesNoFurtherPage() throws SQLException {
    int page = GolfStreamEmulator.PAGE_SIZE;
    assertThat(sql.rows("SELECT * FROM cubes.GolfStream LIMIT " + page)).hasSize(page);
    assertThat(sql.requests(CELLS)).hasSize(1);
    assertThat(sql.requests(PAGES)).isEmpty();

    emulator.requestLog().clear();
    // DBeaver's LIMIT start, count
    assertThat(sql.rows("SELECT Entity, CellValue FROM cubes.GolfStream LIMIT 10, " + (page - 10)))
        .hasSize(page - 10);
    assertThat(sql.requests(CELLS)).hasSize(1);
    assertThat(sql.requests(PAGES)).isEmpty();
  }

  /** Likewise a LIMIT that the first request's rows meet sends no second request. */
  @Test
  void aLimitMetByTheFirstRequestSendsNoSecond() throws SQLException {
    String query =
        "SELECT Entity, Account, CellValue FROM cubes.GolfStream"
            + " WHERE Entity IN ('Houston', 'Augusta') AND \"Time\" = '2024M3'"
            + " AND Scenario = 'Actual'";
    try (Sql one = new Sql(emulator, OneStreamAdapterOptions.builder().parallelism(1).build())) {
      List<List<Object>> all = one.rows(query);
      Object first = all.get(0).get(0);
      long firstRequestRows = all.stream().takeWhile(r -> r.get(0).equals(first)).count();
      assertThat(firstRequestRows).isLessThan(all.size());
      emulator.requestLog().clear();

      assertThat(one.rows(query + " LIMIT " + firstRequestRows))
          .hasSize((int) firstRequestRows)
          .allSatisfy(r -> assertThat(r.get(0)).isEqualTo(first));
      assertThat(one.requests(CELLS)).hasSize(1);
    }
  }

  @Test
  void closingAResultSetEarlyStopsPaging() throws SQLException {
    try (Statement s = sql.connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT Entity FROM cubes.GolfStream")) {
      for (int i = 0; i < GolfStreamEmulator.PAGE_SIZE + 10; i++) {
        assertThat(rs.next()).isTrue();
      }
    }
    assertThat(sql.requests(CELLS)).hasSize(1);
    // The second page was needed; nothing after it.
    assertThat(sql.requests(PAGES)).hasSize(1);
  }

  @Test
  void whereFalseMakesNoCall() throws SQLException {
    try (Statement s = sql.connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM cubes.GolfStream WHERE 1 = 0")) {
      assertThat(rs.getMetaData().getColumnCount()).isEqualTo(37);
      assertThat(rs.next()).isFalse();
    }
    assertThat(emulator.requestLog().entries()).isEmpty();
  }

  @Test
  void unknownMemberSelectsNothingWithoutACall() throws SQLException {
    assertThat(sql.rows("SELECT * FROM cubes.GolfStream WHERE Entity = 'Atlantis'")).isEmpty();
    assertThat(sql.rows("SELECT * FROM cubes.GolfStream WHERE Entity = 'houston'")).isEmpty();
    assertThat(sql.requests(CELLS)).isEmpty();
  }

  @Test
  void projectionOfADescriptionAsksForDescriptions() throws SQLException {
    List<List<Object>> rows =
        sql.rows(
            "SELECT DISTINCT Entity_Desc FROM cubes.GolfStream"
                + " WHERE Entity = 'Houston' AND \"Time\" = '2024M3' AND Account = 'Sales'");

    assertThat(rows).containsExactly(List.of("Houston Clubs"));
    assertThat(sql.requests(CELLS))
        .singleElement()
        .satisfies(e -> assertThat(e.body().get("IncludeDescriptions").asBoolean()).isTrue());
  }

  @Test
  void explainShowsTheExactRequests() throws SQLException {
    List<List<Object>> plan =
        sql.rows(
            "EXPLAIN PLAN FOR SELECT Account, CellValue FROM cubes.GolfStream"
                + " WHERE Entity IN ('Houston', 'Augusta') AND \"Time\" = '2024M3'"
                + " AND CellValue > 100");

    assertThat(plan.get(0).get(0).toString())
        .contains(
            "requests=[1: Analytics/GetDataCellsFromCube(CubeName=GolfStream,"
                + " IncludeDescriptions=false, Entity=([Augusta], [Houston]), Time=[2024M3])]")
        .contains(">($t1, $t2)");
    assertThat(sql.requests(CELLS)).isEmpty();
  }

  @Test
  void unsafeValuesAreRefusedAndNeverSent() throws SQLException {
    for (String value : List.of("Houston],Time=[2020M1", "a|!x!|", "[Houston")) {
      String literal = "'" + value.replace("'", "''") + "'";
      assertThatThrownBy(() -> sql.rows("SELECT * FROM cubes.GolfStream WHERE Entity = " + literal))
          .satisfies(e -> assertThat(state(e)).isEqualTo("22023"))
          .hasStackTraceContaining("for column 'Entity'");
      assertThatThrownBy(
              () -> sql.rows("SELECT * FROM cubeviews.ActualVsBudget WHERE Entity = " + literal))
          .satisfies(e -> assertThat(state(e)).isEqualTo("22023"));
    }
    // Values bound at run time are checked there, before anything is sent.
    for (String table : List.of("cubes.GolfStream", "cubeviews.ActualVsBudget")) {
      try (PreparedStatement ps =
          sql.connection.prepareStatement("SELECT * FROM " + table + " WHERE Entity = ?")) {
        for (String value :
            List.of("Hou\nston", "Houston],Time=[2020M1", "x".repeat(10) + "\u0000")) {
          ps.setString(1, value);
          assertThatThrownBy(() -> ps.executeQuery().next())
              .satisfies(e -> assertThat(state(e)).isEqualTo("22023"));
        }
      }
    }
    assertThat(sql.requests(CELLS)).isEmpty();
    assertThat(sql.requests(CUBE_VIEW)).isEmpty();
  }

  @Test
  void aPlanOverTheCallBudgetIsRefusedBeforeSending() throws SQLException {
    try (Sql small =
        new Sql(
            emulator,
            OneStreamAdapterOptions.builder().callBudget(2).membersPerRequest(1).build())) {
      emulator.requestLog().clear();
      assertThatThrownBy(
              () ->
                  small.rows(
                      "SELECT * FROM cubes.GolfStream"
                          + " WHERE Entity IN ('Houston', 'Augusta', 'Carlsbad') AND \"Time\" = '2024M3'"))
          .satisfies(e -> assertThat(state(e)).isEqualTo("54000"))
          .hasMessageContaining("3 API calls")
          .hasMessageContaining("Entity (3 values)")
          .hasMessageContaining("callBudget");
      assertThat(small.requests(CELLS)).isEmpty();
    }
  }

  @Test
  void parametersOfAPreparedStatementArePushedWhenItRuns() throws SQLException {
    try (PreparedStatement ps =
        sql.connection.prepareStatement(
            "SELECT COUNT(*) FROM cubes.GolfStream WHERE Entity = ? AND \"Time\" = ?")) {
      ps.setString(1, "Houston");
      ps.setString(2, "2024M3");
      long houston = count(ps);
      ps.setString(1, "Augusta");
      long augusta = count(ps);
      ps.setString(1, "Nowhere");
      long nowhere = count(ps);

      assertThat(houston).isPositive();
      assertThat(augusta).isPositive();
      assertThat(nowhere).isZero();
    }
    assertThat(cellFilters())
        .containsExactly(
            Map.of("EntityFilter", "[Houston]", "TimeFilter", "[2024M3]"),
            Map.of("EntityFilter", "[Augusta]", "TimeFilter", "[2024M3]"));
  }

  @Test
  void cubeViewParametersBecomeSubstitutionVariables() throws SQLException {
    List<List<Object>> rows =
        sql.rows(
            "SELECT Entity, \"Time\", Account, Actual, Budget, Variance"
                + " FROM cubeviews.ActualVsBudget"
                + " WHERE Entity IN ('Houston', 'Augusta') AND \"Time\" = '2024M3'");

    assertThat(sql.requests(CUBE_VIEW))
        .extracting(e -> e.body().get("CustomSubstVarsAsCommaSeparatedPairs").asText())
        .containsExactlyInAnyOrder(
            "Entity=[Houston],Time=[2024M3]", "Entity=[Augusta],Time=[2024M3]");
    assertThat(rows).extracting(r -> r.get(0)).containsOnly("Houston", "Augusta");
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(r.get(1)).isEqualTo("2024M3");
              assertThat((Double) r.get(5))
                  .isCloseTo(
                      (Double) r.get(3) - (Double) r.get(4),
                      org.assertj.core.data.Offset.offset(0.02));
            });
  }

  /**
   * Member details ({@code IncludeMemberDetails}) only name the row header columns after their
   * dimension, which the shape learnt once already did: the data requests go without them.
   */
  @Test
  void cubeViewRowsAreReadWithoutMemberDetails() throws SQLException {
    List<String> labels = new java.util.ArrayList<>();
    List<List<Object>> rows;
    try (Statement s = sql.connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT * FROM cubeviews.ActualVsBudget"
                    + " WHERE Entity = 'Houston' AND \"Time\" = '2024M3'")) {
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        labels.add(rs.getMetaData().getColumnLabel(i));
      }
      rows = Sql.rows(rs);
    }

    assertThat(sql.requests(CUBE_VIEW))
        .singleElement()
        .satisfies(
            e ->
                assertThat(
                        e.body()
                            .get("CubeViewDataTableOptions")
                            .get("IncludeMemberDetails")
                            .asBoolean())
                    .isFalse());
    assertThat(labels).startsWith("Entity", "Time", "Account", "Account_Desc");
    assertThat(rows).isNotEmpty().extracting(r -> r.get(2)).doesNotContainNull().contains("Sales");
  }

  @Test
  void aCubeViewParameterWithoutPredicateTakesItsDefaultAndShowsIt() throws SQLException {
    List<List<Object>> rows =
        sql.rows("SELECT DISTINCT Entity, \"Time\" FROM cubeviews.ActualVsBudget");

    assertThat(sql.requests(CUBE_VIEW))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.body().get("CustomSubstVarsAsCommaSeparatedPairs").asText())
                    .matches("Entity=\\[Houston\\],Time=\\[\\d{4}M3\\]"));
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get(0)).isEqualTo("Houston");
    assertThat((String) rows.get(0).get(1)).matches("\\d{4}M3");
  }

  /**
   * A dimension's members are read with descriptions only when the query reads the {@code
   * Description} column; an answer with them serves later reads without, and the cube tables'
   * member checks.
   */
  @Test
  void aDimensionAsksForDescriptionsOnlyWhenItReadsThem() throws SQLException {
    try (Sql fresh = new Sql(emulator)) {
      emulator.requestLog().clear();
      assertThat(fresh.rows("SELECT Name, Parent FROM dimensions.Entity"))
          .contains(List.of("Houston", "US Clubs"));
      assertThat(fresh.requests(HIERARCHY))
          .singleElement()
          .satisfies(e -> assertThat(e.body().get("IncludeDescriptions").asBoolean()).isFalse());

      emulator.requestLog().clear();
      assertThat(fresh.rows("SELECT Name, Description FROM dimensions.Entity WHERE Depth > 0"))
          .contains(List.of("Houston", "Houston Clubs"));
      assertThat(fresh.rows("SELECT * FROM dimensions.Entity WHERE Name = 'Houston' AND Depth = 4"))
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.subList(0, 3))
                      .containsExactly("Houston", "US Clubs", "Houston Clubs"));
      assertThat(fresh.requests(HIERARCHY))
          .singleElement()
          .satisfies(e -> assertThat(e.body().get("IncludeDescriptions").asBoolean()).isTrue());

      emulator.requestLog().clear();
      fresh.rows("SELECT Name FROM dimensions.Entity");
      fresh.rows(
          "SELECT CellValue FROM cubes.GolfStream WHERE Entity = 'Houston' AND \"Time\" = '2024M3'"
              + " AND Account = 'Sales' AND Scenario = 'Actual'");
      assertThat(fresh.requests(HIERARCHY))
          .extracting(e -> e.body().get("DimensionType").asText())
          .doesNotContain("Entity");
    }
  }

  @Test
  void identifiersIgnoreCaseUnquotedAndQuoted() throws SQLException {
    String filter = " WHERE Entity = 'Houston' AND \"Time\" = '2024M3' AND Account = 'Sales'";
    List<List<Object>> a = sql.rows("SELECT entity, cellvalue FROM CUBES.golfstream" + filter);
    List<List<Object>> b =
        sql.rows("SELECT \"Entity\", \"CellValue\" FROM \"cubes\".\"GolfStream\"" + filter);
    assertThat(a).isNotEmpty().isEqualTo(b);
  }

  @Test
  void datesAreTheCalendarDatesOfTheTimeMember() throws SQLException {
    try (Statement s = sql.connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT DISTINCT Time_StartDate, Time_EndDate FROM cubes.GolfStream"
                    + " WHERE Entity = 'Houston' AND \"Time\" = '2024Q1' AND Account = 'Sales'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("2024-01-01");
      assertThat(rs.getDate(2).toLocalDate()).isEqualTo(java.time.LocalDate.of(2024, 3, 31));
      assertThat(rs.next()).isFalse();
    }
  }

  private static long count(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    return rows.stream()
        .sorted(Comparator.comparing(Object::toString))
        .collect(Collectors.toList());
  }

  /** The SQLState the adapter gave, found in the cause chain as the driver finds it. */
  static String state(Throwable e) {
    if (e == null) {
      return null;
    }
    if (e instanceof OneStreamAdapterException a) {
      return a.sqlState();
    }
    // Calcite adds what the planner's implement step throws as a suppressed exception.
    for (Throwable s : e.getSuppressed()) {
      String found = state(s);
      if (found != null) {
        return found;
      }
    }
    return state(e.getCause());
  }

  static Set<String> routes(List<RequestLogEntry> entries) {
    return entries.stream().map(RequestLogEntry::route).collect(Collectors.toSet());
  }
}
