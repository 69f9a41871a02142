package io.cubesql.onestream.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
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
    return implementor.result(
        physType, Blocks.toBlock(Expressions.call(target, scalar ? "scanScalar" : "scan", args)));
  }
}
