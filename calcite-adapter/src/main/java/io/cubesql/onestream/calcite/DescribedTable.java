package io.cubesql.onestream.calcite;

/**
 * A table that describes itself and its columns to tools: the {@code REMARKS} of {@code
 * DatabaseMetaData.getTables} and {@code getColumns}. Every table of the adapter's schemas is one;
 * the descriptions come from OneStream where it has them (a cube view's description) and from the
 * adapter otherwise (what a column of a cube or dimension holds).
 */
public interface DescribedTable {
  /** What the table holds, or null when nothing is known. */
  String remarks();

  /** The description of column {@code name} (as the row type spells it), or null. */
  String columnRemarks(String name);
}
