package io.cubesql.onestream.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The emulator's own demo: starts GolfStream on a free port and queries the {@code ActualVsBudget}
 * cube view over HTTP as a client would (Logon, OpenApplication, GetAdoDataSetForCubeViewCommand),
 * prints the grid, and stops.
 */
final class EmulatorDemo {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OneStreamEmulator emulator;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  EmulatorDemo(OneStreamEmulator emulator) {
    this.emulator = emulator;
  }

  void run(PrintWriter out, String entity, String time) throws IOException, InterruptedException {
    String pat = emulator.adminPat();
    JsonNode logon =
        post(
            pat,
            "Authentication/Logon",
            "{\"BaseWebServerUrl\": \"" + emulator.webServerUrl() + "\"}");
    String logonSi = logon.get("Logon SessionInfo").get("XfBytes").asText();
    JsonNode open =
        post(
            pat,
            "Application/OpenApplication",
            "{\"ApplicationName\": \"GolfStream\", \"SI\": {\"XfBytes\": \"" + logonSi + "\"}}");
    String si = open.get("Application SessionInfo").get("XfBytes").asText();
    ObjectMapper m = JSON;
    String vars = "Entity=[" + entity + "],Time=[" + time + "]";
    String body =
        m.createObjectNode()
            .put("CubeViewName", "ActualVsBudget")
            .put("DataTablePerCubeViewRow", false)
            .put("ResultDataTableName", "ActualVsBudget")
            .put("CustomSubstVarsAsCommaSeparatedPairs", vars)
            .set("SI", m.createObjectNode().put("XfBytes", si))
            .toString();
    JsonNode rows =
        post(pat, "DataProvider/GetAdoDataSetForCubeViewCommand", body).get("ActualVsBudget");
    out.printf("Cube view ActualVsBudget, %s, %s (GolfStream, local currency)%n", entity, time);
    out.printf("%-28s %14s %14s %14s%n", "Account", "Actual", "Budget", "Variance");
    for (JsonNode row : rows) {
      out.printf(
          Locale.ROOT,
          "%-28s %,14.2f %,14.2f %,14.2f%n",
          "  ".repeat(row.get("RowHdr0Indent").asInt()) + row.get("RowHdr0Name").asText(),
          row.get("Col0Value").asDouble(),
          row.get("Col1Value").asDouble(),
          row.get("Col2Value").asDouble());
    }
    out.printf("%d rows. Parent rows (less indented) include their children.%n", rows.size());
  }

  private JsonNode post(String pat, String route, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(emulator.apiUrl() + "/api/" + route + "?api-version=7.2.0"))
            .header("Authorization", "Bearer " + pat)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> r =
        http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (r.statusCode() != 200) {
      throw new IOException(route + " answered HTTP " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
