package io.cubesql.onestream.jdbc.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * A query's text with its safe literals replaced by {@code ?}, and the literals' values: the key of
 * {@link StatementPlanCache}, under which texts that differ only in those literals share one plan.
 *
 * <p>A literal is safe when replacing it by a parameter cannot change what the plan does, only the
 * value it compares with. That is a character or numeric literal compared ({@code = <> < <= > >=},
 * {@code IN}, {@code BETWEEN}) with a plain column name, in a {@code WHERE}, {@code HAVING} or
 * {@code ON} condition reached through {@code AND}, {@code OR} and {@code NOT} only, of the query
 * or of a query in its {@code FROM}, set operations or {@code WITH}. Calcite folds literals where
 * it can see two of them meet (in {@code x = 'a' AND x = 'b'} it sees a contradiction and sends
 * nothing), so the column must be named only once in all the statement's conditions and must not be
 * an alias of an expression; an {@code IN} list must be short (Calcite turns 20 values or more into
 * a join) and strictly ascending, as Calcite sorts literal lists; {@code BETWEEN} bounds strictly
 * ascending. Anything else stays a literal in the text: select lists, {@code GROUP BY} and {@code
 * ORDER BY}, {@code LIMIT}, function arguments, dates, intervals, negative numbers.
 *
 * <p>The literals are cut out of the text itself, by their parser positions (each checked against
 * the text), so what Calcite prepares is the user's text but for the {@code ?}s.
 */
record NormalizedSql(String sql, List<Literal> literals) {
  /** Calcite converts an IN list of this many values or more into a join with VALUES. */
  static final int IN_LIST_LIMIT = 20;

  /** Exact literals longer than this stay literals: they may be out of range for Calcite. */
  private static final int MAX_DIGITS = 18;

  /**
   * One literal turned into a parameter: a {@link String} or a {@link BigDecimal}; {@code
   * approximate} for a number written with an exponent ({@code 1e3}).
   */
  record Literal(Object value, boolean approximate) {}

  /**
   * The normalized form of {@code sql}, or null when the statement is not one query that can be
   * cached: it does not parse as one statement, is not a query, already has parameters, or calls a
   * table function (whose row type is learnt when it is prepared, such as {@code os_sql}).
   */
  static NormalizedSql of(String sql, SqlParser.Config parserConfig) {
    SqlNode node;
    try {
      node = SqlParser.create(sql, parserConfig).parseStmt();
    } catch (SqlParseException | RuntimeException e) {
      return null;
    }
    if (!node.getKind().belongsTo(SqlKind.QUERY)) {
      return null;
    }
    Survey survey = new Survey();
    try {
      node.accept(survey);
    } catch (RuntimeException e) {
      return null;
    }
    if (survey.refused) {
      return null;
    }
    Finder finder = new Finder(sql, survey);
    finder.query(node);
    List<Cut> cuts = finder.cuts;
    cuts.sort(Comparator.comparingInt(Cut::start));
    StringBuilder text = new StringBuilder(sql.length());
    List<Literal> literals = new ArrayList<>(cuts.size());
    int at = 0;
    for (Cut c : cuts) {
      if (c.start() < at) {
        return null; // overlapping positions: not what a parser gives
      }
      text.append(sql, at, c.start()).append('?');
      literals.add(c.literal());
      at = c.end();
    }
    text.append(sql, at, sql.length());
    return new NormalizedSql(text.toString(), List.copyOf(literals));
  }

  /** A literal's place in the text, {@code [start, end)}. */
  private record Cut(int start, int end, Literal literal) {}

  /**
   * Walks the whole statement once: counts the column names used in conditions, notes the names
   * that stand for expressions, and refuses parameters and table functions.
   */
  private static final class Survey extends SqlBasicVisitor<Void> {
    final Map<String, Integer> conditionNames = new HashMap<>();
    final Set<String> expressionNames = new HashSet<>();
    boolean refused;

    @Override
    public Void visit(SqlDynamicParam param) {
      refused = true;
      return null;
    }

