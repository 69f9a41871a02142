package io.cubesql.onestream.calcite;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/** Schema {@code cubeviews}: one {@link CubeViewTable} per cube view the server lists. */
final class CubeViewSchema extends AbstractSchema {
  private final OneStreamAdapter adapter;

  CubeViewSchema(OneStreamAdapter adapter) {
    this.adapter = adapter;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return adapter.cached(
        "cubeview-tables",
        () -> {
          Map<String, Table> tables = new LinkedHashMap<>();
          for (CubeViewTable.Definition d : adapter.cubeViews()) {
            tables.put(d.name(), new CubeViewTable(adapter, d));
          }
          return Map.copyOf(tables);
        });
  }
}
