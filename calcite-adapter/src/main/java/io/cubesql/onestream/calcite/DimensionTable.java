package io.cubesql.onestream.calcite;

import io.cubesql.onestream.client.DataSetReader;
import io.cubesql.onestream.client.OneStreamException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code dimensions.<dimension>}: the members of one dimension of the application's first cube, one
 * row per member and parent ({@code Analytics/GetDimensionHierarchy}, onestream-api.md §6
 * [CLIENT]); a top member has one row with a null {@code Parent}. The member's name is column
 * {@code Name}, not {@code Member}, which is a reserved word in SQL. Served from the metadata
 * cache, which the cube tables also use to check member names. Descriptions are asked for only when
 * the query reads {@code Description}.
 */
final class DimensionTable extends AbstractTable
    implements ProjectableFilterableTable, DescribedTable {
  static final List<Column> COLUMNS =
      List.of(
          new Column("Name", SqlTypeName.VARCHAR, "Member", false, "The member's name"),
          new Column("Parent", SqlTypeName.VARCHAR, "Parent", false, "Its parent; null at the top"),
          new Column("Description", SqlTypeName.VARCHAR, "Description", false, "Description"),
          new Column("Depth", SqlTypeName.INTEGER, "Depth", false, "0 at the top"),
          new Column("IsBase", SqlTypeName.BOOLEAN, "IsBase", false, "Has no children"),
          new Column(
              "AggregationWeight",
              SqlTypeName.DOUBLE,
              "AggregationWeight",
              false,
              "Weight in the parent's total"),
          new Column("SortOrder", SqlTypeName.INTEGER, "SortOrder", false, "Display order"));

  /** The index of {@code Description}, the one column read only when asked for. */
  private static final int DESCRIPTION = 2;

  private final OneStreamAdapter adapter;
  private final String dimension;

  DimensionTable(OneStreamAdapter adapter, String dimension) {
    this.adapter = adapter;
    this.dimension = dimension;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return Column.rowType(typeFactory, COLUMNS);
  }

  @Override
  public String remarks() {
    return "Members of dimension " + dimension + ", one row per member and parent";
  }

  @Override
  public String columnRemarks(String name) {
    return Column.remarks(COLUMNS, name);
  }

  /**
   * The rows of the columns {@code projects} (every column when null). The filters are left to
   * Calcite: the server takes none.
   */
  @Override
  public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
    boolean descriptions = projects == null;
    for (int p : projects == null ? new int[0] : projects) {
      descriptions |= p == DESCRIPTION;
    }
    List<Object[]> rows = adapter.members(adapter.defaultCube(), dimension, descriptions).rows();
    if (projects != null) {
      for (int i = 0; i < rows.size(); i++) {
        Object[] row = rows.get(i);
        Object[] out = new Object[projects.length];
        for (int k = 0; k < projects.length; k++) {
          out[k] = row[projects[k]];
        }
        rows.set(i, out);
      }
    }
    return Linq4j.asEnumerable(rows);
  }

  /** The rows of one dimension and the set of its member names. Immutable. */
  static final class Members {
    private final List<Object[]> rows;
    private final Set<String> names;
    private final Set<String> bases;
    private final List<String> baseOrder;

    private Members(List<Object[]> rows, Set<String> names, List<String> baseOrder) {
      this.rows = rows;
      this.names = names;
      this.bases = Set.copyOf(baseOrder);
      this.baseOrder = baseOrder;
    }

    static Members read(DataSetReader r) throws OneStreamException {
      List<Object[]> rows = new ArrayList<>();
      Set<String> names = new HashSet<>();
      Set<String> bases = new java.util.LinkedHashSet<>();
      while (r.nextRow()) {
        Object[] row = new Object[COLUMNS.size()];
        for (int i = 0; i < row.length; i++) {
          Column c = COLUMNS.get(i);
          row[i] = Values.convert(r.get(c.source()), c.type(), c.name());
        }
        rows.add(row);
        if (row[0] != null) {
          names.add((String) row[0]);
          if (Boolean.TRUE.equals(row[4])) {
            bases.add((String) row[0]);
          }
        }
      }
      return new Members(List.copyOf(rows), Set.copyOf(names), List.copyOf(bases));
    }

    /** Whether {@code name} is a base member (one without children). */
    boolean isBase(String name) {
      return bases.contains(name);
    }

    /** The base members, in the hierarchy's order, each once. */
    List<String> base() {
      return baseOrder;
    }

    /** Whether {@code name} is a member, spelled exactly so (SQL's {@code =} is exact). */
    boolean contains(String name) {
      return names.contains(name);
    }

    /** Copies, so that no caller can change the cached rows. */
    List<Object[]> rows() {
      List<Object[]> out = new ArrayList<>(rows.size());
      for (Object[] r : rows) {
        out.add(r.clone());
      }
      return out;
    }
  }
}
