package io.cubesql.onestream.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlExplainLevel;

/**
 * The scan of a {@link OneStreamTable} with what has been pushed into it (a {@link ScanPlan}). In
 * EXPLAIN it lists the exact requests it will send; when the plan is implemented, unsafe values and
 * plans over the call budget are refused, before anything is sent.
 */
public final class OneStreamTableScan extends TableScan implements EnumerableRel {
  final OneStreamTable oneStreamTable;
  final ScanPlan plan;

  OneStreamTableScan(
      RelOptCluster cluster, RelOptTable table, OneStreamTable oneStreamTable, ScanPlan plan) {
    super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), List.of(), table);
    this.oneStreamTable = oneStreamTable;
    this.plan = plan;
  }

  OneStreamTableScan withPlan(ScanPlan next) {
    return new OneStreamTableScan(getCluster(), getTable(), oneStreamTable, next);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return this;
  }

  @Override
  public RelDataType deriveRowType() {
    List<RelDataTypeField> fields = table.getRowType().getFieldList();
    var b = getCluster().getTypeFactory().builder();
    for (int i = 0; i < plan.width(); i++) {
      b.add(fields.get(plan.column(i)));
    }
    return b.build();
  }

  @Override
  public void register(RelOptPlanner planner) {
    for (RelOptRule r : OneStreamRules.RULES) {
      planner.addRule(r);
    }
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    super.explainTerms(pw);
    if (pw.getDetailLevel() == SqlExplainLevel.DIGEST_ATTRIBUTES) {
      // The planner's digest: cheap, and distinct for distinct plans.
      return pw.item("plan", plan);
    }
    return pw.item("requests", describeRequests());
  }

  /** The requests as EXPLAIN shows them: their count, then each. */
  String describeRequests() {
    if (plan.hasParams()) {
      return "bound when the statement runs: " + plan.values();
    }
    try {
      List<ApiRequest> requests = oneStreamTable.requests(plan, i -> null);
      StringBuilder b = new StringBuilder().append(requests.size()).append(": ");
      for (int i = 0; i < requests.size(); i++) {
        b.append(i == 0 ? "" : "; ").append(requests.get(i).describe());
      }
      return b.toString();
    } catch (OneStreamAdapterException e) {
      return "refused (" + e.sqlState() + "): " + e.getMessage();
    }
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    // Each pushed column narrows the answer; the planner prefers the scan that pushes most.
    return 1_000_000d * Math.pow(0.05, plan.values().size());
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double rows = estimateRowCount(mq);
    double width = plan.width() / (double) table.getRowType().getFieldCount();
    return planner.getCostFactory().makeCost(rows, rows * width, rows * width);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    if (!plan.hasParams()) {
      oneStreamTable.requests(plan, i -> null);
    }
    Expression table = implementor.stash(oneStreamTable, OneStreamTable.class);
    Expression scanPlan = implementor.stash(plan, ScanPlan.class);
    return scanCall(implementor, getRowType(), table, scanPlan);
  }

  /**
   * The code of a scan of {@code rowType}: {@code target.scan(root, extra...)}, or {@code
   * target.scanScalar(root, extra...)} for one column, which travels as the value itself (SCALAR),
   * as Calcite expects of a one-column result; more columns travel as an {@code Object[]} a row.
   * Either is wrapped in {@link #bounded}, so that a LIMIT right above the scan reads no row past
   * its count.
   */
  static Result scanCall(
      EnumerableRelImplementor implementor,
      RelDataType rowType,
      Expression target,
      Expression... extra) {
    boolean scalar = rowType.getFieldCount() == 1;
    PhysType physType =
        PhysTypeImpl.of(
            implementor.getTypeFactory(),
            rowType,
            scalar ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY,
            false);
    List<Expression> args = new ArrayList<>();
    args.add(implementor.getRootExpression());
    args.addAll(List.of(extra));
    Expression scan = Expressions.call(target, scalar ? "scanScalar" : "scan", args);
    return implementor.result(
        physType, Blocks.toBlock(Expressions.call(OneStreamTableScan.class, "bounded", scan)));
  }

  /**
   * {@code rows}, whose {@code take(n)} (what Calcite's {@code EnumerableLimit} calls on its input,
   * after {@code skip} for an offset) stops at the n-th row. linq4j's own asks its source for row n
   * + 1 before it stops, and to a scan that row can be a further page ({@code GetDataRequest}) or a
   * further request, fetched only for LIMIT to drop it. Called by the generated code.
   */
  public static <T> Enumerable<T> bounded(Enumerable<T> rows) {
    return rows instanceof Bounded<T> ? rows : new Bounded<>(rows);
  }

  /** See {@link #bounded}. */
  private static final class Bounded<T> extends AbstractEnumerable<T> {
    private final Enumerable<T> rows;

    Bounded(Enumerable<T> rows) {
      this.rows = rows;
    }

    @Override
    public Enumerator<T> enumerator() {
      return rows.enumerator();
    }

    @Override
    public Enumerable<T> skip(int count) {
      return new Bounded<>(rows.skip(count));
    }

    @Override
    public Enumerable<T> take(int count) {
      return new AbstractEnumerable<>() {
        @Override
        public Enumerator<T> enumerator() {
          Enumerator<T> source = rows.enumerator();
          return new Enumerator<>() {
            private int taken;

            @Override
            public T current() {
              return source.current();
            }

            @Override
            public boolean moveNext() {
              if (taken >= count || !source.moveNext()) {
                return false;
              }
              taken++;
              return true;
            }

            @Override
            public void reset() {
              source.reset();
              taken = 0;
            }

            @Override
            public void close() {
              source.close();
            }
          };
        }
      };
    }
  }
}
