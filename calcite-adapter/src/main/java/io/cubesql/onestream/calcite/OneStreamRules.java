package io.cubesql.onestream.calcite;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;

/** The rules that push filters and projections into a {@link OneStreamTableScan}. */
final class OneStreamRules {
  static final List<RelOptRule> RULES = List.of(new FilterRule(), new ProjectRule());

  private OneStreamRules() {}

  /**
   * Pushes the conjuncts of a filter that are equalities, IN lists or ORs of equalities between a
   * POV column and string literals (or parameters) into the scan, and a {@code LIKE} with a literal
   * pattern on a column whose table can list the members it matches; the rest stays a filter above
   * it, so results are right whatever is pushed. A pushed {@code LIKE} stays in the filter too: the
   * members it stands for are matched with Calcite's own {@code LIKE}, and the filter costs little.
   */
  @SuppressWarnings("deprecation")
  static final class FilterRule extends RelOptRule {
    FilterRule() {
      super(
          operand(Filter.class, operand(OneStreamTableScan.class, none())), "OneStreamFilterRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Filter filter = call.rel(0);
      OneStreamTableScan scan = call.rel(1);
      List<Column> columns = scan.oneStreamTable.columns();
      ScanPlan plan = scan.plan;
      List<RexNode> residual = new ArrayList<>();
      boolean pushed = false;
      for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
        Equalities eq = Equalities.of(conjunct);
        if (eq != null && columns.get(plan.column(eq.field)).pushable()) {
          ScanPlan next = plan.restrict(plan.column(eq.field), eq.values);
          if (next != null) {
            plan = next;
            pushed = true;
            continue;
          }
        }
        Integer likeField = likeField(conjunct);
        if (likeField != null && scan.oneStreamTable.matchable(plan.column(likeField))) {
          ScanPlan next = plan.restrict(plan.column(likeField), List.of(like(conjunct)));
          if (next != null) {
            plan = next;
            pushed = true;
          }
        }
        residual.add(conjunct);
      }
      if (!pushed) {
        return;
      }
      RelNode newScan = scan.withPlan(plan);
      RexBuilder rex = filter.getCluster().getRexBuilder();
      call.transformTo(
          residual.isEmpty()
              ? newScan
              : filter.copy(
                  filter.getTraitSet(), newScan, RexUtil.composeConjunction(rex, residual)));
    }
  }

  /**
   * The scan field a case-sensitive {@code column LIKE 'literal' [ESCAPE 'c']} tests, or null when
   * {@code e} is not of that form.
   */
  private static Integer likeField(RexNode e) {
    if (e.getKind() != org.apache.calcite.sql.SqlKind.LIKE
        || !(((RexCall) e).getOperator() instanceof SqlLikeOperator op)
        || op.isNegated()
        || !op.isCaseSensitive()) {
      return null;
    }
    List<RexNode> operands = ((RexCall) e).getOperands();
    if (!(operands.get(0) instanceof RexInputRef ref) || !Equalities.isText(ref)) {
      return null;
    }
    for (RexNode o : operands.subList(1, operands.size())) {
      if (!(o instanceof RexLiteral lit)
          || lit.getType().getFamily() != SqlTypeFamily.CHARACTER
          || lit.getValueAs(String.class) == null) {
        return null;
      }
    }
    return ref.getIndex();
  }

  /** The pattern of a conjunct {@link #likeField} accepted. */
  private static ScanPlan.Like like(RexNode e) {
    List<RexNode> operands = ((RexCall) e).getOperands();
    String pattern = ((RexLiteral) operands.get(1)).getValueAs(String.class);
    String escape =
        operands.size() > 2 ? ((RexLiteral) operands.get(2)).getValueAs(String.class) : null;
    return new ScanPlan.Like(pattern, escape);
  }

  /** The values one column must take: {@code field} of the scan's output, and the values. */
  private record Equalities(int field, List<Object> values) {
    /** The equalities {@code e} states, or null if it is not of that form. */
    static Equalities of(RexNode e) {
      switch (e.getKind()) {
        case EQUALS:
          {
            RexCall c = (RexCall) e;
            Equalities x = one(c.getOperands().get(0), c.getOperands().get(1));
            return x != null ? x : one(c.getOperands().get(1), c.getOperands().get(0));
          }
        case SEARCH:
          {
            RexCall c = (RexCall) e;
            if (!(c.getOperands().get(0) instanceof RexInputRef ref)
                || !(c.getOperands().get(1) instanceof RexLiteral lit)
                || !isText(ref)) {
              return null;
            }
            Sarg<?> sarg = lit.getValueAs(Sarg.class);
            if (sarg == null || !sarg.isPoints() || sarg.nullAs == RexUnknownAs.TRUE) {
              return null;
            }
            List<Object> values = new ArrayList<>();
            for (var range : sarg.rangeSet.asRanges()) {
              Object v = range.lowerEndpoint();
              String s = v instanceof NlsString n ? n.getValue() : null;
              if (s == null) {
                return null;
              }
              values.add(s);
            }
            return new Equalities(ref.getIndex(), values);
          }
        case OR:
          {
            Integer field = null;
            Set<Object> values = new LinkedHashSet<>();
            for (RexNode d : ((RexCall) e).getOperands()) {
              Equalities x = of(d);
              if (x == null || (field != null && field != x.field)) {
                return null;
              }
              field = x.field;
              values.addAll(x.values);
            }
            return field == null ? null : new Equalities(field, List.copyOf(values));
          }
        default:
          return null;
      }
    }

    private static Equalities one(RexNode left, RexNode right) {
      if (!(left instanceof RexInputRef ref) || !isText(ref)) {
        return null;
      }
      if (right instanceof RexLiteral lit && lit.getType().getFamily() == SqlTypeFamily.CHARACTER) {
        String s = lit.getValueAs(String.class);
        return s == null ? null : new Equalities(ref.getIndex(), List.of(s));
      }
      if (right instanceof RexDynamicParam p) {
        return new Equalities(ref.getIndex(), List.of(new ScanPlan.Param(p.getIndex())));
      }
      return null;
    }

    static boolean isText(RexInputRef ref) {
      return ref.getType().getFamily() == SqlTypeFamily.CHARACTER;
    }
  }

  /**
   * Narrows the scan to the columns a projection reads, so that the answer's unused columns are
   * never converted and description columns are not asked for unless read.
   */
  @SuppressWarnings("deprecation")
  static final class ProjectRule extends RelOptRule {
    ProjectRule() {
      super(
          operand(Project.class, operand(OneStreamTableScan.class, none())),
          "OneStreamProjectRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Project project = call.rel(0);
      OneStreamTableScan scan = call.rel(1);
      ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null);
      int width = scan.plan.width();
      if (used.cardinality() == width) {
        return;
      }
      int[] fields = used.toArray();
      int[] newIndex = new int[width];
      for (int i = 0; i < fields.length; i++) {
        newIndex[fields[i]] = i;
      }
      OneStreamTableScan newScan = scan.withPlan(scan.plan.project(fields));
      RexShuttle remap =
          new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
              return new RexInputRef(newIndex[ref.getIndex()], ref.getType());
            }
          };
      List<RexNode> exprs = new ArrayList<>();
      for (RexNode e : project.getProjects()) {
        exprs.add(e.accept(remap));
      }
      if (RexUtil.isIdentity(exprs, newScan.getRowType())
          && project.getRowType().getFieldNames().equals(newScan.getRowType().getFieldNames())) {
        call.transformTo(newScan);
        return;
      }
      call.transformTo(project.copy(project.getTraitSet(), newScan, exprs, project.getRowType()));
    }
  }
}
