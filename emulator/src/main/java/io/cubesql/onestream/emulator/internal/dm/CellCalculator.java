package io.cubesql.onestream.emulator.internal.dm;

import io.cubesql.onestream.emulator.internal.model.AccountType;
import io.cubesql.onestream.emulator.internal.model.Dim;
import io.cubesql.onestream.emulator.internal.model.Dimension;
import io.cubesql.onestream.emulator.internal.model.Member;
import io.cubesql.onestream.emulator.internal.model.Metadata;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Runs the data management calculations on the {@code DataCell} table: consolidate, translate and
 * clear. The query engine reads what these write, so it relies on exactly these rules.
 *
 * <p><b>Stored cells.</b> Base entities hold their input in {@code C#Local} (their own currency).
 * Consolidation stores parent entities' {@code C#Local}; translation stores {@code C#USD}, {@code
 * C#CAD}, {@code C#EUR} for every entity whose own currency differs. No row is stored for an
 * entity's own currency (the engine reads {@code Local} for it), nor for {@code Translated} or
 * {@code Top} (the engine maps them). [ASSUMED: OneStream's storage is not public.]
 *
 * <p><b>Rates.</b> The rate from currency X to Y in month t is {@code RateToUSD[X] / RateToUSD[Y]}
 * from {@code FxRate}, with the {@code AverageRate} for flow accounts (REVENUE, EXPENSE, GROUP:
 * {@link AccountType#isFlow()}) and the {@code ClosingRate} for balance accounts (ASSET,
 * LIABILITY); the same currency has rate 1. [ASSUMED: the usual practice, income statement at the
 * average rate and balance sheet at the closing rate; rate tables are invented.]
 *
 * <p><b>Consolidate</b> (step CalcType {@code Consolidate}). Scope: the parent entities among the
 * step's entity filter members and their descendants (as {@code .DescendantsInclusive}, every
 * hierarchy below them), the scenario filter members, and the months of the time filter. Parents
 * are processed bottom-up (a parent after every child that is itself a parent), one set-based
 * statement per level. A parent's {@code Local} cells in scope are deleted, then rewritten as the
 * sum over its children of the child's {@code Local} cell times the rate from the child's currency
 * to the parent's, grouped by every other dimension (scenario, time, account, flow, origin, IC,
 * UD1..UD8). Simplification of this emulator [ASSUMED]: 100% ownership, no eliminations, no
 * relationship weights; Flow, Origin, IC and UD members are carried over unchanged (so the {@code
 * Elimination} origin stays empty).
 *
 * <p><b>Translate</b> (CalcType {@code Translate}). Scope: every entity (base and parent) in the
 * entity filter trees, scenarios and months as above. For each entity E and each application
 * currency X (a currency of {@code FxRate} that is also a Consolidation member) other than E's own,
 * E's {@code C#X} cells in scope are deleted and rewritten as E's {@code Local} cells times the
 * rate from E's currency to X. Translation reads {@code Local}, so a parent must be consolidated
 * first for its translation to be current (sequence {@code NightlyConsolidation} does that).
 *
 * <p><b>Clear</b> (StepType {@code ClearData}, CalcType {@code Consolidated}). Deletes, in scope,
 * the parent entities' {@code Local} cells and every entity's cells in an application currency.
 * Base entities' {@code Local} cells (the input) are never touched.
 *
 * <p>Each method runs on a connection the caller holds in one transaction: the caller commits or
 * rolls back, so a step writes all or nothing.
 */
final class CellCalculator {
  /** What one calculation did. */
  record Outcome(long cellsWritten, long cellsDeleted) {}

  /** The cells a step works on: entities, scenarios and months (Time members of one month). */
  record Scope(List<Member> entities, List<Member> scenarios, List<Member> months) {
    boolean isEmpty() {
      return entities.isEmpty() || scenarios.isEmpty() || months.isEmpty();
    }
  }

  private static final String[] RATE_TYPES = {"AverageRate", "ClosingRate"};

  /** The dimensions carried unchanged from a source cell to the cell written. */
  private static final List<Dim> CARRIED =
      Dim.CELL_DIMS.stream().filter(d -> d != Dim.ENTITY && d != Dim.CONSOLIDATION).toList();

  private final Metadata metadata;
  private final Dimension entityDim;
  private final int localId;

  CellCalculator(Metadata metadata) {
    this.metadata = metadata;
    this.entityDim = metadata.dimension(Dim.ENTITY);
    this.localId = metadata.require(Dim.CONSOLIDATION, "Local").id();
  }

  /**
   * The entities of the trees below {@code anchors}, anchors included, each once, in the order
   * first met.
   */
  List<Member> trees(Collection<Member> anchors) {
    Set<Member> out = new LinkedHashSet<>();
    for (Member m : anchors) {
      out.add(m);
      out.addAll(entityDim.descendants(m));
    }
    return new ArrayList<>(out);
  }

  /** Rewrites the {@code Local} cells of the parent entities in scope, bottom-up. */
  Outcome consolidate(Connection c, Scope scope) throws SQLException {
    List<Member> parents = scope.entities().stream().filter(e -> !entityDim.isBase(e)).toList();
    if (parents.isEmpty() || scope.isEmpty()) {
      return new Outcome(0, 0);
    }
    Set<String> currencies = new HashSet<>();
    for (Member p : parents) {
      currencies.add(p.currency());
      entityDim.children(p).forEach(ch -> currencies.add(ch.currency()));
    }
    checkRates(c, currencies, scope.months());
    long deleted;
    try (Statement st = c.createStatement()) {
      deleted =
          st.executeUpdate(
              "DELETE FROM DataCell WHERE ConsolidationId = "
                  + localId
                  + " AND EntityId IN "
                  + ids(parents)
                  + dataUnitWhere("", scope));
    }
    long written = 0;
    for (List<Member> level : levels(parents)) {
      try (Statement st = c.createStatement()) {
        written += st.executeUpdate(consolidateSql(level, scope));
      }
    }
    return new Outcome(written, deleted);
  }

  private String consolidateSql(List<Member> level, Scope scope) {
    String carried = carriedColumns("d.");
    return "INSERT INTO DataCell ("
        + allColumns()
        + ") SELECT r.ParentId, "
        + localId
        + ", "
        + carried
        + ", SUM(d.CellAmount * CASE WHEN c.Currency = p.Currency THEN 1"
        + " ELSE cr.RateToUSD / pr.RateToUSD END)"
        + " FROM DataCell d"
        + " JOIN Relationship r ON r.ChildId = d.EntityId"
        + " JOIN Member c ON c.MemberId = d.EntityId"
        + " JOIN Member p ON p.MemberId = r.ParentId"
        + rateJoins("c.Currency", "p.Currency")
        + " WHERE r.ParentId IN "
        + ids(level)
        // Filtering on the scanned table first spares the joins for cells of other entities.
        + " AND d.EntityId IN "
        + ids(level.stream().flatMap(p -> entityDim.children(p).stream()).distinct().toList())
        + " AND d.ConsolidationId = "
        + localId
        + dataUnitWhere("d.", scope)
        + " GROUP BY r.ParentId, "
        + carried;
  }

  /**
   * The parents grouped by height (1 = only base children), lowest first, so that every child is
   * complete before its parent reads it.
   */
  private List<List<Member>> levels(List<Member> parents) {
    Map<Member, Integer> height = new HashMap<>();
    TreeMap<Integer, List<Member>> byHeight = new TreeMap<>();
    for (Member p : parents) {
      byHeight.computeIfAbsent(height(p, height), k -> new ArrayList<>()).add(p);
    }
    return new ArrayList<>(byHeight.values());
  }

  private int height(Member m, Map<Member, Integer> memo) {
    Integer known = memo.get(m);
    if (known != null) {
      return known;
    }
    int h = 0;
    for (Member child : entityDim.children(m)) {
      h = Math.max(h, height(child, memo) + 1);
    }
    memo.put(m, h);
    return h;
  }

  /** Rewrites the cells in every application currency other than each entity's own. */
  Outcome translate(Connection c, Scope scope) throws SQLException {
    if (scope.isEmpty()) {
      return new Outcome(0, 0);
    }
    Map<String, Member> targets = applicationCurrencies(c);
    if (targets.isEmpty()) {
      return new Outcome(0, 0);
    }
    Set<String> currencies = new HashSet<>(targets.keySet());
    scope.entities().forEach(e -> currencies.add(e.currency()));
    checkRates(c, currencies, scope.months());
    long deleted;
    try (Statement st = c.createStatement()) {
      deleted =
          st.executeUpdate(
              "DELETE FROM DataCell WHERE ConsolidationId IN "
                  + ids(targets.values())
                  + " AND EntityId IN "
                  + ids(scope.entities())
                  + dataUnitWhere("", scope));
    }
    // One pass over the cells writes every target currency: pr is the target's rate row.
    String placeholders = String.join(", ", Collections.nCopies(targets.size(), "?"));
    StringBuilder target = new StringBuilder("CASE pr.Currency");
    for (Member m : targets.values()) {
      target.append(" WHEN ? THEN ").append(m.id());
    }
    target.append(" END");
    String sql =
        "INSERT INTO DataCell ("
            + allColumns()
            + ") SELECT d.EntityId, "
            + target
            + ", "
            + carriedColumns("d.")
            + ", d.CellAmount * cr.RateToUSD / pr.RateToUSD"
            + " FROM DataCell d"
            + " JOIN Member c ON c.MemberId = d.EntityId"
            + rateJoins("c.Currency", null)
            + " WHERE pr.Currency IN ("
            + placeholders
            + ") AND pr.Currency <> c.Currency AND d.ConsolidationId = "
            + localId
            + " AND d.EntityId IN "
            + ids(scope.entities())
            + dataUnitWhere("d.", scope);
    long written;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      // The currency names bind twice: in the CASE that picks the member, then in the IN list.
      for (int pass = 0; pass < 2; pass++) {
        for (String currency : targets.keySet()) {
          ps.setString(i++, currency);
        }
      }
      written = ps.executeUpdate();
    }
    return new Outcome(written, deleted);
  }

  /** Deletes consolidated and translated cells in scope; base input is kept. */
  Outcome clear(Connection c, Scope scope) throws SQLException {
    if (scope.isEmpty()) {
      return new Outcome(0, 0);
    }
    List<Member> parents = scope.entities().stream().filter(e -> !entityDim.isBase(e)).toList();
    List<Member> currencyMembers = new ArrayList<>(applicationCurrencies(c).values());
    StringBuilder where = new StringBuilder(" WHERE (");
    if (!parents.isEmpty()) {
      where.append("(ConsolidationId = ").append(localId);
      where.append(" AND EntityId IN ").append(ids(parents)).append(") OR ");
    }
    if (currencyMembers.isEmpty()) {
      where.append("1 = 0)");
    } else {
      where.append("(ConsolidationId IN ").append(ids(currencyMembers));
      where.append(" AND EntityId IN ").append(ids(scope.entities())).append("))");
    }
    try (Statement st = c.createStatement()) {
      long deleted = st.executeUpdate("DELETE FROM DataCell" + where + dataUnitWhere("", scope));
      return new Outcome(0, deleted);
    }
  }

  /** The currencies with rates that are also Consolidation members (USD, CAD, EUR), by name. */
  private Map<String, Member> applicationCurrencies(Connection c) throws SQLException {
    Map<String, Member> out = new TreeMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT DISTINCT Currency FROM FxRate")) {
      while (rs.next()) {
        Member m = metadata.member(Dim.CONSOLIDATION, rs.getString(1));
        if (m != null) {
          out.put(m.name(), m);
        }
      }
    }
    return out;
  }

  /**
   * Fails when a rate the calculation needs is missing: an inner join would otherwise drop those
   * cells without a word.
   */
  private void checkRates(Connection c, Set<String> currencies, List<Member> months)
      throws SQLException {
    Set<String> present = new HashSet<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT RateType, TimeId, Currency FROM FxRate WHERE TimeId IN " + ids(months))) {
      while (rs.next()) {
        present.add(rs.getString(1) + "/" + rs.getInt(2) + "/" + rs.getString(3));
      }
    }
    for (Member month : months) {
      for (String currency : currencies) {
        for (String type : RATE_TYPES) {
          if (!present.contains(type + "/" + month.id() + "/" + currency)) {
            throw new IllegalStateException(
                "There is no " + type + " for " + currency + " in " + month.name() + ".");
          }
        }
      }
    }
  }

  /**
   * Joins {@code cr} (rate of the source currency) and {@code pr} (rate of the target currency) for
   * the cell's month and the rate type its account calls for.
   *
   * @param targetCurrency the target currency's SQL expression; null leaves pr.Currency open, for
   *     the caller's WHERE to choose
   */
  private static String rateJoins(String sourceCurrency, String targetCurrency) {
    String balance =
        Arrays.stream(AccountType.values())
            .filter(t -> !t.isFlow())
            .map(t -> "'" + t.name() + "'")
            .collect(Collectors.joining(", "));
    return " JOIN Member a ON a.MemberId = d.AccountId"
        + " JOIN FxRate cr ON cr.TimeId = d.TimeId AND cr.Currency = "
        + sourceCurrency
        + " AND cr.RateType = CASE WHEN a.AccountType IN ("
        + balance
        + ") THEN 'ClosingRate' ELSE 'AverageRate' END"
        + " JOIN FxRate pr ON pr.TimeId = d.TimeId AND pr.RateType = cr.RateType"
        + (targetCurrency == null ? "" : " AND pr.Currency = " + targetCurrency);
  }

  private static String dataUnitWhere(String alias, Scope scope) {
    return " AND "
        + alias
        + "ScenarioId IN "
        + ids(scope.scenarios())
        + " AND "
        + alias
        + "TimeId IN "
        + ids(scope.months());
  }

  private static String allColumns() {
    return Dim.CELL_DIMS.stream().map(Dim::column).collect(Collectors.joining(", "))
        + ", CellAmount";
  }

  private static String carriedColumns(String alias) {
    return CARRIED.stream().map(d -> alias + d.column()).collect(Collectors.joining(", "));
  }

  /** An SQL list of member ids; ids are integers, so inlining them is safe. */
  private static String ids(Collection<Member> members) {
    return members.stream()
        .map(m -> Integer.toString(m.id()))
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
