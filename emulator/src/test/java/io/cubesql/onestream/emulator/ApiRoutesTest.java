package io.cubesql.onestream.emulator;

import static io.cubesql.onestream.emulator.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routing, api-version, body rules, Logon, OpenApplication and application calls. */
class ApiRoutesTest {
  static FakeHost host;
  static OneStreamEmulator emulator;
  static TestClient client;
  static String pat;

  @BeforeAll
  static void start() {
    host = new FakeHost();
    emulator = OneStreamEmulator.builder().applicationHost(s -> host).start();
    client = new TestClient(emulator);
    pat = emulator.adminPat();
  }

  @AfterAll
  static void stop() {
    emulator.close();
    assertThat(host.closed).isTrue();
  }

  @Test
  void urls() {
    assertThat(emulator.baseUrl()).startsWith("http://127.0.0.1:");
    assertThat(emulator.apiUrl()).isEqualTo(emulator.baseUrl() + "/OneStreamApi");
    assertThat(emulator.webServerUrl()).isEqualTo(emulator.baseUrl() + "/OneStreamWeb");
    assertThat(emulator.adminPat()).hasSize(66);
    assertThat(emulator.users())
        .extracting(u -> u.name())
        .containsExactly("admin", "analyst", "viewer");
  }

  @Test
  void logonOpenApplicationAndCall() {
    HttpResponse<String> logon =
        client.call(
            "Authentication/Logon",
            "7.2.0",
            pat,
            "{\"BaseWebServerUrl\": \"" + emulator.webServerUrl() + "\"}");
    assertThat(logon.statusCode()).isEqualTo(200);
    assertThat(logon.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    JsonNode l = json(logon);
    assertThat(l.get("Message").asText()).isEqualTo("Logon succeeded.");
    assertThat(l.get("Authorized applications").toString())
        .isEqualTo("[\"GolfStream\",\"GolfStreamDemo_2022\"]");
    String logonSi = l.get("Logon SessionInfo").get("XfBytes").asText();
    assertThat(java.util.Base64.getDecoder().decode(logonSi)).hasSize(48);

    HttpResponse<String> open = client.openResponse(pat, logonSi, "golfstream");
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(json(open).get("Message").asText()).isEqualTo("Open application succeeded.");
    String appSi = json(open).get("Application SessionInfo").get("XfBytes").asText();

    HttpResponse<String> r =
        client.app(
            "DataProvider/GetAdoDataSetForCubeViewCommand", pat, appSi, "\"CubeViewName\": \"x\"");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode row = json(r).get("Table").get(0);
    assertThat(row.get("Route").asText()).isEqualTo("DataProvider/GetAdoDataSetForCubeViewCommand");
    assertThat(row.get("Application").asText()).isEqualTo("GolfStream");
    assertThat(row.get("User").asText()).isEqualTo("admin");
    assertThat(row.get("Version").asText()).isEqualTo("7.2.0");
  }

  @Test
  void pathPrefixAnyCaseOrAbsentAndBodyKeysAnyCase() {
    String si = client.session(pat, "GolfStream");
    String body = "{\"si\": {\"xfBytes\": \"" + si + "\"}}";
    for (String prefix : new String[] {"/OneStreamApi", "/Onestreamapi", "/OneStreamAPI", ""}) {
      String url =
          emulator.baseUrl() + prefix + "/api/analytics/getcubelist?api-version=7.2.0&Page=3";
      HttpResponse<String> r = client.post(url, pat, body);
      assertThat(r.statusCode()).as(prefix).isEqualTo(200);
      assertThat(json(r).get("Table").get(0).get("Page").asText()).isEqualTo("3");
    }
  }

  @Test
  void apiVersionMissingWrongOrNotAcceptedByRoute() {
    HttpResponse<String> missing =
        client.call("Authentication/LogonAndReturnCookie", null, pat, "{}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json(missing).get("Message").asText()).contains("api-version");

    HttpResponse<String> wrong =
        client.call("Authentication/LogonAndReturnCookie", "9.9.9", pat, "{}");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(json(wrong).get("Message").asText()).contains("9.9.9");

    HttpResponse<String> v5Logon =
        client.call(
            "Authentication/Logon",
            "5.2.0",
            pat,
            "{\"BaseWebServerUrl\": \"" + emulator.webServerUrl() + "\"}");
    assertThat(v5Logon.statusCode()).isEqualTo(400);
    assertThat(json(v5Logon).get("Message").asText()).contains("5.2.0");

    HttpResponse<String> probe =
        client.call("Authentication/LogonAndReturnCookie", "5.2.0", pat, "");
    assertThat(probe.statusCode()).isEqualTo(200);
    assertThat(json(probe).get("Message").asText()).isEqualTo("Logon succeeded.");
  }

  @Test
  void version52NeedsWebServerUrlAndApplication() {
    String ok =
        "{\"BaseWebServerUrl\": \""
            + emulator.webServerUrl()
            + "\", \"ApplicationName\": \"GolfStreamDemo_2022\"}";
    HttpResponse<String> r = client.call("DataManagement/ExecuteSequence", "5.2.0", pat, ok);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("Table").get(0).get("Application").asText())
        .isEqualTo("GolfStreamDemo_2022");

    assertThat(
            client
                .call(
                    "DataManagement/ExecuteSequence",
                    "5.2.0",
                    pat,
                    "{\"ApplicationName\": \"GolfStream\"}")
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> relative =
        client.call(
            "DataManagement/ExecuteSequence",
            "5.2.0",
            pat,
            "{\"BaseWebServerUrl\": \"/OneStreamWeb\", \"ApplicationName\": \"GolfStream\"}");
    assertThat(relative.statusCode()).isEqualTo(400);
    assertThat(json(relative).get("Message").asText()).contains("BaseWebServerUrl");
    HttpResponse<String> noApp =
        client.call(
            "DataManagement/ExecuteSequence",
            "5.2.0",
            pat,
            "{\"BaseWebServerUrl\": \""
                + emulator.webServerUrl()
                + "\", \"ApplicationName\": \"Nope\"}");
    assertThat(noApp.statusCode()).isEqualTo(400);
    assertThat(json(noApp).get("Message").asText()).isEqualTo("Application 'Nope' does not exist.");
  }

  @Test
  void version72NeedsApplicationSi() {
    String logonSi = client.logon(pat);
    HttpResponse<String> r = client.app("Analytics/GetCubeList", pat, logonSi, "");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("Message").asText())
        .isEqualTo(
            "The SessionInfo has no open application; call Application/OpenApplication first.");

    HttpResponse<String> noSi = client.call("Analytics/GetCubeList", "7.2.0", pat, "{}");
    assertThat(noSi.statusCode()).isEqualTo(400);
    assertThat(json(noSi).get("Message").asText()).contains("SI");

    HttpResponse<String> unknown = client.app("Analytics/GetCubeList", pat, "AAAA", "");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(json(unknown).get("Message").asText())
        .isEqualTo("Session is invalid or has expired.");
  }

  @Test
  void openApplicationErrors() {
    String logonSi = client.logon(pat);
    HttpResponse<String> nope = client.openResponse(pat, logonSi, "Nope");
    assertThat(nope.statusCode()).isEqualTo(400);
    assertThat(json(nope).get("Message").asText()).isEqualTo("Application 'Nope' does not exist.");
    HttpResponse<String> noSi =
        client.call(
            "Application/OpenApplication", "7.2.0", pat, "{\"ApplicationName\": \"GolfStream\"}");
    assertThat(noSi.statusCode()).isEqualTo(400);
  }

  @Test
  void unauthorizedApplicationAndAdministratorRole() {
    String viewer = emulator.issuePat("viewer", Duration.ofHours(1));
    HttpResponse<String> open = client.openResponse(viewer, client.logon(viewer), "GolfStream");
    assertThat(open.statusCode()).isEqualTo(403);
    String v5 =
        "{\"BaseWebServerUrl\": \""
            + emulator.webServerUrl()
            + "\", \"ApplicationName\": \"GolfStream\"}";
    assertThat(
            client.call("DataProvider/GetAdoDataSetForAdapter", "5.2.0", viewer, v5).statusCode())
        .isEqualTo(403);

    String analyst = emulator.issuePat("analyst", Duration.ofHours(1));
    String si = client.session(analyst, "GolfStream");
    HttpResponse<String> sql =
        client.app(
            "DataProvider/GetAdoDataSetForSqlCommand", analyst, si, "\"SqlQuery\": \"select 1\"");
    assertThat(sql.statusCode()).isEqualTo(403);
    assertThat(json(sql).get("Message").asText())
        .isEqualTo("Security Access Error. The user does not have the Administrator role.");
    assertThat(
            client
                .call("DataProvider/GetAdoDataSetForMethodCommand", "5.2.0", analyst, v5)
                .statusCode())
        .isEqualTo(403);
    assertThat(client.app("DataProvider/GetAdoDataSetForAdapter", analyst, si, "").statusCode())
        .isEqualTo(200);
    String adminSi = client.session(pat, "GolfStream");
    assertThat(client.app("DataProvider/GetAdoDataSetForSqlCommand", pat, adminSi, "").statusCode())
        .isEqualTo(200);
  }

  @Test
  void siOfAnotherUserIsRefused() {
    String analyst = emulator.issuePat("analyst", Duration.ofHours(1));
    String adminSi = client.session(pat, "GolfStream");
    HttpResponse<String> r = client.app("Analytics/GetCubeList", analyst, adminSi, "");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(json(r).get("Message").asText()).isEqualTo("Session is invalid or has expired.");
    assertThat(client.openResponse(analyst, client.logon(pat), "GolfStream").statusCode())
        .isEqualTo(401);
  }

  @Test
  void unknownRouteWrongMethodAndBadJson() {
    HttpResponse<String> r = client.call("DataProvider/Nope", "7.2.0", pat, "{}");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("Message").asText())
        .startsWith("No HTTP resource was found that matches the request URI '")
        .contains("/api/DataProvider/Nope");
    assertThat(client.post(emulator.baseUrl() + "/elsewhere", pat, "{}").statusCode())
        .isEqualTo(404);

    HttpResponse<String> get =
        client.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        emulator.apiUrl() + "/api/Authentication/Logon?api-version=7.2.0"))
                .header("Authorization", "Bearer " + pat)
                .GET()
                .build());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(json(get).get("Message").asText()).contains("GET");

    HttpResponse<String> bad = client.call("Authentication/Logon", "7.2.0", pat, "{not json");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("Message").asText()).isEqualTo("The request body is not valid JSON.");
    HttpResponse<String> array = client.call("Authentication/Logon", "7.2.0", pat, "[1]");
    assertThat(array.statusCode()).isEqualTo(400);
    HttpResponse<String> noUrl = client.call("Authentication/Logon", "7.2.0", pat, "{}");
    assertThat(noUrl.statusCode()).isEqualTo(400);
    assertThat(json(noUrl).get("Message").asText()).contains("BaseWebServerUrl");
  }

  @Test
  void hostErrorsBecomeMessages() {
    String si = client.session(pat, "GolfStream");
    HttpResponse<String> api = client.app("Analytics/GetCubeList", pat, si, "\"Fail\": \"api\"");
    assertThat(api.statusCode()).isEqualTo(400);
    assertThat(json(api).get("Message").asText()).isEqualTo("Cube view 'Nope' does not exist.");
    HttpResponse<String> rt = client.app("Analytics/GetCubeList", pat, si, "\"Fail\": \"runtime\"");
    assertThat(rt.statusCode()).isEqualTo(500);
    assertThat(json(rt).get("Message").asText()).isEqualTo("An error has occurred.");
    assertThat(json(rt).get("Detail").asText()).isEqualTo("boom");
  }

  @Test
  void gzipWhenAsked() throws Exception {
    String si = client.session(pat, "GolfStream");
    java.net.http.HttpRequest req =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(
                    emulator.apiUrl() + "/api/Analytics/GetCubeList?api-version=7.2.0"))
            .header("Authorization", "Bearer " + pat)
            .header("Content-Type", "application/json")
            .header("Accept-Encoding", "gzip")
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofString(
                    "{\"SI\": {\"XfBytes\": \"" + si + "\"}, \"Rows\": 2000}"))
            .build();
    HttpResponse<byte[]> r = client.http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    byte[] plain;
    try (java.util.zip.GZIPInputStream in =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
      plain = in.readAllBytes();
    }
    assertThat(r.body().length).isLessThan(plain.length);
    JsonNode table = TestClient.JSON.readTree(plain).get("Table");
    assertThat(table.size()).isEqualTo(2000);
    assertThat(table.get(1999).get("Row").asInt()).isEqualTo(1999);
  }
}
