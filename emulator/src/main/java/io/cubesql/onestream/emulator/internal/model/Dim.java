package io.cubesql.onestream.emulator.internal.model;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The 18 OneStream dimensions with their member-filter tokens (onestream-api.md §8 [DOC]). The data
 * unit is Entity, Parent, Scenario, Consolidation and Time.
 */
public enum Dim {
  ENTITY("Entity", "E#"),
  PARENT("Parent", "P#"),
  CONSOLIDATION("Consolidation", "C#"),
  SCENARIO("Scenario", "S#"),
  TIME("Time", "T#"),
  VIEW("View", "V#"),
  ACCOUNT("Account", "A#"),
  FLOW("Flow", "F#"),
  ORIGIN("Origin", "O#"),
  IC("IC", "I#", "IC#"),
  UD1("UD1", "U1#", "UD1#"),
  UD2("UD2", "U2#", "UD2#"),
  UD3("UD3", "U3#", "UD3#"),
  UD4("UD4", "U4#", "UD4#"),
  UD5("UD5", "U5#", "UD5#"),
  UD6("UD6", "U6#", "UD6#"),
  UD7("UD7", "U7#", "UD7#"),
  UD8("UD8", "U8#", "UD8#");

  /** The dimensions a cell coordinate names: all but Parent, in declaration order. */
  public static final List<Dim> COORDINATE_DIMS =
      Stream.of(values()).filter(d -> d != PARENT).toList();

  /** The dimensions a stored data cell has a member of: the coordinate ones but View. */
  public static final List<Dim> CELL_DIMS =
      COORDINATE_DIMS.stream().filter(d -> d != VIEW).toList();

  private final String displayName;
  private final String token;
  private final String alias;

  Dim(String displayName, String token) {
    this(displayName, token, null);
  }

  Dim(String displayName, String token, String alias) {
    this.displayName = displayName;
    this.token = token;
    this.alias = alias;
  }

  /** The name used in APIs and column names: Entity, Consolidation, …, UD1. */
  public String displayName() {
    return displayName;
  }

  /** The member-filter token, such as {@code E#}. */
  public String token() {
    return token;
  }

  /** The column of {@code DataCell} holding this dimension's member id. */
  public String column() {
    return displayName + "Id";
  }

  /** The dimension for a token such as {@code E#}, {@code IC#} or {@code UD1#}; null if none. */
  public static Dim forToken(String token) {
    String t = token.toUpperCase(Locale.ROOT);
    for (Dim d : values()) {
      if (d.token.equals(t) || t.equals(d.alias)) {
        return d;
      }
    }
    return null;
  }

  /** The dimension called {@code name} (Entity, UD1, …, ignoring case), or null. */
  public static Dim forName(String name) {
    for (Dim d : values()) {
      if (d.displayName.equalsIgnoreCase(name)) {
        return d;
      }
    }
    if (name.toUpperCase(Locale.ROOT).matches("U[1-8]")) {
      return valueOf("UD" + name.substring(1));
    }
    if (name.equalsIgnoreCase("Intercompany")) {
      return IC;
    }
    return null;
  }
}
