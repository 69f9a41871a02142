package io.cubesql.onestream.calcite;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/** Schema {@code cubes}: one {@link CellTable} per cube of the application. */
final class CubeSchema extends AbstractSchema {
  private final OneStreamAdapter adapter;

  CubeSchema(OneStreamAdapter adapter) {
    this.adapter = adapter;
  }

  OneStreamAdapter adapter() {
    return adapter;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return adapter.cached(
        "cube-tables",
        () -> {
          Map<String, Table> tables = new LinkedHashMap<>();
          for (String cube : adapter.cubes()) {
            tables.put(cube, new CellTable(adapter, cube));
          }
          return Map.copyOf(tables);
        });
  }
}
