package io.cubesql.onestream.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Substitution variables for a DataProvider or DataManagement call, sent as {@code
 * CustomSubstVarsAsCommaSeparatedPairs} in the form {@code Name1=[Value1],Name2=[Value2]}
 * (onestream-api.md §4 [DOC]). Immutable; {@link #and(String, String)} returns a new instance.
 *
 * <p>The brackets let a value hold commas and spaces, but nothing can escape a {@code ]} inside a
 * value, and {@code |!} would open a parameter reference inside a member filter. Such values are
 * refused when the call is made ({@link #toWire(String)}), never sent.
 */
public final class SubstVars {
  private static final SubstVars NONE = new SubstVars(Map.of());

  private final Map<String, String> vars;

  private SubstVars(Map<String, String> vars) {
    this.vars = vars;
  }

  /** No variables. */
  public static SubstVars none() {
    return NONE;
  }

  /** One variable. */
  public static SubstVars of(String name, String value) {
    return NONE.and(name, value);
  }

  /** The variables of {@code map}, in its iteration order. */
  public static SubstVars of(Map<String, String> map) {
    SubstVars out = NONE;
    for (Map.Entry<String, String> e : map.entrySet()) {
      out = out.and(e.getKey(), e.getValue());
    }
    return out;
  }

  /** These variables and {@code name}, which replaces an earlier value of the same name. */
  public SubstVars and(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Map<String, String> copy = new LinkedHashMap<>(vars);
    copy.put(name, value);
    return new SubstVars(Collections.unmodifiableMap(copy));
  }

  public boolean isEmpty() {
    return vars.isEmpty();
  }

  /** The variables, in the order they were added. */
  public Map<String, String> asMap() {
    return vars;
  }

  /**
   * The wire form {@code Name1=[Value1],Name2=[Value2]}.
   *
   * @param route the route about to be called, named in the error
   * @throws OneStreamException kind {@link ErrorKind#BAD_REQUEST} when a name or value cannot be
   *     expressed safely
   */
  public String toWire(String route) throws OneStreamException {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : vars.entrySet()) {
      String name = e.getKey();
      String value = e.getValue();
      if (name.isBlank() || name.matches(".*[=,\\[\\]|!].*")) {
        throw OneStreamException.of(
            ErrorKind.BAD_REQUEST,
            route,
            "Substitution variable name '"
                + name
                + "' is invalid: a name must not be blank nor contain = , [ ] | or !");
      }
      String bad = value.contains("]") ? "]" : value.contains("|!") ? "|!" : null;
      if (bad != null) {
        throw OneStreamException.of(
            ErrorKind.BAD_REQUEST,
            route,
            "Substitution variable '"
                + name
                + "' has the value '"
                + value
                + "', which contains '"
                + bad
                + "': the Name=[Value] form cannot carry it safely, so it was not sent");
      }
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(name).append("=[").append(value).append(']');
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubstVars s && s.vars.equals(vars);
  }

  @Override
  public int hashCode() {
    return vars.hashCode();
  }

  @Override
  public String toString() {
    return "SubstVars" + vars;
  }
}
