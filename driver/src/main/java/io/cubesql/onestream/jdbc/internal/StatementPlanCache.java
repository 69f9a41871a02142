package io.cubesql.onestream.jdbc.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.CaffeineSpec;
import io.cubesql.onestream.jdbc.internal.NormalizedSql.Literal;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalcitePrepare.CalciteSignature;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.util.TryThreadLocal;

/**
 * The plans of one connection's {@code Statement} queries, keyed on their text with the safe
 * literals as parameters ({@link NormalizedSql}): a BI tool's {@code WHERE Entity = 'Houston'},
 * then {@code 'Montreal'}, is prepared once and then only bound, skipping Calcite's parse,
 * validation, planning and code generation.
 *
 * <p>A plan is Calcite's prepared signature of the normalized text; an execution gets its own copy
 * with the literals' values as the parameters, so the execution runs on its own Calcite statement
 * (its cancel flag, timeout, row limit and result set) and statements never share one. Whenever the
 * text cannot be normalized, the normalized text does not prepare, a parameter's type is not one a
 * literal converts to exactly, or a value does not fit it, the statement is prepared as written:
 * its answer and errors are those of the uncached path. A statement that fails to prepare as
 * written leaves nothing in the cache.
 *
 * <p>Only {@code Statement} executions use it ({@link #forStatement}): a {@code PreparedStatement}
 * already keeps its plan.
 */
final class StatementPlanCache {
  /** Set while a {@code Statement} of this driver prepares on this thread. */
  private static final ThreadLocal<Boolean> IN_STATEMENT = new ThreadLocal<>();

  /** A plan that cannot serve: its text is prepared as written every time. */
  private static final Plan UNUSABLE = new Plan(null);

  private final Cache<Key, Plan> plans;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong prepares = new AtomicLong();
  private final AtomicLong asWritten = new AtomicLong();

  /** A cache sized and timed by a Caffeine spec; {@code maximumSize=0} keeps nothing. */
  StatementPlanCache(String spec) {
    CaffeineSpec parsed = CaffeineSpec.parse(spec);
    this.plans = Caffeine.from(parsed).build();
  }

  /** Whether the cache keeps anything: {@code maximumSize=0} turns it off. */
  boolean enabled() {
    return plans.policy().eviction().map(e -> e.getMaximum() > 0).orElse(true);
  }

  /** A Calcite prepare that goes through this cache for {@code Statement} queries. */
  CalcitePrepare prepare() {
    return new CachingPrepare(this);
  }

  /** Runs {@code call} with this thread's prepares marked as a {@code Statement}'s. */
  static <T> T forStatement(OneStreamStatement.SqlCall<T> call) throws java.sql.SQLException {
    Boolean outer = IN_STATEMENT.get();
    IN_STATEMENT.set(Boolean.TRUE);
    try {
      return call.call();
    } finally {
      if (outer == null) {
        IN_STATEMENT.remove();
      } else {
        IN_STATEMENT.set(outer);
      }
    }
  }

  /** For tests: executions answered by a cached plan, without preparing their text. */
  long hits() {
    return hits.get();
  }

  /** For tests: normalized texts prepared for the cache. */
  long prepares() {
    return prepares.get();
  }

  /** For tests: cacheable statements prepared as written (a misfit value or an unusable plan). */
  long asWritten() {
    return asWritten.get();
  }

  /** For tests: the plans kept. */
  long size() {
    plans.cleanUp();
    return plans.estimatedSize();
  }

  void clear() {
    plans.invalidateAll();
  }

  /** Prepares the text it is given (the user's or the normalized one), as Calcite would. */
  @FunctionalInterface
  interface Preparer<T> {
    CalciteSignature<T> prepare(String sql, long maxRowCount);
  }

  <T> CalciteSignature<T> prepare(
      CalcitePrepare.Context context, String sql, long maxRowCount, Preparer<T> preparer) {
    NormalizedSql normalized = NormalizedSql.of(sql, parserConfig(context.config()));
    if (normalized == null) {
      return preparer.prepare(sql, maxRowCount);
    }
    Key key = new Key(List.copyOf(context.getDefaultSchemaPath()), normalized.sql());
    Plan plan = plans.getIfPresent(key);
    if (plan == null) {
      CalciteSignature<T> signature;
      try {
        prepares.incrementAndGet();
        signature = preparer.prepare(normalized.sql(), -1);
      } catch (RuntimeException e) {
        // As written, it either fails too (and nothing is kept) or works without parameters.
        CalciteSignature<T> written = preparer.prepare(sql, maxRowCount);
        plans.put(key, UNUSABLE);
        asWritten.incrementAndGet();
        return written;
      }
      plan = Plan.of(signature);
      plans.put(key, plan);
    } else if (plan != UNUSABLE) {
      hits.incrementAndGet();
    }
    Map<String, Object> values = plan.bind(normalized.literals());
    if (values == null) {
      asWritten.incrementAndGet();
      return preparer.prepare(sql, maxRowCount);
    }
    return plan.signature(sql, values, maxRowCount);
  }

  /** The parser configuration Calcite's own prepare uses for this connection. */
  private static SqlParser.Config parserConfig(CalciteConnectionConfig config) {
    SqlParser.Config parser =
        SqlParser.config()
            .withQuotedCasing(config.quotedCasing())
            .withUnquotedCasing(config.unquotedCasing())
            .withQuoting(config.quoting())
            .withConformance(config.conformance())
            .withCaseSensitive(config.caseSensitive());
    SqlParserImplFactory factory = config.parserFactory(SqlParserImplFactory.class, null);
    return factory == null ? parser : parser.withParserFactory(factory);
  }

