package io.cubesql.onestream.emulator.internal.engine;

import io.cubesql.onestream.emulator.internal.api.ApiException;
import io.cubesql.onestream.emulator.internal.data.AppDatabase;
import io.cubesql.onestream.emulator.internal.model.Dim;
import io.cubesql.onestream.emulator.internal.model.Dimension;
import io.cubesql.onestream.emulator.internal.model.Member;
import io.cubesql.onestream.emulator.internal.model.Metadata;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Computes cell values for any combination of members, parents included, from the stored base
 * cells. The rules, which the oracle tests and the README state too:
 *
 * <ul>
 *   <li>Entity parents are stored (written by consolidation); an entity parent that has not been
 *       consolidated has no cells.
 *   <li>Consolidation: {@code Local} is stored; a currency member ({@code USD}, {@code CAD}, {@code
 *       EUR}) reads {@code Local} for an entity of that currency and the translated cells
 *       otherwise; {@code Translated} and {@code Top} read the currency of the entity's parent in
 *       its first hierarchy (its own currency at the top). No eliminations, full ownership.
 *   <li>Account, Flow, Origin, IC and UD parents aggregate their base members on the fly, with the
 *       aggregation weights of the relationships (COGS and Operating Expenses subtract).
 *   <li>Time and View: flow accounts (revenue, expense) store periodic amounts: a time parent sums
 *       its months, YTD sums from the first month of the year. Balance accounts (asset, liability)
 *       store closing balances: any time member, in either view, reads its last month.
 * </ul>
 */
public final class CellEngine {
  private static final List<Dim> DIMS = Dim.COORDINATE_DIMS;
  private static final int ENTITY = DIMS.indexOf(Dim.ENTITY);
  private static final int CONS = DIMS.indexOf(Dim.CONSOLIDATION);
  private static final int TIME = DIMS.indexOf(Dim.TIME);
  private static final int VIEW = DIMS.indexOf(Dim.VIEW);
  private static final int ACCOUNT = DIMS.indexOf(Dim.ACCOUNT);

  private final AppDatabase db;
  private final Metadata md;
  private final Map<Integer, Member> monthByIndex = new HashMap<>();

  /** Indexed by account id: whether the account holds balances (asset, liability). */
  private final boolean[] balance;

  public CellEngine(AppDatabase db) {
    this.db = db;
    this.md = db.metadata();
    for (Member t : md.members(Dim.TIME)) {
      if (t.firstMonth() == t.lastMonth()) {
        monthByIndex.put(t.firstMonth(), t);
      }
    }
    int maxAccountId = md.members(Dim.ACCOUNT).stream().mapToInt(Member::id).max().orElse(0);
    balance = new boolean[maxAccountId + 1];
    for (Member a : md.members(Dim.ACCOUNT)) {
      balance[a.id()] = a.accountType() != null && !a.accountType().isFlow();
    }
  }

  /** A target of a stored value: the requested member index and the weight it enters with. */
  private record Target(int index, double weight) {}

