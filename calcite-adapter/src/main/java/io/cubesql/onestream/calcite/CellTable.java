package io.cubesql.onestream.calcite;

import io.cubesql.onestream.client.DataCellsFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code cubes.<cube>}: one row per data cell of a cube, read through {@code
 * Analytics/GetDataCellsFromCube} (onestream-api.md §6 [CLIENT]) page by page. Every dimension is a
 * POV column: an equality or IN on it becomes that dimension's member filter, a member list ({@code
 * [Houston], [Augusta]}, onestream-api.md §8 [DOC]) of up to {@code membersPerRequest} members a
 * request; Consolidation and View take a single member (§6 [DOC]), one request per value. A {@code
 * LIKE} becomes the list of the base members it matches. A dimension without a predicate is not
 * sent, and the server answers its base members; Consolidation defaults to {@code Local} and View
 * to {@code Periodic} (as the Power BI connector does). Description columns are asked for only when
 * the query reads one.
 */
final class CellTable extends OneStreamTable {
  /** The dimensions of a cell, in the order the Analytics answer has them. */
  static final List<String> DIMENSIONS =
      List.of(
          "Entity",
          "Consolidation",
          "Scenario",
          "Time",
          "View",
          "Account",
          "Flow",
          "Origin",
          "IC",
          "UD1",
          "UD2",
          "UD3",
          "UD4",
          "UD5",
          "UD6",
          "UD7",
          "UD8");

  private static final List<Column> COLUMNS = columns0();
  private static final int FIRST_DESC = DIMENSIONS.size() + 3;

  private final String cube;

  CellTable(OneStreamAdapter adapter, String cube) {
    super(adapter);
    this.cube = cube;
  }

  private static List<Column> columns0() {
    List<Column> c = new ArrayList<>();
    for (String d : DIMENSIONS) {
      c.add(new Column(d, SqlTypeName.VARCHAR, d, true, "The " + d + " member of the cell"));
    }
    c.add(
        new Column(
            "Time_StartDate", SqlTypeName.DATE, "Time_StartDate", false, "First day of Time"));
    c.add(new Column("Time_EndDate", SqlTypeName.DATE, "Time_EndDate", false, "Last day of Time"));
    c.add(new Column("CellValue", SqlTypeName.DOUBLE, "CellValue", false, "The cell's amount"));
    for (String d : DIMENSIONS) {
      c.add(
          new Column(d + "_Desc", SqlTypeName.VARCHAR, d + "_Desc", false, "Description of " + d));
    }
    return List.copyOf(c);
  }

  @Override
  List<Column> columns() {
    return COLUMNS;
  }

  @Override
  String subject() {
    return "cube " + cube;
  }

  @Override
  public String remarks() {
    return "Data cells of cube " + cube + ", one row per cell";
  }

  /**
   * Without descriptions when the scan reads none (they are asked for only then), else with them; a
   * cached answer with descriptions serves a scan without.
   */
  @Override
  List<int[]> cacheColumns(int[] projects) {
    int[] all = new int[COLUMNS.size()];
    java.util.Arrays.setAll(all, i -> i);
    int[] plain = java.util.Arrays.copyOf(all, FIRST_DESC);
    boolean descriptions = java.util.Arrays.stream(projects).anyMatch(p -> p >= FIRST_DESC);
    return descriptions ? List.of(all) : List.of(plain, all);
  }

  /**
   * A dimension without a filter is answered for its base members, so a base member's cells are in
   * such an answer; not so for Consolidation and View, which default to one member.
   */
  @Override
  boolean coveredWithout(int column, String value) {
    String dimension = DIMENSIONS.get(column);
    return !dimension.equals("Consolidation")
        && !dimension.equals("View")
        && adapter.members(cube, dimension).isBase(value);
  }

  /** Consolidation and View take one member a request; the others a member list. */
  @Override
  int valuesPerRequest(int column) {
    return single(column) ? 1 : adapter.options().membersPerRequest();
  }

  private static boolean single(int column) {
    String dimension = DIMENSIONS.get(column);
    return dimension.equals("Consolidation") || dimension.equals("View");
  }

  /**
   * Dimensions answered for their base members without a filter: a {@code LIKE} keeps the base
   * members it matches, so the answer is what the unfiltered one would be after the {@code LIKE}.
   */
  @Override
  boolean matchable(int column) {
    return column < DIMENSIONS.size() && !single(column);
  }

  @Override
  List<String> matching(int column, ScanPlan.Like like) {
    DimensionTable.Members members = adapter.members(cube, DIMENSIONS.get(column));
    List<String> base = members.base();
    List<String> out = new ArrayList<>();
    for (String name : base) {
      if (like.matches(name)) {
        out.add(name);
      }
    }
    return out.size() == base.size() ? null : out;
  }

  @Override
  List<String> usable(int column, List<String> values) {
    DimensionTable.Members members = adapter.members(cube, DIMENSIONS.get(column));
    List<String> out = new ArrayList<>();
    for (String v : values) {
      if (members.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  @Override
  ApiRequest request(Map<Integer, List<String>> combination, int[] projects) {
    DataCellsFilter filter = DataCellsFilter.all();
    StringBuilder text = new StringBuilder();
    for (Map.Entry<Integer, List<String>> e : combination.entrySet()) {
      StringJoiner list = new StringJoiner(", ");
      for (String name : e.getValue()) {
        list.add("[" + name + "]");
      }
      String member = list.toString();
      filter = with(filter, DIMENSIONS.get(e.getKey()), member);
      text.append(text.length() == 0 ? "" : ", ")
          .append(DIMENSIONS.get(e.getKey()))
          .append('=')
          .append(e.getValue().size() == 1 ? member : "(" + member + ")");
    }
    boolean descriptions = false;
    for (int p : projects) {
      descriptions |= p >= FIRST_DESC;
    }
    DataCellsFilter f = filter;
    boolean desc = descriptions;
    String described =
        "Analytics/GetDataCellsFromCube(CubeName="
            + cube
            + ", IncludeDescriptions="
            + desc
            + (text.length() == 0 ? "" : ", " + text)
            + ")";
    return ApiRequest.of(
        described,
        onCall ->
            new ReaderRows(
                adapter.client().dataCells(cube, desc, f, onCall), COLUMNS, projects, Map.of()));
  }

  private static DataCellsFilter with(DataCellsFilter f, String dimension, String member) {
    switch (dimension) {
      case "Entity":
        return f.entity(member);
      case "Consolidation":
        return f.currency(member);
      case "Scenario":
        return f.scenario(member);
      case "Time":
        return f.time(member);
      case "View":
        return f.view(member);
      case "Account":
        return f.account(member);
      case "Flow":
        return f.flow(member);
      case "Origin":
        return f.origin(member);
      case "IC":
        return f.ic(member);
      default:
        return f.ud(Integer.parseInt(dimension.substring(2)), member);
    }
  }
}
