package io.cubesql.onestream.emulator;

import static io.cubesql.onestream.emulator.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubesql.onestream.emulator.internal.app.GolfStreamHost;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DataManagement through the API: 5.2.0 waits, 7.2.0 call state polls, no concurrent rerun. */
class DataManagementApiTest {
  private static OneStreamEmulator emulator;
  private static TestClient client;
  private static String pat;

  @BeforeAll
  static void start() {
    emulator = OneStreamEmulator.builder().callState(true).start();
    client = new TestClient(emulator);
    pat = emulator.adminPat();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static String v5(String fields) {
    return "{\"BaseWebServerUrl\": \""
        + emulator.webServerUrl()
        + "\", \"ApplicationName\": \"GolfStream\", "
        + fields
        + "}";
  }

  private static JsonNode totalGolfStream(String si) {
    HttpResponse<String> r =
        client.app(
            "DataProvider/GetAdoDataSetForCubeViewCommand",
            pat,
            si,
            "\"CubeViewName\": \"ActualVsBudget\", \"ResultDataTableName\": \"T\","
                + " \"CustomSubstVarsAsCommaSeparatedPairs\":"
                + " \"Entity=[Total GolfStream],Time=[2024M3]\"");
    // With call state on, 7.2.0 DataProvider answers the envelope; it completes at once.
    JsonNode envelope = json(r);
    assertThat(envelope.get("Status").asText()).isEqualTo("Completed");
    return envelope.get("DataResult").get("T");
  }

  private static String salesMix(String si) {
    HttpResponse<String> r =
        client.call(
            "DataProvider/GetAdoDataSetForAdapter",
            "5.2.0",
            pat,
            v5(
                "\"IsSystemLevel\": true, \"AdapterName\": \"Sales Mix (WF)\","
                    + " \"ResultDataTableName\": \"Mix\","
                    + " \"CustomSubstVarsAsCommaSeparatedPairs\":"
                    + " \"Scenario=[Actual],Time=[2024M3],Entity=[Houston]\""));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  @Test
  void sequenceOn520AnswersWhenDoneAndParentsGetData() {
    String si = client.session(pat, "GolfStream");
    assertThat(totalGolfStream(si).size()).as("no parent data before consolidation").isZero();
    String mixBefore = salesMix(si);
    HttpResponse<String> r =
        client.call(
            "DataManagement/ExecuteSequence",
            "5.2.0",
            pat,
            v5(
                "\"SequenceName\": \"NightlyConsolidation\","
                    + " \"CustomSubstVarsAsCommaSeparatedPairs\": \"Time=[2024M3]\""));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).get("Message").asText())
        .isEqualTo("Data Management Sequence [NightlyConsolidation] was completed");
    JsonNode rows = totalGolfStream(si);
    assertThat(rows.size()).isEqualTo(14);
    // Translated copies of a base entity's cells do not leak into what reads Local.
    assertThat(salesMix(si)).isEqualTo(mixBefore);
    assertThat(rows.get(0).get("Col0Value").isNumber()).isTrue();
    HttpResponse<String> step =
        client.call(
            "DataManagement/ExecuteStep",
            "5.2.0",
            pat,
            v5(
                "\"DataManagementGroupName\": \"Consolidation\", \"StepName\":"
                    + " \"Consolidate GolfStream\", \"CustomSubstVarsAsCommaSeparatedPairs\":"
                    + " \"Time=[2024M4]\""));
    assertThat(step.statusCode()).as(step.body()).isEqualTo(200);
    assertThat(json(step).get("Message").asText())
        .isEqualTo("Data Management Step [Consolidate GolfStream] was completed");
    HttpResponse<String> unknown =
        client.call(
            "DataManagement/ExecuteSequence", "5.2.0", pat, v5("\"SequenceName\": \"Nope\""));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).get("Message").asText()).contains("'Nope' does not exist");
  }

  @Test
  void callStateOn720PollsAndRefusesASecondRun() throws Exception {
    GolfStreamHost host = (GolfStreamHost) emulator.applicationHost();
    host.dataManagement("GolfStream").setStepDelay(Duration.ofMillis(800));
    try {
      String si = client.session(pat, "GolfStream");
      String body = "\"SequenceName\": \"NightlyConsolidation\"";
      JsonNode first = json(client.app("DataManagement/ExecuteSequence", pat, si, body));
      assertThat(first.get("Status").asText()).isEqualTo("Running");
      String id = first.get("RequestId").asText();
      HttpResponse<String> second = client.app("DataManagement/ExecuteSequence", pat, si, body);
      assertThat(second.statusCode()).isEqualTo(409);
      assertThat(json(second).get("Message").asText())
          .isEqualTo("Data Management Sequence [NightlyConsolidation] is already running.");
      JsonNode poll = null;
      for (int i = 0; i < 300; i++) {
        poll =
            json(client.app("Analytics/GetDataRequest", pat, si, "\"RequestId\": \"" + id + "\""));
        if (poll.get("Status").asText().equals("Completed")) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(poll.get("Status").asText()).isEqualTo("Completed");
      assertThat(poll.get("DataResult").get(0).get("Message").asText())
          .isEqualTo("Data Management Sequence [NightlyConsolidation] was completed");
    } finally {
      host.dataManagement("GolfStream").setStepDelay(Duration.ZERO);
    }
  }
}