  /**
   * Returns the cells at every combination of the requested members that has data.
   *
   * @param request the members of every dimension of {@link Dim#COORDINATE_DIMS}; each list
   *     non-empty and without duplicates
   */
  public CellSet query(Map<Dim, List<Member>> request) {
    List<List<Member>> requested = new ArrayList<>();
    BigInteger combinations = BigInteger.ONE;
    for (Dim d : DIMS) {
      List<Member> list = request.get(d);
      if (list == null || list.isEmpty()) {
        throw ApiException.badRequest("No member of " + d.displayName() + " is selected.");
      }
      List<Member> distinct = List.copyOf(new LinkedHashSet<>(list));
      requested.add(distinct);
      combinations = combinations.multiply(BigInteger.valueOf(distinct.size()));
    }
    if (combinations.bitLength() > 62) {
      throw ApiException.badRequest("The request names too many member combinations.");
    }
    // Inverse maps from a stored member id to the requested members it counts towards.
    Map<Integer, List<Target>>[] simple = newMaps();
    boolean direct = true;
    for (int d = 0; d < DIMS.size(); d++) {
      if (d == ENTITY || d == CONS || d == TIME || d == VIEW) {
        continue;
      }
      Dimension dimension = md.dimension(DIMS.get(d));
      List<Member> list = requested.get(d);
      for (int i = 0; i < list.size(); i++) {
        Member m = list.get(i);
        for (Map.Entry<Member, Double> b : dimension.baseWeights(m).entrySet()) {
          simple[d]
              .computeIfAbsent(b.getKey().id(), k -> new ArrayList<>())
              .add(new Target(i, b.getValue()));
        }
        direct &= dimension.isBase(m);
      }
    }
    // Entity x Consolidation: key = entityId * 2^20 + stored consolidation id.
    Map<Long, List<int[]>> entityCons = new HashMap<>();
    Set<Integer> storedCons = new LinkedHashSet<>();
    Member local = md.require(Dim.CONSOLIDATION, "Local");
    for (int e = 0; e < requested.get(ENTITY).size(); e++) {
      Member entity = requested.get(ENTITY).get(e);
      for (int c = 0; c < requested.get(CONS).size(); c++) {
        Member stored = storedConsolidation(entity, requested.get(CONS).get(c), local);
        storedCons.add(stored.id());
        entityCons
            .computeIfAbsent(((long) entity.id() << 20) + stored.id(), k -> new ArrayList<>())
            .add(new int[] {e, c});
      }
    }
    direct &= requested.get(CONS).size() == 1 && requested.get(CONS).get(0) == local;
    // Time x View, separately for flow and balance accounts: month id -> (time, view) targets.
    Map<Integer, List<int[]>> flowTime = new HashMap<>();
    Map<Integer, List<int[]>> balanceTime = new HashMap<>();
    for (int t = 0; t < requested.get(TIME).size(); t++) {
      Member time = requested.get(TIME).get(t);
      for (int v = 0; v < requested.get(VIEW).size(); v++) {
        boolean ytd = requested.get(VIEW).get(v).name().equalsIgnoreCase("YTD");
        int from = ytd ? time.lastMonth() / 12 * 12 : time.firstMonth();
        for (int month = from; month <= time.lastMonth(); month++) {
          flowTime.computeIfAbsent(monthId(month), k -> new ArrayList<>()).add(new int[] {t, v});
        }
        balanceTime
            .computeIfAbsent(monthId(time.lastMonth()), k -> new ArrayList<>())
            .add(new int[] {t, v});
        direct &= time.firstMonth() == time.lastMonth() && !ytd;
      }
    }
    direct &= requested.get(VIEW).size() == 1;

    String sql = sql(requested, simple, entityCons, storedCons, flowTime);
    Accumulator acc = new Accumulator(requested, direct);
    int[] idx = new int[DIMS.size()];
    try (Connection c = db.connection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      st.setFetchSize(10_000);
      int[] ids = new int[Dim.CELL_DIMS.size()];
      while (rs.next()) {
        for (int i = 0; i < ids.length; i++) {
          ids[i] = rs.getInt(i + 1);
        }
        double amount = rs.getDouble(ids.length + 1);
        List<int[]> ec = entityCons.get(((long) ids[0] << 20) + ids[1]);
        List<int[]> tv = (balance[ids[4]] ? balanceTime : flowTime).get(ids[3]);
        if (ec == null || tv == null) {
          continue;
        }
        // Stored column i of DataCell maps to coordinate dimension i, shifted after View.
        fanOut(simple, ids, ec, tv, idx, amount, acc);
      }
    } catch (SQLException e) {
      throw ApiException.serverError("The cell query failed.", e.getMessage());
    }
    return acc.result();
  }

  private void fanOut(
      Map<Integer, List<Target>>[] simple,
      int[] ids,
      List<int[]> ec,
      List<int[]> tv,
      int[] idx,
      double amount,
      Accumulator acc) {
    List<List<Target>> lists = new ArrayList<>(DIMS.size());
    for (int d = 0; d < DIMS.size(); d++) {
      if (simple[d] == null) {
        lists.add(null);
        continue;
      }
      List<Target> targets = simple[d].get(ids[STORED_COLUMN[d]]);
      if (targets == null) {
        return;
      }
      lists.add(targets);
    }
    for (int[] e : ec) {
      idx[ENTITY] = e[0];
      idx[CONS] = e[1];
      for (int[] t : tv) {
        idx[TIME] = t[0];
        idx[VIEW] = t[1];
        fanOutSimple(lists, 0, idx, amount, acc);
      }
    }
  }

  private void fanOutSimple(
      List<List<Target>> lists, int d, int[] idx, double amount, Accumulator acc) {
    while (d < lists.size() && lists.get(d) == null) {
      d++;
    }
    if (d == lists.size()) {
      acc.add(idx, amount);
      return;
    }
    for (Target t : lists.get(d)) {
      idx[d] = t.index();
      fanOutSimple(lists, d + 1, idx, amount * t.weight(), acc);
    }
  }

  /** The DataCell column (in {@link Dim#CELL_DIMS} order) of each coordinate dimension. */
  private static final int[] STORED_COLUMN =
      DIMS.stream().mapToInt(Dim.CELL_DIMS::indexOf).toArray();

  @SuppressWarnings("unchecked")
  private static Map<Integer, List<Target>>[] newMaps() {
    Map<Integer, List<Target>>[] maps = new Map[DIMS.size()];
    for (int d = 0; d < DIMS.size(); d++) {
      if (d != ENTITY && d != CONS && d != TIME && d != VIEW) {
        maps[d] = new HashMap<>();
      }
    }
    return maps;
  }

  private int monthId(int monthIndex) {
    Member m = monthByIndex.get(monthIndex);
    return m == null ? -1 : m.id();
  }