  /** A plan's key: the default schema it was resolved in, and the normalized text. */
  private record Key(List<String> schemaPath, String sql) {}

  /** A prepared normalized text; null signature for {@link #UNUSABLE}. */
  private record Plan(CalciteSignature<?> signature) {
    static Plan of(CalciteSignature<?> signature) {
      if (signature.statementType != Meta.StatementType.SELECT) {
        return UNUSABLE;
      }
      for (AvaticaParameter p : signature.parameters) {
        if (!bindable(p.parameterType)) {
          return UNUSABLE;
        }
      }
      return new Plan(signature);
    }

    /** The parameter types a literal converts to without loss, in the same way as Calcite. */
    private static boolean bindable(int type) {
      switch (type) {
        case Types.VARCHAR:
        case Types.DOUBLE:
        case Types.DECIMAL:
        case Types.BIGINT:
        case Types.INTEGER:
        case Types.SMALLINT:
        case Types.TINYINT:
          return true;
        default:
          return false;
      }
    }

    /**
     * The literals as parameter values ({@code ?0}, {@code ?1}, … in Calcite's data context), or
     * null when one does not fit its parameter exactly, or the plan is unusable.
     */
    Map<String, Object> bind(List<Literal> literals) {
      if (signature == null || signature.parameters.size() != literals.size()) {
        return null;
      }
      Map<String, Object> values = new LinkedHashMap<>();
      for (int i = 0; i < literals.size(); i++) {
        Object v = value(signature.parameters.get(i), literals.get(i));
        if (v == null) {
          return null;
        }
        values.put("?" + i, v);
      }
      return values;
    }

    /**
     * {@code literal} in the Java type Calcite holds a parameter of {@code p}'s type in (as {@code
     * TypedValue.toLocal} gives it), or null if the literal is of another kind or does not fit.
     */
    private static Object value(AvaticaParameter p, Literal literal) {
      Object v = literal.value();
      if (p.parameterType == Types.VARCHAR) {
        return v instanceof String ? v : null;
      }
      if (!(v instanceof BigDecimal d)) {
        return null;
      }
      try {
        switch (p.parameterType) {
          case Types.DOUBLE:
            double x = d.doubleValue();
            return Double.isFinite(x) ? x : null;
          case Types.DECIMAL:
            return !literal.approximate()
                    && d.scale() <= p.scale
                    && d.precision() - d.scale() <= p.precision - p.scale
                ? d
                : null;
          case Types.BIGINT:
            return literal.approximate() || d.scale() > 0 ? null : d.longValueExact();
          case Types.INTEGER:
            return literal.approximate() || d.scale() > 0 ? null : d.intValueExact();
          case Types.SMALLINT:
            return literal.approximate() || d.scale() > 0 ? null : d.shortValueExact();
          case Types.TINYINT:
            return literal.approximate() || d.scale() > 0 ? null : d.byteValueExact();
          default:
            return null;
        }
      } catch (ArithmeticException e) {
        return null; // out of the parameter type's range
      }
    }

    /**
     * This plan for one execution of {@code sql}: the literals' values ride with Calcite's internal
     * parameters, which it puts in the execution's data context as {@code ?0}, {@code ?1}, …, and
     * the statement's row limit applies as it would to the plan of {@code sql}.
     */
    @SuppressWarnings("unchecked")
    <T> CalciteSignature<T> signature(String sql, Map<String, Object> values, long maxRowCount) {
      CalciteSignature<T> plan = (CalciteSignature<T>) signature;
      Map<String, Object> internal = new LinkedHashMap<>(plan.internalParameters);
      internal.putAll(values);
      return new CalciteSignature<>(
          sql,
          List.of(),
          internal,
          plan.rowType,
          plan.columns,
          plan.cursorFactory,
          plan.rootSchema,
          new ArrayList<>(plan.getCollationList()),
          maxRowCount,
          plan::enumerable,
          plan.statementType);
    }
  }

  /**
   * Calcite's prepare, with {@code Statement} queries going through the cache (when it is on), and
   * an {@code IN} list of any length kept a list of values: Calcite turns one of 20 values or more
   * into a join with a {@code VALUES} table ({@code inSubQueryThreshold}), which no rule pushes
   * into a scan, so the scan would read the whole cube. Kept a list, it becomes a pushed member
   * list.
   */
  private static final class CachingPrepare extends CalcitePrepareImpl {
    private final StatementPlanCache cache;

    CachingPrepare(StatementPlanCache cache) {
      this.cache = cache;
    }

    @Override
    public <T> CalciteSignature<T> prepareSql(
        Context context, Query<T> query, Type elementType, long maxRowCount) {
      try (TryThreadLocal.Memo ignored =
          Prepare.THREAD_INSUBQUERY_THRESHOLD.push(Integer.MAX_VALUE)) {
        if (query.sql == null || IN_STATEMENT.get() == null || !cache.enabled()) {
          return super.prepareSql(context, query, elementType, maxRowCount);
        }
        return cache.prepare(
            context,
            query.sql,
            maxRowCount,
            (sql, max) -> super.prepareSql(context, Query.of(sql), elementType, max));
      }
    }
  }
}
