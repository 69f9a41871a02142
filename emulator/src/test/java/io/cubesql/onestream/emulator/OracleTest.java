package io.cubesql.onestream.emulator;

import static io.cubesql.onestream.emulator.TestClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.cubesql.onestream.emulator.internal.app.GolfStreamHost;
import io.cubesql.onestream.emulator.internal.data.AppDatabase;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cube view and Analytics answers against an oracle: SQL over the H2 cells, with account and
 * product rollups computed by recursive queries over the relationships, written apart from the
 * engine.
 */
@ExtendWith(GolfStreamEmulator.class)
class OracleTest {
  /** Sum of cells, weighted along the account, UD1 and UD2 trees below the given members. */
  private static final String ORACLE =
      "WITH RECURSIVE acc(Id, W) AS (SELECT CAST(? AS INT), CAST(1 AS DOUBLE) UNION ALL"
          + " SELECT r.ChildId, acc.W * r.AggWeight FROM acc JOIN Relationship r"
          + " ON r.ParentId = acc.Id),"
          + " u1(Id) AS (SELECT CAST(? AS INT) UNION ALL SELECT r.ChildId FROM u1"
          + " JOIN Relationship r ON r.ParentId = u1.Id),"
          + " u2(Id) AS (SELECT CAST(? AS INT) UNION ALL SELECT r.ChildId FROM u2"
          + " JOIN Relationship r ON r.ParentId = u2.Id)"
          + " SELECT SUM(c.CellAmount * acc.W), COUNT(*) FROM DataCell c"
          + " JOIN acc ON acc.Id = c.AccountId JOIN u1 ON u1.Id = c.UD1Id"
          + " JOIN u2 ON u2.Id = c.UD2Id"
          + " JOIN Member e ON e.MemberId = c.EntityId"
          + " JOIN Member s ON s.MemberId = c.ScenarioId"
          + " JOIN Member t ON t.MemberId = c.TimeId"
          + " JOIN Member k ON k.MemberId = c.ConsolidationId"
          + " WHERE e.Name = ? AND s.Name = ? AND k.Name = 'Local' AND t.Name IN (%s)";

