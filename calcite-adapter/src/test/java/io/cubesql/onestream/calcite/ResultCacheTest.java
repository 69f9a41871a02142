package io.cubesql.onestream.calcite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.app.GolfStreamHost;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The opt-in result cache: a hit sends nothing, completed Data Management work empties it, a
 * narrower projection is served by a wider cached answer, and a cut-short answer is not kept. An
 * emulator of its own, since the test changes data.
 */
class ResultCacheTest {
  private static final String CELLS = "Analytics/GetDataCellsFromCube";
  private static final String US_CLUBS =
      "SELECT SUM(CellValue) FROM cubes.GolfStream WHERE Entity = 'US Clubs'"
          + " AND \"Time\" = '2025M3' AND Scenario = 'Actual' AND Account = 'Sales'";
  private static OneStreamEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = OneStreamEmulator.builder().start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static Sql cached() throws Exception {
    return new Sql(
        emulator, OneStreamAdapterOptions.builder().resultCache("maximumSize=100").build());
  }

  private static double value(Sql sql) throws Exception {
    return ((Number) sql.rows(US_CLUBS).get(0).get(0)).doubleValue();
  }

  @Test
  void aConsolidationThroughSqlEmptiesTheCacheAndTheNextReadIsAHit() throws Exception {
    String consolidate =
        "SELECT State FROM TABLE(execute_sequence('NightlyConsolidation',"
            + " 'Time=[2025],Scenario=[Actual]'))";
    try (Sql sql = cached()) {
      assertThat(sql.rows(consolidate)).containsExactly(List.of("Completed"));
      double before = value(sql);
      emulator.requestLog().clear();
      // Houston is under US Clubs: more sales there, in the stored base data.
      changeHoustonSales(1000.0);
      assertThat(value(sql)).as("from the cache, not yet consolidated").isEqualTo(before);
      assertThat(sql.requests(CELLS)).isEmpty();

      assertThat(sql.rows(consolidate)).containsExactly(List.of("Completed"));
      double after = value(sql);
      assertThat(after).isCloseTo(before + 1000.0, org.assertj.core.data.Offset.offset(0.01));
      assertThat(sql.requests(CELLS)).hasSize(1);
      assertThat(value(sql)).isEqualTo(after);
      assertThat(sql.requests(CELLS)).as("the third read is a hit").hasSize(1);
      assertThat(sql.rows("SELECT Enabled, Hits FROM onestream_meta.result_cache"))
          .containsExactly(List.of(true, 2L));
    }
  }

  @Test
  void aNarrowerProjectionIsServedByAWiderCachedAnswer() throws Exception {
    try (Sql sql = cached()) {
      String where = " FROM cubes.GolfStream WHERE Entity = 'Augusta' AND \"Time\" = '2024M2'";
      List<List<Object>> wide = sql.rows("SELECT Account, Entity_Desc, CellValue" + where);
      emulator.requestLog().clear();
      List<List<Object>> narrow = sql.rows("SELECT Account, CellValue" + where);

      assertThat(sql.requests(CELLS)).isEmpty();
      assertThat(narrow).isEqualTo(wide.stream().map(r -> List.of(r.get(0), r.get(2))).toList());
    }
  }

  @Test
  void anAnswerWithoutATimeFilterServesABaseMonthButNotAQuarter() throws Exception {
    String select = "SELECT Account, UD1, UD2, Scenario, CellValue FROM cubes.GolfStream";
    String month = select + " WHERE Entity = 'Montreal' AND \"Time\" = '2024M2'";
    List<List<Object>> expected;
    try (Sql plain = new Sql(emulator)) {
      expected = plain.rows(month);
    }
    try (Sql sql = cached()) {
      sql.rows(select + " WHERE Entity = 'Montreal'");
      emulator.requestLog().clear();
      List<List<Object>> fromCache = sql.rows(month);

      assertThat(sql.requests(CELLS)).as("served by the answer for every base month").isEmpty();
      assertThat(fromCache).isNotEmpty().containsExactlyInAnyOrderElementsOf(expected);

      sql.rows(select + " WHERE Entity = 'Montreal' AND \"Time\" = '2024Q1'");
      assertThat(sql.requests(CELLS)).as("a quarter is not among the base months").hasSize(1);
    }
  }

