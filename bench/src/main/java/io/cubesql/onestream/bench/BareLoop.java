package io.cubesql.onestream.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The floor the driver is compared with: {@code GetDataCellsFromCube} and its pages with nothing
 * but OkHttp and Jackson's streaming parser, every value decoded (a string as a {@code String}, a
 * number as a {@code double}), rows counted. Logs on and opens GolfStream once; the SessionInfo
 * stays in memory and is never printed.
 */
final class BareLoop {
  private static final JsonFactory JSON = new JsonFactory();
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .readTimeout(5, TimeUnit.MINUTES)
          .callTimeout(30, TimeUnit.MINUTES)
          .build();
  private final String api;
  private final String web;
  private final String pat;
  private String si;

  BareLoop(String baseUrl, String pat) {
    this.api = baseUrl + "/OneStreamApi/api/";
    this.web = baseUrl + "/OneStreamWeb";
    this.pat = pat;
  }

  private String si() throws IOException {
    if (si == null) {
      String logonSi =
          xfBytes(post("Authentication/Logon", "{\"BaseWebServerUrl\":\"" + web + "\"}", ""));
      si =
          xfBytes(
              post(
                  "Application/OpenApplication",
                  "{\"ApplicationName\":\"GolfStream\",\"SI\":{\"XfBytes\":\"" + logonSi + "\"}}",
                  ""));
    }
    return si;
  }

  private Response post(String route, String body, String query) throws IOException {
    Request request =
        new Request.Builder()
            .url(api + route + "?api-version=7.2.0" + query)
            .header("Authorization", "Bearer " + pat)
            .post(RequestBody.create(body, JSON_TYPE))
            .build();
    Response response = http.newCall(request).execute();
    if (response.code() != 200) {
      response.close();
      throw new IOException(route + " answered HTTP " + response.code());
    }
    return response;
  }

  private static String xfBytes(Response response) throws IOException {
    try (response;
        JsonParser p = JSON.createParser(response.body().byteStream())) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME && p.currentName().equalsIgnoreCase("XfBytes")) {
          p.nextToken();
          return p.getText();
        }
      }
    }
    throw new IOException("no SessionInfo");
  }

  /**
   * Reads every page of one {@code GetDataCellsFromCube} request and answers the rows.
   *
   * @param filter the {@code DataCellsFilter} fields by their wire names ({@code EntityFilter})
   */
  long cells(Map<String, String> filter) throws IOException {
    StringBuilder f = new StringBuilder();
    filter.forEach(
        (k, v) ->
            f.append(f.length() == 0 ? "" : ",")
                .append('"')
                .append(k)
                .append("\":\"")
                .append(v)
                .append('"'));
    String siJson = ",\"SI\":{\"XfBytes\":\"" + si() + "\"}";
    Response first =
        post(
            "Analytics/GetDataCellsFromCube",
            "{\"CubeName\":\"GolfStream\",\"IncludeDescriptions\":false,\"DataCellsFilter\":{"
                + f
                + "}"
                + siJson
                + "}",
            "");
    long[] pageInfo = new long[2]; // rows, total pages
    String requestId = readPage(first, pageInfo);
    long rows = pageInfo[0];
    long pages = pageInfo[1];
    for (int page = 2; page <= pages; page++) {
      Response next =
          post(
              "Analytics/GetDataRequest",
              "{\"IsSystemLevel\":\"False\",\"RequestId\":\"" + requestId + "\"" + siJson + "}",
              "&page=" + page);
      readPage(next, pageInfo);
      rows += pageInfo[0];
    }
    return rows;
  }

  /** Decodes the rows of one completed envelope; answers its request id. */
  private static String readPage(Response response, long[] out) throws IOException {
    String id = null;
    long rows = 0;
    try (response;
        JsonParser p = JSON.createParser(response.body().byteStream())) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals("RequestId")) {
          id = p.getText();
        } else if (name.equals("TotalPages")) {
          out[1] = p.getLongValue();
        } else if (name.equals("DataResult") && v == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
              if (t == JsonToken.VALUE_STRING) {
                p.getText();
              } else if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                p.getDoubleValue();
              }
            }
            rows++;
          }
        } else {
          p.skipChildren();
        }
      }
    }
    out[0] = rows;
    return id;
  }
}