    @Override
    public Void visit(SqlCall call) {
      switch (call.getKind()) {
        case COLLECTION_TABLE:
          refused = true;
          return null;
        case SELECT:
          {
            SqlSelect select = (SqlSelect) call;
            countNames(select.getWhere());
            countNames(select.getHaving());
            for (SqlNode item : select.getSelectList()) {
              if (item instanceof SqlCall as
                  && as.getKind() == SqlKind.AS
                  && !(as.operand(0) instanceof SqlIdentifier)) {
                expressionNames.add(name(as.operand(1)));
              }
            }
            break;
          }
        case JOIN:
          countNames(((SqlJoin) call).getCondition());
          break;
        case AS:
          // FROM (...) AS t (a, b): the column names stand for whatever the subquery computes.
          for (int i = 2; i < call.operandCount(); i++) {
            expressionNames.add(name(call.operand(i)));
          }
          break;
        case WITH_ITEM:
          {
            SqlNodeList columns = ((SqlWithItem) call).columnList;
            if (columns != null) {
              columns.forEach(c -> expressionNames.add(name(c)));
            }
            break;
          }
        default:
          break;
      }
      return super.visit(call);
    }

    private void countNames(SqlNode condition) {
      if (condition == null) {
        return;
      }
      condition.accept(
          new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier id) {
              if (!id.isStar()) {
                conditionNames.merge(name(id), 1, Integer::sum);
              }
              return null;
            }
          });
    }

    /** Whether a comparison with column {@code id} may take a parameter for its literal. */
    boolean comparable(SqlNode node) {
      if (!(node instanceof SqlIdentifier id) || id.isStar()) {
        return false;
      }
      String name = name(id);
      return conditionNames.getOrDefault(name, 0) == 1
          && !expressionNames.contains(name)
          && !name.startsWith("EXPR$");
    }

    /** The last part of a name, as the connection matches it: ignoring case. */
    private static String name(SqlNode node) {
      if (!(node instanceof SqlIdentifier id) || id.names.isEmpty()) {
        return "";
      }
      return id.names.get(id.names.size() - 1).toUpperCase(Locale.ROOT);
    }
  }

  /** Finds the safe literals of the query blocks, following the rules of the class comment. */
  private static final class Finder {
    final String sql;
    final Survey survey;
    final int[] lineStarts;
    final List<Cut> cuts = new ArrayList<>();

    Finder(String sql, Survey survey) {
      this.sql = sql;
      this.survey = survey;
      this.lineStarts = lineStarts(sql);
    }

    void query(SqlNode node) {
      if (node == null) {
        return;
      }
      switch (node.getKind()) {
        case SELECT:
          {
            SqlSelect select = (SqlSelect) node;
            from(select.getFrom());
            condition(select.getWhere());
            condition(select.getHaving());
            break;
          }
        case UNION:
        case INTERSECT:
        case EXCEPT:
          ((SqlCall) node).getOperandList().forEach(this::query);
          break;
        case ORDER_BY:
          query(((SqlOrderBy) node).query);
          break;
        case WITH:
          {
            SqlWith with = (SqlWith) node;
            for (SqlNode item : with.withList) {
              query(((SqlWithItem) item).query);
            }
            query(with.body);
            break;
          }
        default:
          break;
      }
    }

    private void from(SqlNode node) {
      if (node == null) {
        return;
      }
      switch (node.getKind()) {
        case JOIN:
          {
            SqlJoin join = (SqlJoin) node;
            from(join.getLeft());
            from(join.getRight());
            if (join.getConditionType() == JoinConditionType.ON) {
              condition(join.getCondition());
            }
            break;
          }
        case AS:
          from(((SqlCall) node).operand(0));
          break;
        default:
          if (node.getKind().belongsTo(SqlKind.QUERY)) {
            query(node);
          }
          break;
      }
    }

    private void condition(SqlNode node) {
      if (!(node instanceof SqlCall call)) {
        return;
      }
      switch (call.getKind()) {
        case AND:
        case OR:
        case NOT:
          call.getOperandList().forEach(this::condition);
          break;
        case EQUALS:
        case NOT_EQUALS:
        case LESS_THAN:
        case LESS_THAN_OR_EQUAL:
        case GREATER_THAN:
        case GREATER_THAN_OR_EQUAL:
          {
            SqlNode left = call.operand(0);
            SqlNode right = call.operand(1);
            if (survey.comparable(left)) {
              cutAll(List.of(right));
            } else if (survey.comparable(right)) {
              cutAll(List.of(left));
            }
            break;
          }
        case IN:
        case NOT_IN:
          if (survey.comparable(call.operand(0))
              && call.operand(1) instanceof SqlNodeList list
              && list.size() < IN_LIST_LIMIT) {
            cutAll(list.getList());
          }
          break;
        case BETWEEN:
          if (call.getOperator() instanceof SqlBetweenOperator between
              && between.flag == SqlBetweenOperator.Flag.ASYMMETRIC
              && survey.comparable(call.operand(0))) {
            cutAll(List.of(call.operand(1), call.operand(2)));
          }
          break;
        default:
          break;
      }
    }

    /**
     * Cuts every node of {@code nodes}, or none: each must be a safe literal, all of one kind, in
     * strictly ascending order.
     */
    private void cutAll(List<SqlNode> nodes) {
      List<Cut> found = new ArrayList<>();
      for (SqlNode n : nodes) {
        Cut c = cut(n);
        if (c == null) {
          return;
        }
        if (!found.isEmpty() && !ascending(found.get(found.size() - 1).literal(), c.literal())) {
          return;
        }
        found.add(c);
      }
      cuts.addAll(found);
    }

    private static boolean ascending(Literal a, Literal b) {
      if (a.value() instanceof String x && b.value() instanceof String y) {
        return x.compareTo(y) < 0;
      }
      if (a.value() instanceof BigDecimal x && b.value() instanceof BigDecimal y) {
        return a.approximate() == b.approximate() && x.compareTo(y) < 0;
      }
      return false;
    }

    /** {@code node} as a literal to cut out of the text, or null if it is not a safe one. */
    private Cut cut(SqlNode node) {
      int start = offset(node.getParserPosition(), false);
      int end = offset(node.getParserPosition(), true);
      if (start < 0 || end <= start || end > sql.length()) {
        return null;
      }
      String text = sql.substring(start, end);
      if (node instanceof SqlCharStringLiteral s) {
        String value = s.getValueAs(String.class);
        if (value == null || !text.equals("'" + value.replace("'", "''") + "'")) {
          return null; // a charset prefix, a Unicode escape, or a literal in parts
        }
        return new Cut(start, end, new Literal(value, false));
      }
      if (node instanceof SqlNumericLiteral n) {
        BigDecimal value = n.getValueAs(BigDecimal.class);
        boolean approximate = !n.isExact();
        String shape = approximate ? "\\d+(\\.\\d*)?[eE][+-]?\\d+" : "\\d+(\\.\\d*)?|\\.\\d+";
        if (value == null
            || !text.matches(shape)
            || new BigDecimal(text).compareTo(value) != 0
            || (!approximate && value.precision() > MAX_DIGITS)) {
          return null;
        }
        return new Cut(start, end, new Literal(value, approximate));
      }
      return null;
    }

    /** The offset in the text of a position's start, or just past its end; -1 if out of range. */
    private int offset(SqlParserPos pos, boolean end) {
      int line = end ? pos.getEndLineNum() : pos.getLineNum();
      int column = end ? pos.getEndColumnNum() : pos.getColumnNum();
      if (line < 1 || line > lineStarts.length || column < 1) {
        return -1;
      }
      return lineStarts[line - 1] + column - (end ? 0 : 1);
    }

    /**
     * Where each line starts, as the parser counts lines ({@code \n}, {@code \r\n}, {@code \r}).
     */
    private static int[] lineStarts(String s) {
      List<Integer> starts = new ArrayList<>();
      starts.add(0);
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
          i++;
          starts.add(i + 1);
        } else if (c == '\n' || c == '\r') {
          starts.add(i + 1);
        }
      }
      return starts.stream().mapToInt(Integer::intValue).toArray();
    }
  }
}
