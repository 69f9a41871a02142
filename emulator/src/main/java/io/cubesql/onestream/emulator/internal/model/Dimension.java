package io.cubesql.onestream.emulator.internal.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The members of one dimension and their parent/child relationships. A member may have several
 * parents (alternate hierarchies, such as the entity rollup and the geographic rollup); each
 * relationship has an aggregation weight (1 or -1 for accounts, 1 elsewhere).
 */
public final class Dimension {
  /** A parent/child relationship. */
  public record Rel(Member parent, Member child, double weight) {}

  private final Dim dim;
  private final List<Member> members = new ArrayList<>();
  private final Map<String, Member> byName = new HashMap<>();
  private final Map<Integer, List<Rel>> children = new HashMap<>();
  private final Map<Integer, List<Rel>> parents = new HashMap<>();

  public Dimension(Dim dim) {
    this.dim = dim;
  }

  public Dim dim() {
    return dim;
  }

  /** Adds a member; names are unique within a dimension, ignoring case. */
  public void add(Member m) {
    if (byName.putIfAbsent(m.name().toLowerCase(Locale.ROOT), m) != null) {
      throw new IllegalArgumentException("Duplicate member " + m);
    }
    members.add(m);
  }

  /** Adds {@code child} under {@code parent}; children keep the order they are added in. */
  public void relate(Member parent, Member child, double weight) {
    Rel r = new Rel(parent, child, weight);
    children.computeIfAbsent(parent.id(), k -> new ArrayList<>()).add(r);
    parents.computeIfAbsent(child.id(), k -> new ArrayList<>()).add(r);
  }

  /** Every member, in the order they were added (their sort order). */
  public List<Member> members() {
    return Collections.unmodifiableList(members);
  }

  /** The member called {@code name}, ignoring case; null if none. */
  public Member member(String name) {
    return byName.get(name.toLowerCase(Locale.ROOT));
  }

  public List<Rel> childRels(Member m) {
    return children.getOrDefault(m.id(), List.of());
  }

  public List<Rel> parentRels(Member m) {
    return parents.getOrDefault(m.id(), List.of());
  }

  public List<Member> children(Member m) {
    return childRels(m).stream().map(Rel::child).toList();
  }

  public List<Member> parents(Member m) {
    return parentRels(m).stream().map(Rel::parent).toList();
  }

  public boolean isBase(Member m) {
    return !children.containsKey(m.id());
  }

  /** Members with no parent: the tops of the hierarchies, in sort order. */
  public List<Member> roots() {
    return members.stream().filter(m -> !parents.containsKey(m.id())).toList();
  }

  /** Every relationship, parents in sort order. */
  public List<Rel> relationships() {
    List<Rel> out = new ArrayList<>();
    for (Member m : members) {
      out.addAll(childRels(m));
    }
    return out;
  }

  /** The base members below {@code m} (or {@code m} itself when it is base), in tree order. */
  public List<Member> base(Member m) {
    return new ArrayList<>(baseWeights(m).keySet());
  }

  /**
   * The base members below {@code m} with the product of the weights on the way down. A base member
   * reached by two paths counts once (the first path), so alternate hierarchies that overlap do not
   * double count.
   */
  public Map<Member, Double> baseWeights(Member m) {
    Map<Member, Double> out = new LinkedHashMap<>();
    collectBase(m, 1.0, out);
    return out;
  }

  private void collectBase(Member m, double weight, Map<Member, Double> out) {
    List<Rel> rels = childRels(m);
    if (rels.isEmpty()) {
      out.putIfAbsent(m, weight);
      return;
    }
    for (Rel r : rels) {
      collectBase(r.child(), weight * r.weight(), out);
    }
  }

  /** The members below {@code m} in pre-order (parents before their children), without m. */
  public List<Member> descendants(Member m) {
    return new ArrayList<>(descendantDepths(m).keySet());
  }

  /**
   * The members below {@code m} in pre-order, each once, with how far below it they stand (its
   * children at 1).
   */
  public Map<Member, Integer> descendantDepths(Member m) {
    Map<Member, Integer> out = new LinkedHashMap<>();
    collectDescendants(m, 1, out);
    return out;
  }

  private void collectDescendants(Member m, int depth, Map<Member, Integer> out) {
    for (Rel r : childRels(m)) {
      if (out.putIfAbsent(r.child(), depth) == null) {
        collectDescendants(r.child(), depth + 1, out);
      }
    }
  }

  /** The members above {@code m} in every hierarchy, nearest first, without duplicates. */
  public List<Member> ancestors(Member m) {
    Set<Member> out = new LinkedHashSet<>();
    List<Member> frontier = parents(m);
    while (!frontier.isEmpty()) {
      List<Member> next = new ArrayList<>();
      for (Member p : frontier) {
        if (out.add(p)) {
          next.addAll(parents(p));
        }
      }
      frontier = next;
    }
    return new ArrayList<>(out);
  }

  /** How far {@code m} is below the top of its first hierarchy (a root has depth 0). */
  public int depth(Member m) {
    int d = 0;
    Member cur = m;
    while (!parentRels(cur).isEmpty()) {
      cur = parentRels(cur).get(0).parent();
      d++;
    }
    return d;
  }
}
