package io.cubesql.onestream.client;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code DataCellsFilter} of {@code Analytics/GetDataCellsFromCube} (onestream-api.md §6
 * [CLIENT]): a member filter per dimension, written without its token ({@code 2023.Base}, {@code
 * TotCorp.DescendantsInclusive}). View and Currency take one member each [DOC]. A dimension left
 * out is not sent, and the server then takes its base members; {@link #all()} filters nothing.
 * Immutable; each setter returns a new filter.
 */
public final class DataCellsFilter {
  private static final DataCellsFilter ALL = new DataCellsFilter(new EnumMap<>(Key.class));

  /** The filter keys as the Power BI connector spells them, {@code ICFIlter} included [CLIENT]. */
  private enum Key {
    SCENARIO("Scenario"),
    CURRENCY("Currency"),
    VIEW("View"),
    TIME("TimeFilter"),
    ENTITY("EntityFilter"),
    ORIGIN("OriginFilter"),
    ACCOUNT("AccountFilter"),
    FLOW("FlowFilter"),
    IC("ICFIlter"),
    UD1("UD1Filter"),
    UD2("UD2Filter"),
    UD3("UD3Filter"),
    UD4("UD4Filter"),
    UD5("UD5Filter"),
    UD6("UD6Filter"),
    UD7("UD7Filter"),
    UD8("UD8Filter");

    final String wire;

    Key(String wire) {
      this.wire = wire;
    }
  }

  private final Map<Key, String> filters;

  private DataCellsFilter(Map<Key, String> filters) {
    this.filters = Collections.unmodifiableMap(filters);
  }

  /** No filter: every base cell of the cube. */
  public static DataCellsFilter all() {
    return ALL;
  }

  private DataCellsFilter with(Key key, String filter) {
    EnumMap<Key, String> copy = new EnumMap<>(Key.class);
    copy.putAll(filters);
    copy.put(key, Objects.requireNonNull(filter, key.wire));
    return new DataCellsFilter(copy);
  }

  public DataCellsFilter scenario(String member) {
    return with(Key.SCENARIO, member);
  }

  /** The Consolidation member, such as {@code Local} or {@code USD}. */
  public DataCellsFilter currency(String member) {
    return with(Key.CURRENCY, member);
  }

  public DataCellsFilter view(String member) {
    return with(Key.VIEW, member);
  }

  public DataCellsFilter time(String filter) {
    return with(Key.TIME, filter);
  }

  public DataCellsFilter entity(String filter) {
    return with(Key.ENTITY, filter);
  }

  public DataCellsFilter origin(String filter) {
    return with(Key.ORIGIN, filter);
  }

  public DataCellsFilter account(String filter) {
    return with(Key.ACCOUNT, filter);
  }

  public DataCellsFilter flow(String filter) {
    return with(Key.FLOW, filter);
  }

  public DataCellsFilter ic(String filter) {
    return with(Key.IC, filter);
  }

  /** The filter of user-defined dimension {@code n}, 1 to 8. */
  public DataCellsFilter ud(int n, String filter) {
    if (n < 1 || n > 8) {
      throw new IllegalArgumentException("UD dimension must be 1 to 8, not " + n);
    }
    return with(Key.valueOf("UD" + n), filter);
  }

  /** Writes the field {@code "DataCellsFilter": {...}}. */
  void write(JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("DataCellsFilter");
    for (Map.Entry<Key, String> e : filters.entrySet()) {
      g.writeStringField(e.getKey().wire, e.getValue());
    }
    g.writeEndObject();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataCellsFilter f && f.filters.equals(filters);
  }

  @Override
  public int hashCode() {
    return filters.hashCode();
  }

  @Override
  public String toString() {
    return "DataCellsFilter" + filters;
  }
}
