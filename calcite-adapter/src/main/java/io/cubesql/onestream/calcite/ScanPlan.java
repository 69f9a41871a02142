package io.cubesql.onestream.calcite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a scan of a OneStream table asks for: the table columns it returns, in order, and the values
 * allowed on each pushed POV column (a conjunction across columns, a disjunction within one). A
 * value is a {@link String}, a {@link Param} bound when the statement runs, or a {@link Like}
 * pattern the table turns into the members it matches. Immutable.
 */
public final class ScanPlan {
  /** A dynamic parameter {@code ?index} of a prepared statement. */
  record Param(int index) {
    @Override
    public String toString() {
      return "?" + index;
    }
  }

  /**
   * The members whose names match a SQL {@code LIKE} pattern (case-sensitive, as Calcite's {@code
   * LIKE}), with its escape character or null; alone on its column.
   */
  record Like(String pattern, String escape) {
    private static final org.apache.calcite.runtime.SqlFunctions.LikeFunction LIKE =
        new org.apache.calcite.runtime.SqlFunctions.LikeFunction();

    boolean matches(String name) {
      return escape == null ? LIKE.like(name, pattern) : LIKE.like(name, pattern, escape);
    }

    @Override
    public String toString() {
      return "LIKE '" + pattern + "'" + (escape == null ? "" : " ESCAPE '" + escape + "'");
    }
  }

  private final int[] projects;
  private final Map<Integer, List<Object>> values;

  private ScanPlan(int[] projects, Map<Integer, List<Object>> values) {
    this.projects = projects;
    this.values = Collections.unmodifiableMap(values);
  }

  /** Every column of a table of {@code width} columns, no predicate. */
  static ScanPlan all(int width) {
    int[] p = new int[width];
    Arrays.setAll(p, i -> i);
    return new ScanPlan(p, new TreeMap<>());
  }

  /** The table columns returned, in output order. */
  int[] projects() {
    return projects.clone();
  }

  int width() {
    return projects.length;
  }

  /** The table column of output field {@code field}. */
  int column(int field) {
    return projects[field];
  }

  /** The pushed predicates, keyed by table column, in column order. */
  Map<Integer, List<Object>> values() {
    return values;
  }

  /** This plan returning only output fields {@code fields} (indexes into the current output). */
  ScanPlan project(int[] fields) {
    int[] p = new int[fields.length];
    for (int i = 0; i < fields.length; i++) {
      p[i] = projects[fields[i]];
    }
    return new ScanPlan(p, new TreeMap<>(values));
  }

  /**
   * This plan with table column {@code column} restricted to {@code allowed}, or null when that
   * cannot be expressed (a column already restricted by a parameter or a pattern): the caller keeps
   * the predicate in Calcite instead.
   */
  ScanPlan restrict(int column, List<Object> allowed) {
    TreeMap<Integer, List<Object>> copy = new TreeMap<>(values);
    List<Object> old = copy.get(column);
    List<Object> next;
    if (old == null) {
      next = List.copyOf(new LinkedHashSet<>(allowed));
    } else {
      if (old.stream().anyMatch(v -> v instanceof Param || v instanceof Like)
          || allowed.stream().anyMatch(v -> v instanceof Param || v instanceof Like)) {
        return null;
      }
      Set<Object> keep = new LinkedHashSet<>(old);
      keep.retainAll(allowed);
      next = List.copyOf(keep);
    }
    copy.put(column, next);
    return new ScanPlan(projects.clone(), copy);
  }

  /**
   * The pushed values with parameters bound: {@code params} answers the value of {@code ?i}, and
   * {@code matching} the names a pattern on a column stands for (null: every name the column would
   * answer without a filter, so the column is left out). Each list keeps its order and loses
   * duplicates.
   */
  Map<Integer, List<String>> bind(
      java.util.function.IntFunction<Object> params,
      java.util.function.BiFunction<Integer, Like, List<String>> matching) {
    Map<Integer, List<String>> out = new TreeMap<>();
    for (Map.Entry<Integer, List<Object>> e : values.entrySet()) {
      Set<String> bound = new LinkedHashSet<>();
      boolean everything = false;
      for (Object v : e.getValue()) {
        if (v instanceof Like like) {
          List<String> names = matching.apply(e.getKey(), like);
          if (names == null) {
            everything = true;
          } else {
            bound.addAll(names);
          }
          continue;
        }
        Object x = v instanceof Param p ? params.apply(p.index()) : v;
        if (x != null) {
          bound.add(x.toString());
        }
      }
      if (!everything) {
        out.put(e.getKey(), new ArrayList<>(bound));
      }
    }
    return out;
  }

  /** Whether a parameter appears among the pushed values. */
  boolean hasParams() {
    return values.values().stream().flatMap(List::stream).anyMatch(v -> v instanceof Param);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScanPlan p
        && Arrays.equals(projects, p.projects)
        && values.equals(p.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(projects), values);
  }

  @Override
  public String toString() {
    return "ScanPlan" + Arrays.toString(projects) + values;
  }
}
