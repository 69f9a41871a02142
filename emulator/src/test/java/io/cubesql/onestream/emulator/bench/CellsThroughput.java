package io.cubesql.onestream.emulator.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A benchmark, not a test: reads every cell of the GolfStream cube through {@code
 * Analytics/GetDataCellsFromCube} and its pages from a running emulator, and prints cells per
 * second. Usage: {@code CellsThroughput BASE_URL PAT [ROUNDS]}.
 */
public final class CellsThroughput {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = new JsonFactory();

  private CellsThroughput() {}

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String pat = args[1];
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    HttpClient http = HttpClient.newHttpClient();
    String web = base + "/OneStreamWeb";
    JsonNode logon =
        JSON.readTree(
            post(
                http,
                base,
                pat,
                "Authentication/Logon",
                "{\"BaseWebServerUrl\": \"" + web + "\"}"));
    String logonSi = logon.get("Logon SessionInfo").get("XfBytes").asText();
    JsonNode open =
        JSON.readTree(
            post(
                http,
                base,
                pat,
                "Application/OpenApplication",
                "{\"ApplicationName\": \"GolfStream\", \"SI\": {\"XfBytes\": \""
                    + logonSi
                    + "\"}}"));
    String si = open.get("Application SessionInfo").get("XfBytes").asText();
    for (int round = 1; round <= rounds; round++) {
      long t0 = System.nanoTime();
      long[] first =
          readPage(
              http,
              base,
              pat,
              "Analytics/GetDataCellsFromCube",
              "{\"CubeName\": \"GolfStream\", \"IncludeDescriptions\": false, \"DataCellsFilter\": {},"
                  + " \"SI\": {\"XfBytes\": \""
                  + si
                  + "\"}}",
              null);
      long cells = first[0];
      long firstMs = (System.nanoTime() - t0) / 1_000_000;
      String requestId = lastRequestId;
      for (int page = 2; page <= first[1]; page++) {
        cells +=
            readPage(
                http,
                base,
                pat,
                "Analytics/GetDataRequest",
                "{\"IsSystemLevel\": \"False\", \"RequestId\": \""
                    + requestId
                    + "\","
                    + " \"SI\": {\"XfBytes\": \""
                    + si
                    + "\"}}",
                page)[0];
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "round %d: %,d cells in %d pages, %.2f s (first page after %d ms): %,.0f cells/s%n",
          round, cells, first[1], s, firstMs, cells / s);
    }
  }

  private static String lastRequestId;

  /** Streams one envelope, counting DataResult rows; returns {rows, totalPages}. */
  private static long[] readPage(
      HttpClient http, String base, String pat, String route, String body, Integer page)
      throws IOException, InterruptedException {
    String url =
        base
            + "/OneStreamApi/api/"
            + route
            + "?api-version=7.2.0"
            + (page == null ? "" : "&page=" + page);
    HttpResponse<InputStream> r =
        http.send(request(url, pat, body), HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() != 200) {
      throw new IOException(route + " answered " + r.statusCode());
    }
    long rows = 0;
    long pages = 0;
    try (InputStream in = r.body();
        JsonParser p = FACTORY.createParser(in)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (field.equals("DataResult")) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            p.skipChildren();
            rows++;
          }
        } else if (field.equals("TotalPages")) {
          pages = p.getLongValue();
        } else if (field.equals("RequestId")) {
          lastRequestId = p.getText();
        } else {
          p.skipChildren();
        }
      }
    }
    return new long[] {rows, pages};
  }

  private static String post(HttpClient http, String base, String pat, String route, String body)
      throws IOException, InterruptedException {
    return http.send(
            request(base + "/OneStreamApi/api/" + route + "?api-version=7.2.0", pat, body),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static HttpRequest request(String url, String pat, String body) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + pat)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
