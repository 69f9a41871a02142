package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streaming DataSet reader on fixed JSON bytes: shapes, types and broken bodies. */
class DataSetReaderTest {
  private static final String ROUTE = "DataProvider/GetAdoDataSetForSqlCommand";

  private static DataSetReader reader(String json) throws OneStreamException {
    return DataSetReader.of(ROUTE, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Every table as name: [rows as maps], read to the end. */
  private static Map<String, List<Map<String, Object>>> readAll(String json)
      throws OneStreamException {
    Map<String, List<Map<String, Object>>> out = new java.util.LinkedHashMap<>();
    try (DataSetReader r = reader(json)) {
      while (r.nextTable()) {
        List<Map<String, Object>> rows = new ArrayList<>();
        while (r.nextRow()) {
          rows.add(r.row());
        }
        out.put(r.tableName(), rows);
      }
    }
    return out;
  }

  @Test
  void nullBodyHasNoTables() throws Exception {
    try (DataSetReader r = reader("null")) {
      assertThat(r.nextTable()).isFalse();
      assertThat(r.nextRow()).isFalse();
    }
    assertThat(readAll("{}")).isEmpty();
  }

  /**
   * Analytics answers are envelopes (onestream-api.md §6): a {@code null} from an Analytics route
   * read as an empty result would be a short result set without an error.
   */
  @Test
  void nullFromAnAnalyticsRouteIsAnErrorNotAnEmptyResult() throws Exception {
    for (String route : List.of("Analytics/GetDataCellsFromCube", "analytics/GetCubeList")) {
      assertThatThrownBy(() -> DataSetReader.of(route, "null".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOfSatisfying(
              OneStreamException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
                assertThat(e.getMessage())
                    .isEqualTo(
                        route + " answered the JSON literal null, not an Analytics envelope");
              });
    }
    // A DataProvider null stays an empty result.
    try (DataSetReader r =
        DataSetReader.of(
            "DataProvider/GetAdoDataSetForCubeViewCommand",
            "null".getBytes(StandardCharsets.UTF_8))) {
      assertThat(r.nextTable()).isFalse();
    }
  }

  @Test
  void readsSeveralTablesInOrder() throws Exception {
    Map<String, List<Map<String, Object>>> all =
        readAll("{\"T1\":[{\"a\":1},{\"a\":2}],\"T2\":[],\"T3\":[{\"b\":\"x\"}],\"T4\":null}");
    assertThat(all.keySet()).containsExactly("T1", "T2", "T3", "T4");
    assertThat(all.get("T1")).containsExactly(Map.of("a", 1L), Map.of("a", 2L));
    assertThat(all.get("T2")).isEmpty();
    assertThat(all.get("T3")).containsExactly(Map.of("b", "x"));
    assertThat(all.get("T4")).isEmpty();
  }

  @Test
  void skipsTheRestOfATableOnNextTable() throws Exception {
    try (DataSetReader r =
        reader("{\"T1\":[{\"a\":1},{\"a\":[1,{\"x\":2}]}],\"T2\":[{\"c\":3}]}")) {
      assertThat(r.nextTable()).isTrue();
      assertThat(r.nextRow()).isTrue();
      assertThat(r.nextTable()).isTrue();
      assertThat(r.tableName()).isEqualTo("T2");
      assertThat(r.columns()).isEmpty();
      assertThat(r.nextRow()).isTrue();
      assertThat(r.get("c")).isEqualTo(3L);
      assertThat(r.nextRow()).isFalse();
      assertThat(r.nextTable()).isFalse();
    }
  }

  @Test
  void columnsMayBeNullOrChangeTypeOrAppearLate() throws Exception {
    try (DataSetReader r =
        reader(
            "{\"T\":[{\"v\":null,\"d\":\"2024-01-31T00:00:00\"},"
                + "{\"v\":12,\"d\":null,\"late\":true},"
                + "{\"v\":\"twelve\",\"d\":\"2024-02-29T00:00:00\"},"
                + "{\"d\":\"x\",\"v\":12.5},"
                + "{\"v\":123456789012345678901234567890,\"o\":{\"k\":[1,null]}}]}")) {
      assertThat(r.nextRow()).isTrue();
      assertThat(r.columns()).containsExactly("v", "d");
      assertThat(r.get("v")).isNull();
      assertThat(r.get("d")).isEqualTo("2024-01-31T00:00:00");
      assertThat(r.nextRow()).isTrue();
      assertThat(r.get("v")).isEqualTo(12L);
      assertThat(r.get("D")).as("ignoring case").isNull();
      assertThat(r.get("late")).isEqualTo(true);
      assertThat(r.columns()).containsExactly("v", "d", "late");
      assertThat(r.nextRow()).isTrue();
      assertThat(r.get(0)).isEqualTo("twelve");
      assertThat(r.get("late")).as("absent from this row").isNull();
      assertThat(r.nextRow()).isTrue();
      assertThat(r.get("v")).isEqualTo(12.5d);
      assertThat(r.get("d")).isEqualTo("x");
      assertThat(r.nextRow()).isTrue();
      assertThat(r.get("v")).isEqualTo(new java.math.BigDecimal("123456789012345678901234567890"));
      assertThat(r.get("o")).isEqualTo("{\"k\":[1,null]}");
      assertThat(r.get("d")).isNull();
      assertThat(r.nextRow()).isFalse();
    }
  }

  @Test
  void readsUnicode() throws Exception {
    Map<String, List<Map<String, Object>>> all =
        readAll("{\"Tåble\":[{\"Entité\":\"Montréal \\u00e9 日本 \uD83D\uDE00\"}]}");
    assertThat(all.get("Tåble")).containsExactly(Map.of("Entité", "Montréal é 日本 😀"));
  }

  @Test
  void truncatedBodyIsAnErrorNotAShortResult() throws Exception {
    try (DataSetReader r = reader("{\"T\":[{\"a\":1},{\"a\":2},{\"a\"")) {
      assertThat(r.nextRow()).isTrue();
      assertThat(r.nextRow()).isTrue();
      assertThatThrownBy(r::nextRow)
          .isInstanceOfSatisfying(
              OneStreamException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL))
          .hasMessageContaining(ROUTE)
          .hasMessageContaining("ended");
    }
    for (String cut : new String[] {"{\"T\":[{\"a\":1}", "{\"T\":[{\"a\":1}]", "{\"T\":[", ""}) {
      assertThatThrownBy(() -> readAll(cut))
          .as(cut)
          .isInstanceOfSatisfying(
              OneStreamException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL));
    }
  }

  @Test
  void malformedBodyIsAnError() {
    for (String bad :
        new String[] {
          "{\"T\":[{\"a\":1,}]}",
          "<html>Bad gateway</html>",
          "{\"T\":[1,2]}",
          "{\"T\":\"not rows\"}",
          "[{\"a\":1}]",
          "{\"T\":[{\"a\":tru}]}"
        }) {
      assertThatThrownBy(() -> readAll(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              OneStreamException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
                assertThat(e.route()).isEqualTo(ROUTE);
              });
    }
  }

  @Test
  void trailingGarbageIsAnError() {
    for (String bad : new String[] {"{\"T\":[]} x", "{\"T\":[]}{}", "null null", "{} ]"}) {
      assertThatThrownBy(() -> readAll(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              OneStreamException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL));
    }
  }

  @Test
  void readsACompletedSinglePageEnvelope() throws Exception {
    Map<String, List<Map<String, Object>>> all =
        readAll(
            "{\"status\":\"Completed\",\"requestId\":\"r1\",\"totalPages\":1,"
                + "\"DataResult\":[{\"CubeName\":\"GolfStream\"}]}");
    assertThat(all).containsOnlyKeys(DataSetReader.DATA_RESULT);
    assertThat(all.get(DataSetReader.DATA_RESULT))
        .containsExactly(Map.of("CubeName", "GolfStream"));
  }

  @Test
  void aRunningEnvelopeCannotBeReadWithoutAPager() {
    assertThatThrownBy(
            () -> readAll("{\"Status\":\"Running\",\"RequestId\":\"r1\",\"DataResult\":[]}"))
        .isInstanceOfSatisfying(
            OneStreamException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL));
  }

  @Test
  void aTableNamedStatusIsNotAnEnvelope() throws Exception {
    assertThat(readAll("{\"Status\":[{\"a\":1}]}").get("Status")).hasSize(1);
  }

  @Test
  void refusesSubstitutionValuesThatCannotBeExpressed() throws Exception {
    assertThat(SubstVars.of("Entity", "NA Clubs, US").and("Time", "2024M3").toWire("r"))
        .isEqualTo("Entity=[NA Clubs, US],Time=[2024M3]");
    for (String bad : new String[] {"a]b", "|!Other!|"}) {
      assertThatThrownBy(() -> SubstVars.of("Entity", bad).toWire("r"))
          .isInstanceOfSatisfying(
              OneStreamException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST))
          .hasMessageContaining("Entity")
          .hasMessageContaining("not sent");
    }
  }
}
