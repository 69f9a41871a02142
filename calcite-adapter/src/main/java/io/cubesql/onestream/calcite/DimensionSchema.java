package io.cubesql.onestream.calcite;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * Schema {@code dimensions}: one {@link DimensionTable} per dimension of a cell. The names are
 * fixed, so listing them asks the server nothing.
 */
final class DimensionSchema extends AbstractSchema {
  private final Map<String, Table> tables;

  DimensionSchema(OneStreamAdapter adapter) {
    Map<String, Table> t = new LinkedHashMap<>();
    for (String d : CellTable.DIMENSIONS) {
      t.put(d, new DimensionTable(adapter, d));
    }
    this.tables = Map.copyOf(t);
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }
}
