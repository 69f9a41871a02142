package io.cubesql.onestream.calcite;

import io.cubesql.onestream.client.CallRecord;
import io.cubesql.onestream.client.DataSetReader;
import io.cubesql.onestream.client.DbLocation;
import io.cubesql.onestream.client.ErrorKind;
import io.cubesql.onestream.client.OneStreamException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Schema {@value OneStreamSchemas#META}: what the connection knows about the application and
 * itself.
 *
 * <ul>
 *   <li>{@code cube_views (Name, Description, Parameters)} and {@code cube_view_parameters
 *       (CubeView, Name, DefaultValue)}: the cube views as the {@code cubeviews} schema has them;
 *   <li>{@code sequences (Name, Description, Parameters)} and {@code steps (GroupName, Name,
 *       StepType)}: Data Management, from the administrator SQL endpoint (onestream-api.md §4
 *       [CLIENT]: {@code DataMgmtSequence}, {@code DataMgmtStep}, {@code DataMgmtGroup}); empty
 *       without the Administrator role;
 *   <li>{@code connection_properties (Name, CurrentValue, DefaultValue, Description)}: the settings
 *       the connection was opened with, secrets masked (the driver fills it);
 *   <li>{@code recent_requests (Started, Route, Query, Status, DurationMs, Bytes, RowCount,
 *       Error)}: the connection's last {@value
 *       io.cubesql.onestream.client.internal.CallHistory#CAPACITY} HTTP calls, oldest first (the
 *       client's history; no header, body or token);
 *   <li>{@code result_cache (Enabled, Hits, Misses, HitRate, Entries, Evictions)}.
 * </ul>
 */
final class MetaSchema extends AbstractSchema {
  private final Map<String, Table> tables;

  MetaSchema(OneStreamAdapter adapter) {
    Map<String, Table> t = new LinkedHashMap<>();
    t.put(
        "cube_views",
        new Rows(
            "The cube views of the cubeviews schema: name, description, parameters",
            List.of(
                col("Name", SqlTypeName.VARCHAR),
                col("Description", SqlTypeName.VARCHAR),
                col("Parameters", SqlTypeName.VARCHAR)),
            () -> {
              List<Object[]> out = new ArrayList<>();
              for (CubeViewTable.Definition d : adapter.cubeViews()) {
                out.add(new Object[] {d.name(), d.description(), parameters(d.defaults())});
              }
              return out;
            }));
    t.put(
        "cube_view_parameters",
        new Rows(
            "The parameters of each cube view and their defaults",
            List.of(
                col("CubeView", SqlTypeName.VARCHAR),
                col("Name", SqlTypeName.VARCHAR),
                col("DefaultValue", SqlTypeName.VARCHAR)),
            () -> {
              List<Object[]> out = new ArrayList<>();
              for (CubeViewTable.Definition d : adapter.cubeViews()) {
                d.defaults().forEach((k, v) -> out.add(new Object[] {d.name(), k, v}));
              }
              return out;
            }));
    t.put(
        "sequences",
        new Rows(
            "Data Management sequences (empty without the Administrator role)",
            List.of(
                col("Name", SqlTypeName.VARCHAR),
                col("Description", SqlTypeName.VARCHAR),
                col("Parameters", SqlTypeName.VARCHAR)),
            () -> {
              List<Object[]> out = new ArrayList<>();
              for (Map<String, Object> r : admin(adapter, "SELECT * FROM DataMgmtSequence")) {
                out.add(
                    new Object[] {
                      Values.text(r, "Name"),
                      Values.text(r, "Description"),
                      Values.text(r, "Parameters")
                    });
              }
              return out;
            }));
    t.put(
        "steps",
        new Rows(
            "Data Management steps and their groups (empty without the Administrator role)",
            List.of(
                col("GroupName", SqlTypeName.VARCHAR),
                col("Name", SqlTypeName.VARCHAR),
                col("StepType", SqlTypeName.VARCHAR)),
            () -> {
              Map<String, String> groups = new HashMap<>();
              for (Map<String, Object> r : admin(adapter, "SELECT * FROM DataMgmtGroup")) {
                groups.put(Values.text(r, "DataMgmtGroupID"), Values.text(r, "Name"));
              }
              List<Object[]> out = new ArrayList<>();
              for (Map<String, Object> r : admin(adapter, "SELECT * FROM DataMgmtStep")) {
                out.add(
                    new Object[] {
                      groups.get(Values.text(r, "DataMgmtGroupID")),
                      Values.text(r, "Name"),
                      Values.text(r, "StepType")
                    });
              }
              return out;
            }));
    t.put(
        "connection_properties",
        new Rows(
            "The connection's properties as it uses them, secrets masked",
            List.of(
                col("Name", SqlTypeName.VARCHAR),
                col("CurrentValue", SqlTypeName.VARCHAR),
                col("DefaultValue", SqlTypeName.VARCHAR),
                col("Description", SqlTypeName.VARCHAR)),
            () -> {
              List<Object[]> out = new ArrayList<>();
              for (OneStreamAdapterOptions.ConnectionProperty p :
                  adapter.options().connectionProperties()) {
                out.add(new Object[] {p.name(), p.value(), p.defaultValue(), p.description()});
              }
              return out;
            }));
    t.put(
        "recent_requests",
        new Rows(
            "The connection's last HTTP calls to the server, oldest first",
            List.of(
                col("Started", SqlTypeName.TIMESTAMP),
                col("Route", SqlTypeName.VARCHAR),
                col("Query", SqlTypeName.VARCHAR),
                col("Status", SqlTypeName.INTEGER),
                col("DurationMs", SqlTypeName.BIGINT),
                col("Bytes", SqlTypeName.BIGINT),
                col("RowCount", SqlTypeName.BIGINT),
                col("Error", SqlTypeName.VARCHAR)),
            () -> {
              List<Object[]> out = new ArrayList<>();
              for (CallRecord r : adapter.client().recentCalls()) {
                out.add(
                    new Object[] {
                      r.started().toEpochMilli(),
                      r.route(),
                      r.query(),
                      r.status(),
                      r.durationMs(),
                      r.bytes(),
                      r.rows(),
                      r.error()
                    });
              }
              return out;
            }));
    t.put(
        "result_cache",
        new Rows(
            "Statistics of the result cache",
            List.of(
                col("Enabled", SqlTypeName.BOOLEAN),
                col("Hits", SqlTypeName.BIGINT),
                col("Misses", SqlTypeName.BIGINT),
                col("HitRate", SqlTypeName.DOUBLE),
                col("Entries", SqlTypeName.BIGINT),
                col("Evictions", SqlTypeName.BIGINT)),
            () -> {
              List<Object[]> out = new ArrayList<>();
              out.add(cacheRow(adapter.resultCache()));
              return out;
            }));
    this.tables = Map.copyOf(t);
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }

  /** The row of {@code result_cache}. */
  private static Object[] cacheRow(ResultCache cache) {
    if (cache == null) {
      return new Object[] {false, 0L, 0L, 0.0, 0L, 0L};
    }
    long asked = cache.hits() + cache.misses();
    return new Object[] {
      true,
      cache.hits(),
      cache.misses(),
      asked == 0 ? 0.0 : cache.hits() / (double) asked,
      cache.size(),
      cache.evictions()
    };
  }

  private static Column col(String name, SqlTypeName type) {
    return new Column(name, type, null, false, null);
  }

  private static String parameters(Map<String, String> defaults) {
    StringBuilder b = new StringBuilder();
    defaults.forEach(
        (k, v) ->
            b.append(b.length() == 0 ? "" : ",").append(k).append(v == null ? "" : "=[" + v + "]"));
    return b.toString();
  }

  /** The rows of an administrator query; none without the Administrator role. */
  private static List<Map<String, Object>> admin(OneStreamAdapter adapter, String query) {
    try (DataSetReader r = adapter.client().sql(query, DbLocation.APPLICATION, null, null, null)) {
      List<Map<String, Object>> out = new ArrayList<>();
      while (r.nextRow()) {
        out.add(r.row());
      }
      return out;
    } catch (OneStreamException e) {
      if (e.kind() == ErrorKind.PERMISSION) {
        return List.of();
      }
      throw OneStreamAdapter.unchecked("read " + query, e);
    }
  }

  /**
   * A system table of fixed columns whose rows are made when it is scanned: {@code SYSTEM TABLE} in
   * {@code DatabaseMetaData.getTables}, as JDBC calls what describes the database itself.
   */
  private static final class Rows extends AbstractTable implements ScannableTable, DescribedTable {
    private final String remarks;
    private final List<Column> columns;
    private final Supplier<List<Object[]>> rows;

    Rows(String remarks, List<Column> columns, Supplier<List<Object[]>> rows) {
      this.remarks = remarks;
      this.columns = columns;
      this.rows = rows;
    }

    @Override
    public Schema.TableType getJdbcTableType() {
      return Schema.TableType.SYSTEM_TABLE;
    }

    @Override
    public String remarks() {
      return remarks;
    }

    @Override
    public String columnRemarks(String name) {
      return Column.remarks(columns, name);
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      return Column.rowType(typeFactory, columns);
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      return Linq4j.asEnumerable(rows.get());
    }
  }
}