  @Test
  void aCachedMemberListServesAnyOfItsMembersButNotAnotherMember() throws Exception {
    String select =
        "SELECT Entity, Account, CellValue FROM cubes.GolfStream WHERE \"Time\" = '2024M5'";
    List<List<Object>> expected;
    try (Sql plain = new Sql(emulator)) {
      expected = plain.rows(select + " AND Entity IN ('Augusta', 'Quebec City')");
    }
    try (Sql sql = cached()) {
      sql.rows(select + " AND Entity IN ('Augusta', 'Quebec City', 'Carlsbad')");
      emulator.requestLog().clear();
      List<List<Object>> fromCache = sql.rows(select + " AND Entity IN ('Quebec City', 'Augusta')");

      assertThat(sql.requests(CELLS)).as("within the cached list").isEmpty();
      assertThat(fromCache).isNotEmpty().containsExactlyInAnyOrderElementsOf(expected);

      sql.rows(select + " AND Entity IN ('Augusta', 'Houston')");
      assertThat(sql.requests(CELLS)).as("Houston is not in the cached list").hasSize(1);
      emulator.requestLog().clear();
      sql.rows(select + " AND Entity = 'Houston'");
      assertThat(sql.requests(CELLS)).as("now it is").isEmpty();
    }
  }

  @Test
  void anAnswerCutShortIsNotKept() throws Exception {
    try (Sql sql = cached()) {
      String query = "SELECT Account FROM cubes.GolfStream WHERE Entity = 'Carlsbad'";
      sql.rows(query + " LIMIT 3");
      // The cut-short call is logged when the server gives up writing it, which may come later:
      // count only the calls that arrived after this point.
      java.time.Instant mark = java.time.Instant.now();
      List<List<Object>> all = sql.rows(query);

      assertThat(all.size()).isGreaterThan(3);
      assertThat(sql.requests(CELLS)).filteredOn(e -> !e.time().isBefore(mark)).hasSize(1);
    }
  }

  @Test
  void theCacheIsOffByDefault() throws Exception {
    try (Sql sql = new Sql(emulator)) {
      sql.rows(US_CLUBS);
      emulator.requestLog().clear();
      sql.rows(US_CLUBS);
      assertThat(sql.requests(CELLS)).hasSize(1);
      assertThat(sql.rows("SELECT Enabled, Hits FROM onestream_meta.result_cache"))
          .containsExactly(List.of(false, 0L));
    }
  }

  /** The cache records statistics anyway: a spec that asks for them too must not break it. */
  @Test
  void aSpecThatAsksForStatisticsWorks() throws Exception {
    try (Sql sql =
        new Sql(
            emulator,
            OneStreamAdapterOptions.builder().resultCache("maximumSize=10, recordStats").build())) {
      sql.rows(US_CLUBS);
      sql.rows(US_CLUBS);
      assertThat(sql.rows("SELECT Enabled, Hits FROM onestream_meta.result_cache"))
          .containsExactly(List.of(true, 1L));
    }
  }

  /**
   * A spec Caffeine parses but cannot build a cache of, or one whose keys are compared by identity,
   * is refused when the options are built.
   */
  @Test
  void aSpecThatDoesNotBuildIsRefused() {
    for (String spec :
        List.of(
            "maximumSize=-5",
            "maximumWeight=10",
            "refreshAfterWrite=1m",
            "maximumSize=9, weakKeys")) {
      assertThatThrownBy(() -> OneStreamAdapterOptions.builder().resultCache(spec))
          .as(spec)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> OneStreamAdapterOptions.builder().metadataCache(spec))
          .as(spec)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** Adds {@code amount} to Houston's stored Actual sales cells of 2025M3 (Local). */
  private static void changeHoustonSales(double amount) throws Exception {
    GolfStreamHost host = (GolfStreamHost) emulator.applicationHost();
    try (Connection c = host.database("GolfStream").connection();
        Statement st = c.createStatement()) {
      int changed =
          st.executeUpdate(
              "UPDATE DataCell SET CellAmount = CellAmount + "
                  + amount
                  + " WHERE EntityId = (SELECT MemberId FROM Member WHERE Name = 'Houston')"
                  + " AND TimeId = (SELECT MemberId FROM Member WHERE Name = '2025M3')"
                  + " AND ScenarioId = (SELECT MemberId FROM Member WHERE Name = 'Actual')"
                  + " AND ConsolidationId = (SELECT MemberId FROM Member WHERE Name = 'Local')"
                  + " AND AccountId = (SELECT MemberId FROM Member WHERE Name = 'Product Sales')"
                  + " AND UD1Id = (SELECT MemberId FROM Member WHERE Name = 'Drivers')"
                  + " AND UD2Id = (SELECT MemberId FROM Member WHERE Name = 'Retail')"
                  + " AND OriginId = (SELECT MemberId FROM Member WHERE Name = 'Import')");
      assertThat(changed).isEqualTo(1);
    }
  }
}
