package io.cubesql.onestream.calcite;

import static org.assertj.core.api.Assertions.assertThat;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Schema onestream_meta: cube views and their parameters, sequences, steps, the result cache. */
@ExtendWith(GolfStreamEmulator.class)
class MetaSchemaTest {
  private final OneStreamEmulator emulator;

  MetaSchemaTest(OneStreamEmulator emulator) {
    this.emulator = emulator;
  }

  @Test
  void cubeViewsAndTheirParameters() throws Exception {
    try (Sql sql = new Sql(emulator)) {
      assertThat(sql.rows("SELECT Name FROM onestream_meta.cube_views ORDER BY Name"))
          .extracting(r -> r.get(0))
          .containsExactly(
              "ActualVsBudget",
              "ClubsDashboard",
              "EntityAccountDetail",
              "MonthlySalesByProduct",
              "QuarterlySummary");
      assertThat(
              sql.rows(
                  "SELECT Name, DefaultValue FROM onestream_meta.cube_view_parameters"
                      + " WHERE CubeView = 'ActualVsBudget'"))
          .satisfiesExactly(
              r -> assertThat(r).containsExactly("Entity", "Houston"),
              r -> {
                assertThat(r.get(0)).isEqualTo("Time");
                assertThat((String) r.get(1)).matches("\\d{4}M3");
              });
      assertThat(
              sql.rows(
                  "SELECT Parameters FROM onestream_meta.cube_views WHERE Name = 'ClubsDashboard'"))
          .containsExactly(List.of("DashboardEntity"));
    }
  }

  @Test
  void sequencesStepsAndTheResultCache() throws Exception {
    try (Sql sql = new Sql(emulator)) {
      assertThat(sql.rows("SELECT Name FROM onestream_meta.sequences ORDER BY Name"))
          .containsExactly(List.of("ClearConsolidation"), List.of("NightlyConsolidation"));
      assertThat(sql.rows("SELECT GroupName, Name FROM onestream_meta.steps"))
          .contains(List.of("Consolidation", "Consolidate GolfStream"));
      assertThat(sql.rows("SELECT Enabled, Hits, Misses FROM onestream_meta.result_cache"))
          .containsExactly(List.of(false, 0L, 0L));
    }
  }

  @Test
  void recentRequestsShowEachCallWithItsRows() throws Exception {
    try (Sql sql = new Sql(emulator)) {
      List<List<Object>> cells =
          sql.rows(
              "SELECT Account, CellValue FROM cubes.GolfStream"
                  + " WHERE Entity = 'Houston' AND \"Time\" = '2024M3'");
      List<List<Object>> calls =
          sql.rows(
              "SELECT Route, Status, RowCount, Error IS NULL, Bytes > 0, DurationMs >= 0,"
                  + " Started IS NOT NULL FROM onestream_meta.recent_requests"
                  + " WHERE Route = 'Analytics/GetDataCellsFromCube'");
      assertThat(calls)
          .containsExactly(
              List.of(
                  "Analytics/GetDataCellsFromCube",
                  200,
                  (long) cells.size(),
                  true,
                  true,
                  true,
                  true));
      assertThat(sql.rows("SELECT Route FROM onestream_meta.recent_requests"))
          .extracting(r -> r.get(0))
          .as("the session's calls are there too")
          .contains("Application/OpenApplication");
    }
  }
}
