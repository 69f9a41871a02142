package io.cubesql.onestream.calcite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Cube views listed by a model file instead of the administrator SQL endpoint. */
@ExtendWith(GolfStreamEmulator.class)
class ModelFileTest {
  private final OneStreamEmulator emulator;

  ModelFileTest(OneStreamEmulator emulator) {
    this.emulator = emulator;
  }

  @Test
  void aModelFileListsTheCubeViewsAndTheirDefaults(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("model.json");
    Files.writeString(
        model,
        "{\"cubeViews\": [{\"name\": \"ActualVsBudget\", \"description\": \"Net income\","
            + " \"parameters\": {\"Entity\": \"Augusta\", \"Time\": null}}]}");
    try (Sql sql = new Sql(emulator, OneStreamAdapterOptions.builder().model(model).build())) {
      emulator.requestLog().clear();
      List<List<Object>> rows =
          sql.rows(
              "SELECT DISTINCT Entity, \"Time\" FROM cubeviews.ActualVsBudget"
                  + " WHERE \"Time\" = '2024M3'");

      assertThat(rows).containsExactly(List.of("Augusta", "2024M3"));
      assertThat(sql.requests("DataProvider/GetAdoDataSetForSqlCommand")).isEmpty();
      // The model's default is sent, so the rows are Augusta's, as the column says.
      assertThat(sql.requests("DataProvider/GetAdoDataSetForCubeViewCommand"))
          .extracting(e -> e.body().get("CustomSubstVarsAsCommaSeparatedPairs").asText())
          .endsWith("Entity=[Augusta],Time=[2024M3]");
      assertThat(
              sql.rows(
                  "SELECT COUNT(*) FROM \"metadata\".\"TABLES\""
                      + " WHERE \"tableSchem\" = 'cubeviews'"))
          .containsExactly(List.of(1L));
    }
  }

  @Test
  void aBrokenModelFileIsRefusedNamingIt(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("broken.json");
    Files.writeString(model, "{\"views\": []}");
    try (Sql sql = new Sql(emulator, OneStreamAdapterOptions.builder().model(model).build())) {
      assertThatThrownBy(() -> sql.rows("SELECT * FROM cubeviews.ActualVsBudget"))
          .satisfies(e -> assertThat(PushdownTest.state(e)).isEqualTo("22023"))
          .hasStackTraceContaining("broken.json")
          .hasStackTraceContaining("cubeViews");
    }
  }
}
