package io.cubesql.onestream.calcite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A table read through API requests whose POV columns take pushed predicates: cube cells and cube
 * views. Its scan is a {@link OneStreamTableScan}; the requests it makes for a {@link ScanPlan} are
 * what EXPLAIN shows and what the enumerator sends.
 */
public abstract class OneStreamTable extends AbstractTable
    implements TranslatableTable, DescribedTable {
  final OneStreamAdapter adapter;

  OneStreamTable(OneStreamAdapter adapter) {
    this.adapter = adapter;
  }

  /** The columns, in order; may ask the server once (then cached). */
  abstract List<Column> columns();

  /** What the table reads from, for messages: {@code cube GolfStream}, {@code cube view X}. */
  abstract String subject();

  /**
   * The request for one combination of pushed values (table column to the values one request
   * carries for it, at most {@link #valuesPerRequest} of them), reading the output columns {@code
   * projects}.
   */
  abstract ApiRequest request(Map<Integer, List<String>> combination, int[] projects);

  /**
   * How many values of {@code column} one request can carry (a member list): 1 by default, one
   * request per value.
   */
  int valuesPerRequest(int column) {
    return 1;
  }

  /**
   * The names a {@code LIKE} on {@code column} stands for, or null when every name the column would
   * answer without a filter matches; only for columns where {@link #matchable} is true.
   */
  List<String> matching(int column, ScanPlan.Like like) {
    throw new IllegalStateException("No pattern can be pushed on column " + column);
  }

  /** Whether a {@code LIKE} on {@code column} can be pushed: never, by default. */
  boolean matchable(int column) {
    return false;
  }

  /**
   * The column sets whose cached answer can serve a scan of {@code projects}, the one to send on a
   * miss first: by default every column, so that any later projection is served too.
   */
  List<int[]> cacheColumns(int[] projects) {
    int[] all = new int[columns().size()];
    java.util.Arrays.setAll(all, i -> i);
    return List.of(all);
  }

  /**
   * Whether an answer without a filter on {@code column} holds the rows of {@code value} (so that a
   * cached wider answer can serve): never, by default.
   */
  boolean coveredWithout(int column, String value) {
    return false;
  }

  /**
   * Refuses (22023) a value of pushed column {@code column} that a request cannot carry safely;
   * nothing has been sent when it throws.
   */
  void checkValue(String column, String value) {
    SafeValue.check(column, value);
  }

  /**
   * Keeps the values that can name something: cube cells drop names that are not members of the
   * dimension (a predicate on them selects nothing, so no request is made).
   */
  List<String> usable(int column, List<String> values) {
    return values;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return Column.rowType(typeFactory, columns());
  }

  @Override
  public String columnRemarks(String name) {
    return Column.remarks(columns(), name);
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    return new OneStreamTableScan(
        context.getCluster(), relOptTable, this, ScanPlan.all(columns().size()));
  }

  /**
   * The requests {@code plan} makes once its parameters are bound by {@code params}: one per
   * combination of the pushed values, a column's values split into lists of at most {@link
   * #valuesPerRequest}. Refuses unsafe values (22023) and plans over the call budget (54000) before
   * anything is sent.
   */
  final List<ApiRequest> requests(ScanPlan plan, java.util.function.IntFunction<Object> params) {
    Map<Integer, List<String>> bound = plan.bind(params, this::matching);
    List<Column> columns = columns();
    List<List<List<String>>> axes = new ArrayList<>();
    List<Integer> keys = new ArrayList<>();
    long count = 1;
    int widest = -1;
    for (Map.Entry<Integer, List<String>> e : bound.entrySet()) {
      String column = columns.get(e.getKey()).name();
      for (String v : e.getValue()) {
        checkValue(column, v);
      }
      List<String> usable = usable(e.getKey(), e.getValue());
      List<List<String>> lists = chunks(usable, valuesPerRequest(e.getKey()));
      if (widest < 0 || lists.size() > axes.get(widest).size()) {
        widest = axes.size();
      }
      keys.add(e.getKey());
      axes.add(lists);
      count *= lists.size();
    }
    int budget = adapter.options().callBudget();
    if (count > budget) {
      throw new OneStreamAdapterException(
          States.CALL_BUDGET,
          "The query would make "
              + count
              + " API calls to "
              + subject()
              + ", more than the call budget of "
              + budget
              + " (connection property callBudget); narrow the predicate on "
              + columns.get(keys.get(widest)).name()
              + " ("
              + describeCount(
                  bound.get(keys.get(widest)).size(),
                  axes.get(widest).stream().mapToInt(List::size).sum(),
                  axes.get(widest).size())
              + ") or raise the budget");
    }
    List<ApiRequest> out = new ArrayList<>();
    combine(keys, axes, 0, new java.util.TreeMap<>(), plan.projects(), out);
    return out;
  }

  private static String describeCount(int values, int usable, int requests) {
    if (usable < values) {
      return usable + " of its " + values + " values name members, in " + requests + " requests";
    }
    return values == requests
        ? values + " values"
        : values + " values in " + requests + " requests";
  }

  /** {@code values} in lists of at most {@code size}, in order; none for no values. */
  private static List<List<String>> chunks(List<String> values, int size) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i += size) {
      out.add(List.copyOf(values.subList(i, Math.min(values.size(), i + size))));
    }
    return out;
  }

  private void combine(
      List<Integer> keys,
      List<List<List<String>>> axes,
      int depth,
      java.util.TreeMap<Integer, List<String>> chosen,
      int[] projects,
      List<ApiRequest> out) {
    if (depth == keys.size()) {
      Map<Integer, List<String>> values = new java.util.TreeMap<>(chosen);
      ResultCache cache = adapter.resultCache();
      out.add(
          cache == null
              ? request(values, projects)
              : cache.cached(
                  subject(),
                  values,
                  cacheColumns(projects),
                  cols -> request(values, cols),
                  projects,
                  this::coveredWithout));
      return;
    }
    for (List<String> v : axes.get(depth)) {
      chosen.put(keys.get(depth), v);
      combine(keys, axes, depth + 1, chosen, projects, out);
    }
    chosen.remove(keys.get(depth));
  }

  /** As {@link #scan}, for a scan of one column: its values, not one-element rows. */
  public Enumerable<Object> scanScalar(DataContext root, ScanPlan plan) {
    return scan(root, plan).select(row -> row[0]);
  }

  /**
   * Runs a scan: called by the code Calcite generates for {@link OneStreamTableScan}. The requests
   * are planned when the enumerator is made, sent when rows are first asked for.
   */
  public Enumerable<Object[]> scan(DataContext root, ScanPlan plan) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        return RequestEnumerator.of(adapter, requests(plan, i -> root.get("?" + i)), root);
      }
    };
  }
}
