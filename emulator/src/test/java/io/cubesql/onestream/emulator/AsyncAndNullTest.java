package io.cubesql.onestream.emulator;

import static io.cubesql.onestream.emulator.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Switched-on assumptions: Analytics answers Running first; empty DataSets are JSON null. */
class AsyncAndNullTest {
  private static OneStreamEmulator emulator;
  private static TestClient client;
  private static String pat;
  private static String si;

  @BeforeAll
  static void start() {
    emulator = OneStreamEmulator.builder().asyncPolls(2).emptyResultAsNull(true).start();
    client = new TestClient(emulator);
    pat = emulator.adminPat();
    si = client.session(pat, "GolfStream");
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void firstPollsAnswerRunning() {
    JsonNode first =
        json(
            client.app(
                "Analytics/GetDataCellsFromCube",
                pat,
                si,
                "\"CubeName\": \"GolfStream\", \"DataCellsFilter\": {\"Scenario\": \"Actual\","
                    + " \"TimeFilter\": \"2024M1\", \"EntityFilter\": \"Houston\"}"));
    assertThat(first.get("Status").asText()).isEqualTo("Running");
    assertThat(first.get("DataResult").size()).isZero();
    String poll =
        "\"IsSystemLevel\": \"False\", \"RequestId\": \"" + first.get("RequestId").asText() + "\"";
    for (int i = 0; i < 2; i++) {
      assertThat(json(client.app("Analytics/GetDataRequest", pat, si, poll)).get("Status").asText())
          .as("poll %d", i + 1)
          .isEqualTo("Running");
    }
    JsonNode done = json(client.app("Analytics/GetDataRequest", pat, si, poll));
    assertThat(done.get("Status").asText()).isEqualTo("Completed");
    assertThat(done.get("DataResult").size()).isEqualTo(3 * 8 * 3 + 11);
  }

  @Test
  void emptyDataSetIsNull() {
    HttpResponse<String> r =
        client.app(
            "DataProvider/GetAdoDataSetForCubeViewCommand",
            pat,
            si,
            "\"CubeViewName\": \"ClubsDashboard\", \"ResultDataTableName\": \"T\"");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("null");
  }
}