  private static Double oracle(
      Connection c,
      String entity,
      String scenario,
      List<String> months,
      String account,
      String ud1,
      String ud2)
      throws SQLException {
    String in = months.stream().map(m -> "'" + m + "'").collect(Collectors.joining(","));
    try (PreparedStatement ps = c.prepareStatement(String.format(ORACLE, in))) {
      ps.setInt(1, memberId(c, 6, account));
      ps.setInt(2, memberId(c, 10, ud1));
      ps.setInt(3, memberId(c, 11, ud2));
      ps.setString(4, entity);
      ps.setString(5, scenario);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(2) == 0 ? null : rs.getDouble(1);
      }
    }
  }

  private static int memberId(Connection c, int dimId, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT MemberId FROM Member WHERE DimId = ? AND Name = ?")) {
      ps.setInt(1, dimId);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("member %s", name).isTrue();
        return rs.getInt(1);
      }
    }
  }

  private static boolean isBalance(Connection c, String account) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT AccountType FROM Member WHERE DimId = 6 AND Name = ?")) {
      ps.setString(1, account);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1).equals("ASSET") || rs.getString(1).equals("LIABILITY");
      }
    }
  }

  private static AppDatabase db(OneStreamEmulator emulator) {
    return ((GolfStreamHost) emulator.applicationHost()).database("GolfStream");
  }

  @Test
  void cubeViewEqualsOracle(OneStreamEmulator emulator) throws Exception {
    TestClient client = new TestClient(emulator);
    String pat = emulator.adminPat();
    String si = client.session(pat, "GolfStream");
    HttpResponse<String> r =
        client.app(
            "DataProvider/GetAdoDataSetForCubeViewCommand",
            pat,
            si,
            "\"CubeViewName\": \"ActualVsBudget\", \"DataTablePerCubeViewRow\": false,"
                + " \"ResultDataTableName\": \"Table\","
                + " \"CustomSubstVarsAsCommaSeparatedPairs\": \"Entity=[Augusta],Time=[2024M7]\"");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode rows = json(r).get("Table");
    List<String> accounts = new ArrayList<>();
    try (Connection c = db(emulator).connection()) {
      for (JsonNode row : rows) {
        String account = row.get("RowHdr0Name").asText();
        accounts.add(account + "@" + row.get("RowHdr0Indent").asInt());
        Double actual = oracle(c, "Augusta", "Actual", List.of("2024M7"), account, "Top", "Top");
        Double budget = oracle(c, "Augusta", "Budget", List.of("2024M7"), account, "Top", "Top");
        assertThat(row.get("Col0Hdr0NameAndDesc").asText()).isEqualTo("Actual");
        assertThat(row.get("Col0Value").asDouble()).as(account).isCloseTo(actual, within(0.01));
        assertThat(row.get("Col1Value").asDouble()).as(account).isCloseTo(budget, within(0.01));
        assertThat(row.get("Col2Hdr0NameAndDesc").asText()).isEqualTo("Variance");
        assertThat(row.get("Col2Value").asDouble())
            .as(account)
            .isCloseTo(actual - budget, within(0.02));
      }
    }
    assertThat(accounts)
        .containsExactly(
            "Net Income@0",
            "Gross Margin@1",
            "Sales@2",
            "Product Sales@3",
            "Service Revenue@3",
            "COGS@2",
            "Material Costs@3",
            "Labor Costs@3",
            "Operating Expenses@1",
            "Salaries@2",
            "Rent@2",
            "Marketing@2",
            "Travel@2",
            "Depreciation@2");
  }

  @Test
  void analyticsCellsEqualOracle(OneStreamEmulator emulator) throws Exception {
    TestClient client = new TestClient(emulator);
    String pat = emulator.adminPat();
    String si = client.session(pat, "GolfStream");
    HttpResponse<String> r =
        client.app(
            "Analytics/GetDataCellsFromCube",
            pat,
            si,
            "\"CubeName\": \"GolfStream\", \"IncludeDescriptions\": false, \"DataCellsFilter\":"
                + " {\"Scenario\": \"Budget\", \"Currency\": \"Local\", \"View\": \"YTD\","
                + " \"EntityFilter\": \"Houston, Montreal\","
                + " \"TimeFilter\": \"2025Q1, 2025M2, 2025\","
                + " \"AccountFilter\": \"Sales, COGS, [Net Income], Cash, [Total Liabilities]\","
                + " \"FlowFilter\": \"Top\", \"OriginFilter\": \"Top\", \"ICFIlter\": \"Top\","
                + " \"UD1Filter\": \"[Golf Clubs], Putters, Top\", \"UD2Filter\": \"AllProducts\","
                + " \"UD3Filter\": \"Top\", \"UD4Filter\": \"Top\", \"UD5Filter\": \"Top\","
                + " \"UD6Filter\": \"Top\", \"UD7Filter\": \"Top\", \"UD8Filter\": \"Top\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode envelope = json(r);
    assertThat(envelope.get("Status").asText()).isEqualTo("Completed");
    assertThat(envelope.get("TotalPages").asInt()).isEqualTo(1);
    Map<String, Double> actual = new HashMap<>();
    for (JsonNode row : envelope.get("DataResult")) {
      assertThat(row.get("View").asText()).isEqualTo("YTD");
      assertThat(row.get("Consolidation").asText()).isEqualTo("Local");
      actual.put(
          row.get("Entity").asText()
              + "|"
              + row.get("Time").asText()
              + "|"
              + row.get("Account").asText()
              + "|"
              + row.get("UD1").asText(),
          row.get("CellValue").asDouble());
    }
    Map<String, List<String>> ytdMonths =
        Map.of(
            "2025Q1", List.of("2025M1", "2025M2", "2025M3"),
            "2025M2", List.of("2025M1", "2025M2"),
            "2025", months(2025, 12));
    Map<String, String> lastMonth =
        Map.of("2025Q1", "2025M3", "2025M2", "2025M2", "2025", "2025M12");
    Map<String, Double> expected = new HashMap<>();
    try (Connection c = db(emulator).connection()) {
      for (String entity : List.of("Houston", "Montreal")) {
        for (String time : List.of("2025Q1", "2025M2", "2025")) {
          for (String account :
              List.of("Sales", "COGS", "Net Income", "Cash", "Total Liabilities")) {
            for (String ud1 : List.of("Golf Clubs", "Putters", "Top")) {
              List<String> months =
                  isBalance(c, account) ? List.of(lastMonth.get(time)) : ytdMonths.get(time);
              Double v = oracle(c, entity, "Budget", months, account, ud1, "AllProducts");
              if (v != null) {
                expected.put(entity + "|" + time + "|" + account + "|" + ud1, v);
              }
            }
          }
        }
      }
    }
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach((k, v) -> assertThat(actual.get(k)).as(k).isCloseTo(v, within(0.01)));
    // Balance accounts and product-less accounts have UD2 None, outside AllProducts: no cells.
    assertThat(expected.keySet()).noneMatch(k -> k.contains("|Cash|"));
    assertThat(expected).isNotEmpty();
  }

  private static List<String> months(int year, int last) {
    List<String> out = new ArrayList<>();
    for (int m = 1; m <= last; m++) {
      out.add(year + "M" + m);
    }
    return out;
  }
}