  /** The consolidation member whose stored cells answer {@code requested} for {@code entity}. */
  private Member storedConsolidation(Member entity, Member requested, Member local) {
    String name = requested.name();
    String currency;
    if (name.equalsIgnoreCase("Local")) {
      return local;
    } else if (name.equalsIgnoreCase("Translated") || name.equalsIgnoreCase("Top")) {
      List<Dimension.Rel> parents = md.dimension(Dim.ENTITY).parentRels(entity);
      currency = parents.isEmpty() ? entity.currency() : parents.get(0).parent().currency();
    } else {
      currency = name;
    }
    if (currency.equalsIgnoreCase(entity.currency())) {
      return local;
    }
    return md.require(Dim.CONSOLIDATION, currency);
  }

  private String sql(
      List<List<Member>> requested,
      Map<Integer, List<Target>>[] simple,
      Map<Long, List<int[]>> entityCons,
      Set<Integer> storedCons,
      Map<Integer, List<int[]>> flowTime) {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (Dim d : Dim.CELL_DIMS) {
      sql.append(d.column()).append(", ");
    }
    sql.append("CellAmount FROM DataCell WHERE ");
    Set<Integer> entities = new LinkedHashSet<>();
    for (long key : entityCons.keySet()) {
      entities.add((int) (key >> 20));
    }
    sql.append("1 = 1");
    in(sql, Dim.ENTITY, entities);
    in(sql, Dim.CONSOLIDATION, storedCons);
    // Balance months are a subset of flow months (the last month of each time member).
    in(sql, Dim.TIME, flowTime.keySet());
    for (int d = 0; d < DIMS.size(); d++) {
      if (simple[d] != null) {
        in(sql, DIMS.get(d), new TreeMap<>(simple[d]).keySet());
      }
    }
    return sql.toString();
  }

  /**
   * Adds {@code AND column IN (ids)}, or nothing when the ids cover every member that can hold a
   * stored cell (all base members; for Entity and Consolidation, all members), since scanning with
   * a predicate that keeps every row only costs time.
   */
  private void in(StringBuilder sql, Dim dim, Set<Integer> ids) {
    Dimension dimension = md.dimension(dim);
    boolean all = dim == Dim.ENTITY || dim == Dim.CONSOLIDATION;
    if (dimension.members().stream()
        .filter(m -> all || dimension.isBase(m))
        .allMatch(m -> ids.contains(m.id()))) {
      return;
    }
    sql.append(" AND ").append(dim.column()).append(" IN (");
    if (ids.isEmpty()) {
      sql.append("NULL");
    }
    int i = 0;
    for (int id : ids) {
      if (i++ > 0) {
        sql.append(',');
      }
      sql.append(id);
    }
    sql.append(')');
  }

  /** Gathers values per coordinate: summed when stored cells fan in, else appended as read. */
  private static final class Accumulator {
    private final List<List<Member>> requested;
    private final boolean direct;
    private final long[] strides;
    private final Map<Long, double[]> sums;
    private int[][] columns;
    private double[] values;
    private int size;

    Accumulator(List<List<Member>> requested, boolean direct) {
      this.requested = requested;
      this.direct = direct;
      this.strides = new long[DIMS.size()];
      long stride = 1;
      for (int d = DIMS.size() - 1; d >= 0; d--) {
        strides[d] = stride;
        stride *= requested.get(d).size();
      }
      this.sums = direct ? null : new HashMap<>();
      this.columns = new int[DIMS.size()][direct ? 1024 : 0];
      this.values = new double[direct ? 1024 : 0];
    }

    void add(int[] idx, double amount) {
      if (direct) {
        append(idx, amount);
        return;
      }
      long key = 0;
      for (int d = 0; d < idx.length; d++) {
        key += idx[d] * strides[d];
      }
      double[] sum = sums.get(key);
      if (sum == null) {
        sums.put(key, new double[] {amount});
      } else {
        sum[0] += amount;
      }
    }

    private void append(int[] idx, double amount) {
      amount = Money.round(amount);
      if (size == values.length) {
        int capacity = Math.max(16, size * 2);
        values = Arrays.copyOf(values, capacity);
        for (int d = 0; d < columns.length; d++) {
          columns[d] = Arrays.copyOf(columns[d], capacity);
        }
      }
      for (int d = 0; d < idx.length; d++) {
        columns[d][size] = idx[d];
      }
      values[size++] = amount;
    }

    CellSet result() {
      if (!direct) {
        int[] idx = new int[DIMS.size()];
        for (Map.Entry<Long, double[]> e : new TreeMap<>(sums).entrySet()) {
          long key = e.getKey();
          for (int d = 0; d < DIMS.size(); d++) {
            idx[d] = (int) (key / strides[d]);
            key %= strides[d];
          }
          append(idx, e.getValue()[0]);
        }
      }
      return new CellSet(DIMS, requested, columns, values, size);
    }
  }
}
