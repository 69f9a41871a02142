package io.cubesql.onestream.calcite;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One column of a OneStream table: its SQL name and type, where its value comes from in the answer,
 * and whether a predicate on it can be carried in the request (a POV column).
 *
 * @param source the answer column it is read from, or null when the adapter computes it
 * @param pushable whether equality predicates on it become request parameters
 * @param remarks a description for tools, or null
 */
record Column(String name, SqlTypeName type, String source, boolean pushable, String remarks) {
  /** The row type of {@code columns}, every one nullable (an answer may leave any out). */
  static RelDataType rowType(RelDataTypeFactory typeFactory, List<Column> columns) {
    RelDataTypeFactory.Builder b = typeFactory.builder();
    for (Column c : columns) {
      b.add(
          c.name(),
          typeFactory.createTypeWithNullability(typeFactory.createSqlType(c.type()), true));
    }
    return b.build();
  }

  /** The remarks of the column of {@code columns} named {@code name}, or null. */
  static String remarks(List<Column> columns, String name) {
    for (Column c : columns) {
      if (c.name().equals(name)) {
        return c.remarks();
      }
    }
    return null;
  }
}
