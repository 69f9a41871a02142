package io.cubesql.onestream.emulator.internal.filter;

import io.cubesql.onestream.emulator.internal.api.ApiException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Substitution variables, {@code Name1=[Value1],Name2=[Value2]} (onestream-api.md §4 [DOC]);
 * brackets let a value hold commas and spaces, and bare {@code name=value} is accepted too
 * [CLIENT]. Names compare ignoring case.
 */
public final class SubstVars {
  private final Map<String, String> values;

  private SubstVars(Map<String, String> values) {
    this.values = values;
  }

  public static SubstVars empty() {
    return new SubstVars(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
  }

  /** Parses the comma-separated pairs; null or blank gives no variables. */
  public static SubstVars parse(String text) {
    Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (text == null) {
      return new SubstVars(out);
    }
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int eq = text.indexOf('=', i);
      if (eq < 0) {
        throw bad(text, "a pair has no '='");
      }
      String name = text.substring(i, eq).trim();
      if (name.isEmpty() || name.contains(",")) {
        throw bad(text, "a pair has no name");
      }
      i = eq + 1;
      while (i < n && text.charAt(i) == ' ') {
        i++;
      }
      String value;
      if (i < n && text.charAt(i) == '[') {
        int close = text.indexOf(']', i + 1);
        if (close < 0) {
          throw bad(text, "the value of '" + name + "' has no closing ']'");
        }
        value = text.substring(i + 1, close);
        i = close + 1;
        while (i < n && text.charAt(i) == ' ') {
          i++;
        }
        if (i < n && text.charAt(i) != ',') {
          throw bad(text, "text follows the value of '" + name + "'");
        }
      } else {
        int comma = text.indexOf(',', i);
        int end = comma < 0 ? n : comma;
        value = text.substring(i, end).trim();
        i = end;
      }
      out.put(name, value);
    }
    return new SubstVars(out);
  }

  private static ApiException bad(String text, String why) {
    return ApiException.badRequest(
        "CustomSubstVarsAsCommaSeparatedPairs is invalid (" + why + "): " + text);
  }

  /** The value of {@code name}, or null. */
  public String get(String name) {
    return values.get(name);
  }

  /** These variables, with {@code defaults} filling the names these do not set. */
  public SubstVars withDefaults(SubstVars defaults) {
    Map<String, String> merged = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    merged.putAll(defaults.values);
    merged.putAll(values);
    return new SubstVars(merged);
  }

  /** These variables with every value passed through {@code f}. */
  public SubstVars map(java.util.function.UnaryOperator<String> f) {
    Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    values.forEach((k, v) -> out.put(k, f.apply(v)));
    return new SubstVars(out);
  }

  public Map<String, String> asMap() {
    return java.util.Collections.unmodifiableMap(values);
  }

  /**
   * Replaces every {@code |!Name!|} in {@code text}.
   *
   * @throws UnresolvedParameterException when a parameter has no value
   */
  public String substitute(String text) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (true) {
      int start = text.indexOf("|!", i);
      if (start < 0) {
        out.append(text, i, text.length());
        return out.toString();
      }
      int end = text.indexOf("!|", start + 2);
      if (end < 0) {
        throw ApiException.badRequest("A parameter reference has no closing '!|': " + text);
      }
      String name = text.substring(start + 2, end);
      String value = values.get(name);
      if (value == null) {
        throw new UnresolvedParameterException(name);
      }
      out.append(text, i, start).append(value);
      i = end + 2;
    }
  }

  /** A {@code |!Name!|} reference that no variable and no default resolves. */
  public static final class UnresolvedParameterException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String parameter;

    public UnresolvedParameterException(String parameter) {
      super("The parameter |!" + parameter + "!| has no value.");
      this.parameter = parameter;
    }

    public String parameter() {
      return parameter;
    }
  }
}
