package io.cubesql.onestream.emulator.internal.model;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every dimension of an application, and its members by id. */
public final class Metadata {
  private final Map<Dim, Dimension> dimensions = new EnumMap<>(Dim.class);
  private final Map<Integer, Member> byId = new HashMap<>();

  public Metadata() {
    for (Dim d : Dim.values()) {
      dimensions.put(d, new Dimension(d));
    }
  }

  public Dimension dimension(Dim dim) {
    return dimensions.get(dim);
  }

  public void add(Member m) {
    dimensions.get(m.dim()).add(m);
    if (byId.putIfAbsent(m.id(), m) != null) {
      throw new IllegalArgumentException("Duplicate member id " + m.id());
    }
  }

  public Member byId(int id) {
    return byId.get(id);
  }

  /** The member of {@code dim} called {@code name}, or null. */
  public Member member(Dim dim, String name) {
    return dimensions.get(dim).member(name);
  }

  /** The member of {@code dim} called {@code name}; fails if there is none (for fixed names). */
  public Member require(Dim dim, String name) {
    Member m = member(dim, name);
    if (m == null) {
      throw new IllegalStateException("No member " + dim.token() + name);
    }
    return m;
  }

  public List<Member> members(Dim dim) {
    return dimensions.get(dim).members();
  }
}
