package io.cubesql.onestream.emulator;

import static io.cubesql.onestream.emulator.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubesql.onestream.emulator.internal.api.Route;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every sample request of onestream-api.md, against the GolfStream application: each is accepted
 * and answered in the documented shape, and the documented errors come with their status and a
 * {@code Message}.
 */
@ExtendWith(GolfStreamEmulator.class)
class ContractTest {
  private OneStreamEmulator emulator;
  private TestClient client;
  private String pat;
  private String si;

  @BeforeEach
  void session(OneStreamEmulator emulator) {
    this.emulator = emulator;
    client = new TestClient(emulator);
    pat = emulator.adminPat();
    si = client.session(pat, "GolfStream");
  }

  private JsonNode ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r);
  }

  private static void error(HttpResponse<String> r, int status, String messagePart) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(json(r).get("Message").asText()).contains(messagePart);
  }

  private String v5(String fields) {
    return "{\"BaseWebServerUrl\": \""
        + emulator.webServerUrl()
        + "\", \"ApplicationName\": \"GolfStream\", "
        + fields
        + "}";
  }

  @Test
  void logonAndOpenApplication() {
    JsonNode logon =
        ok(
            client.call(
                "Authentication/Logon",
                "7.2.0",
                pat,
                "{\"BaseWebServerUrl\": \"" + emulator.webServerUrl() + "\"}"));
    assertThat(logon.get("Message").asText()).isEqualTo("Logon succeeded.");
    assertThat(logon.get("Authorized applications").toString())
        .isEqualTo("[\"GolfStream\",\"GolfStreamDemo_2022\"]");
    String logonSi = logon.get("Logon SessionInfo").get("XfBytes").asText();
    JsonNode open = ok(client.openResponse(pat, logonSi, "GolfStream"));
    assertThat(open.get("Message").asText()).isEqualTo("Open application succeeded.");
    assertThat(open.get("Application SessionInfo").get("XfBytes").asText()).isNotBlank();
    JsonNode probe = ok(client.call("Authentication/LogonAndReturnCookie", "5.2.0", pat, "{}"));
    assertThat(probe.get("Message").asText()).isEqualTo("Logon succeeded.");
  }

  @Test
  void cubeViewReportingTable() {
    JsonNode body =
        ok(
            client.app(
                "DataProvider/GetAdoDataSetForCubeViewCommand",
                pat,
                si,
                "\"CubeViewName\": \"ActualVsBudget\", \"DataTablePerCubeViewRow\": false,"
                    + " \"ResultDataTableName\": \"Results\","
                    + " \"CustomSubstVarsAsCommaSeparatedPairs\": \"Entity=[Houston],Time=[2024M3]\","
                    + " \"CubeViewDataTableOptions\": {\"IncludeTitle\": false,"
                    + " \"IncludeMemberDetails\": true}"));
    JsonNode rows = body.get("Results");
    assertThat(rows.size()).isEqualTo(14);
    JsonNode first = rows.get(0);
    // Attested columns, then the assumed ones of the same family.
    for (String column :
        List.of(
            "RowHdr0NameAndDesc",
            "RowHdr0Indent",
            "Col0Hdr0NameAndDesc",
            "Col0Value",
            "Col1Hdr0NameAndDesc",
            "Col1Value",
            "Col2Hdr0NameAndDesc",
            "Col2Value",
            "RowHdr0Name",
            "RowHdr0Desc",
            "RowHdr0Dim",
            "Col0Hdr0Dim")) {
      assertThat(first.has(column)).as(column).isTrue();
    }
    assertThat(first.get("RowHdr0NameAndDesc").asText()).isEqualTo("Net Income");
    assertThat(first.get("RowHdr0Dim").asText()).isEqualTo("Account");
    assertThat(first.get("RowHdr0Indent").asInt()).isZero();
    assertThat(first.get("Col0Value").isNumber()).isTrue();
    assertThat(rows.get(1).get("RowHdr0Indent").asInt()).isEqualTo(1);
    // The same call on 5.2.0 names BaseWebServerUrl and ApplicationName instead of SI.
    JsonNode v5 =
        ok(
            client.call(
                "DataProvider/GetAdoDataSetForCubeViewCommand",
                "5.2.0",
                pat,
                v5(
                    "\"CubeViewName\": \"ActualVsBudget\", \"DataTablePerCubeViewRow\": \"False\","
                        + " \"ResultDataTableName\": \"Results\","
                        + " \"CustomSubstVarsAsCommaSeparatedPairs\":"
                        + " \"Entity=[Houston],Time=[2024M3]\"")));
    assertThat(v5.get("Results").size()).isEqualTo(14);
    assertThat(v5.get("Results").get(3).get("Col0Value")).isEqualTo(rows.get(3).get("Col0Value"));
  }

  @Test
  void cubeViewShapes() {
    JsonNode nested =
        ok(
            client.app(
                "DataProvider/GetAdoDataSetForCubeViewCommand",
                pat,
                si,
                "\"CubeViewName\": \"EntityAccountDetail\", \"DataTablePerCubeViewRow\": true,"
                    + " \"ResultDataTableName\": \"T\""));
    JsonNode rows = nested.get("T_ClubsByAccount");
    assertThat(rows.size()).isEqualTo(3 * 7);
    assertThat(rows.get(0).get("RowHdr0Name").asText()).isEqualTo("Augusta");
    assertThat(rows.get(0).get("RowHdr1Name").asText()).isEqualTo("Gross Margin");
    assertThat(rows.get(1).get("RowHdr1Indent").asInt()).isEqualTo(1);
    JsonNode months =
        ok(
            client.app(
                "DataProvider/GetAdoDataSetForCubeViewCommand",
                pat,
                si,
                "\"CubeViewName\": \"MonthlySalesByProduct\", \"ResultDataTableName\": \"T\","
                    + " \"CustomSubstVarsAsCommaSeparatedPairs\": \"Year=[2024]\""));
    JsonNode firstRow = months.get("T").get(0);
    assertThat(firstRow.get("Col0Hdr0Name").asText()).isEqualTo("2024M1");
    assertThat(firstRow.get("Col11Hdr0Name").asText()).isEqualTo("2024M12");
    assertThat(firstRow.has("Col12Value")).isFalse();
    JsonNode named =
        ok(
            client.app(
                "DataProvider/GetAdoDataSetForCubeViewCommand",
                pat,
                si,
                "\"CubeViewName\": \"QuarterlySummary\", \"ResultDataTableName\": \"T\""));
    List<String> headers = new ArrayList<>();
    named.get("T").forEach(r -> headers.add(r.get("RowHdr0NameAndDesc").asText()));
    assertThat(headers).containsExactly("Revenue", "Cost of Sales", "Opex", "Bottom Line");
    assertThat(named.get("T").get(0).get("Col4Hdr0Name").asText()).isEqualTo("Full Year");
  }

  @Test
  void secondApplicationOpensOnFirstUse() {
    String demoSi = client.session(pat, "golfstreamdemo_2022");
    JsonNode body =
        ok(
            client.app(
                "DataProvider/GetAdoDataSetForCubeViewCommand",
                pat,
                demoSi,
                "\"CubeViewName\": \"ActualVsBudget\", \"ResultDataTableName\": \"T\""));
    // Its years are 2021-2022; the cube view's default Time follows them (2022M3).
    assertThat(body.get("T").size()).isEqualTo(14);
    String viewer = emulator.issuePat("viewer", Duration.ofHours(1));
    error(client.openResponse(viewer, client.logon(viewer), "GolfStream"), 403, "");
  }

  @Test
  void parameterValuesThatBreakThePovAreBadRequests() {
    for (String vars : List.of("Entity=[US Clubs.Base]", "Entity=[Houston:S#Budget]")) {
      error(
          client.app(
              "DataProvider/GetAdoDataSetForCubeViewCommand",
              pat,
              si,
              "\"CubeViewName\": \"ActualVsBudget\", \"CustomSubstVarsAsCommaSeparatedPairs\": \""
                  + vars
                  + "\""),
          400,
          "do not fit its POV");
    }
  }

  @Test
  void dashboardParameterGivesNoRows() {
    JsonNode body =
        ok(
            client.app(
                "DataProvider/GetAdoDataSetForCubeViewCommand",
                pat,
                si,
                "\"CubeViewName\": \"ClubsDashboard\", \"ResultDataTableName\": \"T\""));
    assertThat(body.get("T").size()).isZero();
  }

  @Test
  void adapterSqlAndMethod() {
    JsonNode adapter =
        ok(
            client.app(
                "DataProvider/GetAdoDataSetForAdapter",
                pat,
                si,
                "\"IsSystemLevel\": \"True\", \"AdapterName\": \"Sales Mix (WF)\","
                    + " \"ResultDataTableName\": \"Mix\", \"CustomSubstVarsAsCommaSeparatedPairs\":"
                    + " \"Scenario=[Actual],Time=[2024M3],Entity=[Houston]\""));
    assertThat(adapter.get("Mix").size()).isEqualTo(8);
    assertThat(adapter.get("Mix").get(0).get("Product").asText()).isEqualTo("Drivers");
    error(
        client.app(
            "DataProvider/GetAdoDataSetForAdapter",
            pat,
            si,
            "\"IsSystemLevel\": false, \"AdapterName\": \"Sales Mix (WF)\""),
        400,
        "does not exist");
    JsonNode sql =
        ok(
            client.app(
                "DataProvider/GetAdoDataSetForSqlCommand",
                pat,
                si,
                "\"SqlQuery\": \"SELECT Name FROM cubeviewitem ORDER BY Name\","
                    + " \"DbLocation\": \"Application\", \"XFExternalDBConnectionName\": \"\","
                    + " \"ResultDataTableName\": \"CubeViews\""));
    assertThat(sql.get("CubeViews").toString()).contains("\"ActualVsBudget\"");
    for (String table :
        List.of(
            "Member",
            "cubeviewitem",
            "DashboardAdapter",
            "DataMgmtGroup",
            "DataMgmtStep",
            "DataMgmtSequence")) {
      ok(
          client.app(
              "DataProvider/GetAdoDataSetForSqlCommand",
              pat,
              si,
              "\"SqlQuery\": \"SELECT TOP 1 * FROM "
                  + table
                  + "\", \"DbLocation\": \"Application\""));
    }
    error(
        client.app(
            "DataProvider/GetAdoDataSetForSqlCommand",
            pat,
            si,
            "\"SqlQuery\": \"DELETE FROM DataCell\", \"DbLocation\": \"Application\""),
        500,
        "The SQL command failed.");
    // One statement only; and what a statement sets does not outlive it.
    error(
        client.app(
            "DataProvider/GetAdoDataSetForSqlCommand",
            pat,
            si,
            "\"SqlQuery\": \"SELECT 1 x; SET SCHEMA INFORMATION_SCHEMA\","
                + " \"DbLocation\": \"Application\""),
        400,
        "one SQL statement");
    error(
        client.app(
            "DataProvider/GetAdoDataSetForSqlCommand",
            pat,
            si,
            "\"SqlQuery\": \"SET SCHEMA INFORMATION_SCHEMA\", \"DbLocation\": \"Application\""),
        500,
        "The SQL command failed.");
    assertThat(
            ok(client.app(
                    "DataProvider/GetAdoDataSetForSqlCommand",
                    pat,
                    si,
                    "\"SqlQuery\": \"SELECT COUNT(*) AS N FROM Member\","
                        + " \"DbLocation\": \"Application\", \"ResultDataTableName\": \"C\""))
                .get("C")
                .get(0)
                .get("N")
                .asInt())
        .isGreaterThan(100);
    JsonNode method =
        ok(
            client.app(
                "DataProvider/GetAdoDataSetForMethodCommand",
                pat,
                si,
                "\"XFCommandMethodType\": \"Members\", \"MethodQuery\": \"{Entity}{[US Clubs].Base}\","
                    + " \"ResultDataTableName\": \"M\""));
    assertThat(method.get("M").size()).isEqualTo(3);
  }

  @Test
  void analyticsRoutes() {
    JsonNode cubes =
        ok(client.app("Analytics/GetCubeList", pat, si, "\"IsSystemLevel\": \"False\""));
    assertThat(cubes.get("Status").asText()).isEqualTo("Completed");
    assertThat(cubes.get("RequestId").asText()).isNotBlank();
    assertThat(cubes.get("DataResult").get(0).get("CubeName").asText()).isEqualTo("GolfStream");
    JsonNode hierarchy =
        ok(
            client.app(
                "Analytics/GetDimensionHierarchy",
                pat,
                si,
                "\"CubeName\": \"GolfStream\", \"DimensionType\": \"Entity\","
                    + " \"ScenarioType\": \"All\", \"IncludeDescriptions\": true"));
    assertThat(hierarchy.get("DataResult").toString())
        .contains("{\"Dimension\":\"Entity\",\"Parent\":\"US Clubs\",\"Member\":\"Houston\"");
    JsonNode properties =
        ok(
            client.app(
                "Analytics/GetMemberPropertiesForDimension",
                pat,
                si,
                "\"CubeName\": \"GolfStream\", \"DimensionType\": \"Entity\","
                    + " \"ScenarioType\": \"All\", \"IncludeDescriptions\": true"));
    assertThat(properties.get("DataResult").toString()).contains("\"Currency\":\"CAD\"");
    JsonNode adapter =
        ok(
            client.app(
                "Analytics/GetDataAdapter",
                pat,
                si,
                "\"IsSystemLevel\": \"False\", \"AdapterName\": \"ActualVsBudget Adapter\","
                    + " \"ResultDataTableName\": \"T\""));
    assertThat(adapter.get("DataResult").size()).isEqualTo(14);
  }

  @Test
  void dataCellsArePagedThroughGetDataRequest() {
    JsonNode first =
        ok(
            client.app(
                "Analytics/GetDataCellsFromCube",
                pat,
                si,
                "\"CubeName\": \"GolfStream\", \"IncludeDescriptions\": true,"
                    + " \"DataCellsFilter\": {\"Scenario\": \"Actual\", \"Currency\": \"Local\","
                    + " \"View\": \"Periodic\", \"TimeFilter\": \"2024.Base\","
                    + " \"EntityFilter\": \"Houston, Augusta\"}"));
    int pages = first.get("TotalPages").asInt();
    // 2 entities x (12 months x (3 product accounts x 8 products x 3 channels + 11 others)
    // + 1 year-end adjustment), 1000 a page
    assertThat(pages).isEqualTo(2);
    JsonNode row = first.get("DataResult").get(0);
    for (String column :
        List.of(
            "Entity",
            "Consolidation",
            "Scenario",
            "Time",
            "Time_StartDate",
            "Time_EndDate",
            "View",
            "Account",
            "Flow",
            "Origin",
            "IC",
            "UD1",
            "UD8",
            "CellValue",
            "Entity_Desc")) {
      assertThat(row.has(column)).as(column).isTrue();
    }
    assertThat(row.get("Time_StartDate").asText()).isEqualTo("2024-01-01T00:00:00");
    String id = first.get("RequestId").asText();
    JsonNode second =
        ok(
            client.post(
                emulator.apiUrl() + "/api/Analytics/GetDataRequest?api-version=7.2.0&page=2",
                pat,
                "{\"IsSystemLevel\": \"False\", \"RequestId\": \""
                    + id
                    + "\", \"SI\":"
                    + " {\"XfBytes\": \""
                    + si
                    + "\"}}"));
    assertThat(first.get("DataResult").size() + second.get("DataResult").size())
        .isEqualTo(2 * (12 * (3 * 8 * 3 + 11) + 1));
    error(
        client.app("Analytics/GetDataRequest", pat, si, "\"RequestId\": \"nope\""),
        400,
        "Request: nope was not found or has expired.");
  }

  @Test
  void documentedErrors() {
    error(client.call("Authentication/Logon", "9.9.9", pat, "{}"), 400, "9.9.9");
    error(client.call("Authentication/Logon", "7.2.0", null, "{}"), 401, "denied");
    String expired = emulator.issuePat("admin", Duration.ofSeconds(-1));
    error(
        client.call(
            "Authentication/Logon",
            "7.2.0",
            expired,
            "{\"BaseWebServerUrl\": \"" + emulator.webServerUrl() + "\"}"),
        401,
        "expired");
    String logonSi = client.logon(pat);
    error(
        client.app(
            "DataProvider/GetAdoDataSetForCubeViewCommand",
            pat,
            logonSi,
            "\"CubeViewName\": \"ActualVsBudget\""),
        400,
        "OpenApplication");
    String analyst = emulator.issuePat("analyst", Duration.ofHours(1));
    String analystSi = client.session(analyst, "GolfStream");
    error(
        client.app(
            "DataProvider/GetAdoDataSetForSqlCommand",
            analyst,
            analystSi,
            "\"SqlQuery\": \"SELECT 1\", \"DbLocation\": \"Application\""),
        403,
        "Administrator");
    error(
        client.app(
            "DataProvider/GetAdoDataSetForCubeViewCommand",
            pat,
            si,
            "\"CubeViewName\": \"NoSuchView\""),
        400,
        "'NoSuchView' does not exist");
    assertThat(emulator.requestLog().entries(Route.SQL)).isNotEmpty();
  }
}
