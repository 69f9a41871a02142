package io.cubesql.onestream.calcite;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cubesql.onestream.client.DataSetReader;
import io.cubesql.onestream.client.DbLocation;
import io.cubesql.onestream.client.OneStreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import okhttp3.Call;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code TABLE(os_sql('SELECT ...', 'Application'))}: the administrator SQL pass-through ({@code
 * GetAdoDataSetForSqlCommand}, onestream-api.md §4 [DOC]), off unless the connection turns it on
 * (driver property {@code adminSql}). The query must be one read-only statement ({@link
 * ReadOnlySql}); the second argument, optional, is {@code Application} (the default), {@code
 * Framework} or {@code External:<connection name>}. Both must be literals: the columns are known
 * only by running the query.
 *
 * <p>OneStream's answer has no column types, nor any columns when it has no rows [ASSUMED: a .NET
 * DataSet as JSON]. So the query is run when the statement is prepared, and its first {@value
 * #SAMPLE} rows give the columns and their types: BIGINT where every value is a whole number,
 * DOUBLE where every value is a number, BOOLEAN where every value is one, else VARCHAR (dates
 * included, as the server writes them). An answer with no rows has one VARCHAR column, {@value
 * #NO_COLUMNS}. When the whole answer fits the sample, the statement's first execution reads those
 * rows and sends nothing more; later executions run the query again, and fail with {@code 0A000}
 * when its columns changed, and with {@code 22018} when a later value does not fit its column's
 * type (a fraction in a BIGINT column): prepare again, or CAST in the query.
 */
public final class AdminSql implements TableMacro {
  static final String NAME = "os_sql";

  /** The scan of an {@link Answer}: Calcite's code calls its {@code scan}. */
  static final class Scan extends TableScan implements EnumerableRel {
    private final Answer answer;

    Scan(RelOptCluster cluster, RelOptTable table, Answer answer) {
      super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), List.of(), table);
      this.answer = answer;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
      return this;
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
      return OneStreamTableScan.scanCall(
          implementor, getRowType(), implementor.stash(answer, Answer.class));
    }
  }

  /** The rows a prepare reads to learn the columns. */
  static final int SAMPLE = 1000;

  /** The one column of an answer with no rows. */
  static final String NO_COLUMNS = "(no rows)";

  /** Rows read at prepare serve an execution that starts within this time of it. */
  private static final Duration FRESH = Duration.ofSeconds(30);

  private final OneStreamAdapter adapter;

  /**
   * The answer made by the first of the two calls Calcite makes while preparing one statement (the
   * validator's, then the conversion's), for the second: by thread and arguments, taken once.
   */
  private final Cache<List<Object>, Answer> pending =
      Caffeine.newBuilder().expireAfterWrite(FRESH).maximumSize(100).build();

  AdminSql(OneStreamAdapter adapter) {
    this.adapter = adapter;
  }

  @Override
  public List<FunctionParameter> getParameters() {
    return List.of(parameter(0, "query", false), parameter(1, "dbLocation", true));
  }

  private static FunctionParameter parameter(int ordinal, String name, boolean optional) {
    return new FunctionParameter() {
      @Override
      public int getOrdinal() {
        return ordinal;
      }

      @Override
      public String getName() {
        return name;
      }

      @Override
      public RelDataType getType(RelDataTypeFactory typeFactory) {
        // A Java type: Calcite hands a macro a literal's value as the parameter's Java class.
        return typeFactory.createJavaType(String.class);
      }

      @Override
      public boolean isOptional() {
        return optional;
      }
    };
  }

  @Override
  public TranslatableTable apply(List<?> arguments) {
    if (!adapter.options().adminSql()) {
      throw new OneStreamAdapterException(
          States.ACCESS,
          NAME
              + " is off: the connection property adminSql=true turns on the administrator SQL"
              + " pass-through");
    }
    Object query = arguments.isEmpty() ? null : arguments.get(0);
    Object location = arguments.size() < 2 ? null : arguments.get(1);
    if (!(query instanceof String sql)) {
      throw new OneStreamAdapterException(
          States.ACCESS, NAME + " needs its query as a string literal, not a parameter");
    }
    String refusal = ReadOnlySql.refusal(sql);
    if (refusal != null) {
      throw new OneStreamAdapterException(
          States.ACCESS,
          NAME + " runs one read-only statement (SELECT or WITH) only, and " + refusal);
    }
    Target target = Target.of(location);
    List<Object> key = List.of(Thread.currentThread().getId(), sql, String.valueOf(location));
    Answer made = pending.asMap().remove(key);
    if (made != null) {
      return made;
    }
    Sample sample = sample(sql, target);
    made = new Answer(adapter, sql, target, sample.columns, sample.complete ? sample.rows : null);
    pending.put(key, made);
    return made;
  }

  /** Where the query runs. */
  private record Target(DbLocation location, String external) {
    static Target of(Object argument) {
      if (argument == null) {
        return new Target(DbLocation.APPLICATION, null);
      }
      if (!(argument instanceof String text)) {
        throw new OneStreamAdapterException(
            States.ACCESS, NAME + " needs its database location as a string literal");
      }
      String t = text.strip();
      for (DbLocation l : List.of(DbLocation.APPLICATION, DbLocation.FRAMEWORK)) {
        if (l.wire().equalsIgnoreCase(t)) {
          return new Target(l, null);
        }
      }
      String prefix = DbLocation.EXTERNAL.wire() + ":";
      if (t.regionMatches(true, 0, prefix, 0, prefix.length())
          && !t.substring(prefix.length()).isBlank()) {
        return new Target(DbLocation.EXTERNAL, t.substring(prefix.length()).strip());
      }
      throw new OneStreamAdapterException(
          States.INVALID_PARAMETER_VALUE,
          "The database location of "
              + NAME
              + " is Application, Framework or External:<connection name>, not '"
              + text
              + "'");
    }

    DataSetReader open(OneStreamAdapter adapter, String sql, Consumer<Call> onCall)
        throws OneStreamException {
      return adapter.client().sql(sql, location, external, null, null, onCall);
    }
  }

  /** The first rows of an answer, and the columns they show. */
  private record Sample(List<Column> columns, List<Object[]> rows, boolean complete) {}

  private Sample sample(String sql, Target target) {
    List<String> names = new ArrayList<>();
    List<Object[]> raw = new ArrayList<>();
    boolean complete;
    try (DataSetReader r = target.open(adapter, sql, c -> {})) {
      while (raw.size() < SAMPLE && r.nextRow()) {
        if (names.isEmpty()) {
          names.addAll(r.columns());
        }
        Object[] row = new Object[names.size()];
        for (int i = 0; i < row.length; i++) {
          row[i] = r.get(i);
        }
        raw.add(row);
      }
      complete = raw.size() < SAMPLE || !r.nextRow();
    } catch (OneStreamException e) {
      throw OneStreamAdapter.unchecked("run " + NAME, e);
    }
    if (names.isEmpty()) {
      return new Sample(
          List.of(new Column(NO_COLUMNS, SqlTypeName.VARCHAR, null, false, null)), raw, complete);
    }
    List<Column> columns = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      columns.add(
          new Column(unique(names.get(i), taken), typeOf(raw, i), names.get(i), false, null));
    }
    List<Object[]> rows = new ArrayList<>(raw.size());
    for (Object[] row : raw) {
      rows.add(convert(row, columns));
    }
    return new Sample(List.copyOf(columns), rows, complete);
  }

  /**
   * {@code name}, or {@code name_2}, {@code name_3}... when a column of that name (any case)
   * exists.
   */
  private static String unique(String name, Set<String> taken) {
    String candidate = name;
    for (int k = 2; !taken.add(candidate.toUpperCase(Locale.ROOT)); k++) {
      candidate = name + "_" + k;
    }
    return candidate;
  }

  /** The type every sampled value of column {@code i} fits. */
  private static SqlTypeName typeOf(List<Object[]> rows, int i) {
    boolean any = false;
    boolean whole = true;
    boolean number = true;
    boolean bool = true;
    for (Object[] row : rows) {
      Object v = row[i];
      if (v == null) {
        continue;
      }
      any = true;
      whole &= v instanceof Long || v instanceof Integer;
      number &= v instanceof Long || v instanceof Integer || v instanceof Double;
      bool &= v instanceof Boolean;
    }
    if (!any) {
      return SqlTypeName.VARCHAR;
    }
    return whole
        ? SqlTypeName.BIGINT
        : number ? SqlTypeName.DOUBLE : bool ? SqlTypeName.BOOLEAN : SqlTypeName.VARCHAR;
  }

  private static Object[] convert(Object[] raw, List<Column> columns) {
    Object[] out = new Object[columns.size()];
    for (int i = 0; i < out.length; i++) {
      Column c = columns.get(i);
      out[i] = Values.convert(i < raw.length ? raw[i] : null, c.type(), c.name());
    }
    return out;
  }

  /**
   * The answer of one prepared {@code os_sql} call. Public for the code Calcite generates, which
   * calls {@link #scan} on the instance the plan stashed.
   */
  public static final class Answer extends AbstractTable implements TranslatableTable {
    private final OneStreamAdapter adapter;
    private final String sql;
    private final Target target;
    private final List<Column> columns;
    private final AtomicReference<List<Object[]>> prepared;
    private final long preparedAt = System.nanoTime();

    Answer(
        OneStreamAdapter adapter,
        String sql,
        Target target,
        List<Column> columns,
        List<Object[]> rows) {
      this.adapter = adapter;
      this.sql = sql;
      this.target = target;
      this.columns = columns;
      this.prepared = new AtomicReference<>(rows);
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      return Column.rowType(typeFactory, columns);
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
      return new Scan(context.getCluster(), relOptTable, this);
    }

    /** As {@link #scan}, for one column: its values, not one-element rows. */
    public Enumerable<Object> scanScalar(DataContext root) {
      return scan(root).select(row -> row[0]);
    }

    /**
     * The rows: at the first execution soon after the prepare, those it read when they were the
     * whole answer; else the query is run again.
     */
    public Enumerable<Object[]> scan(DataContext root) {
      List<Object[]> rows = prepared.getAndSet(null);
      if (rows != null && System.nanoTime() - preparedAt < FRESH.toNanos()) {
        return Linq4j.asEnumerable(rows);
      }
      return new AbstractEnumerable<>() {
        @Override
        public Enumerator<Object[]> enumerator() {
          return RequestEnumerator.of(
              adapter,
              List.of(
                  ApiRequest.of(
                      NAME + "(" + target.location().wire() + ")",
                      handle -> new Rows(target.open(adapter, sql, handle)))),
              root);
        }
      };
    }

    /** The rows of a run at execution, checked against the columns learnt at prepare. */
    private final class Rows implements ApiRequest.RowStream {
      private final DataSetReader reader;
      private boolean checked;

      Rows(DataSetReader reader) {
        this.reader = reader;
      }

      @Override
      public Object[] next() throws OneStreamException {
        if (!reader.nextRow()) {
          return null;
        }
        if (!checked) {
          List<String> now = reader.columns();
          List<String> then = columns.stream().map(Column::source).toList();
          if (!now.equals(then)) {
            throw new OneStreamAdapterException(
                States.CHANGED,
                "The columns of "
                    + NAME
                    + " changed since the statement was prepared ("
                    + now
                    + " instead of "
                    + (then.contains(null) ? "none" : then.toString())
                    + "): prepare it again");
          }
          checked = true;
        }
        Object[] raw = new Object[columns.size()];
        for (int i = 0; i < raw.length; i++) {
          raw[i] = reader.get(i);
        }
        return convert(raw, columns);
      }

      @Override
      public void close() {
        reader.close();
      }
    }
  }
}
