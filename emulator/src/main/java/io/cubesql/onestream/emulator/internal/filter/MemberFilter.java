package io.cubesql.onestream.emulator.internal.filter;

import io.cubesql.onestream.emulator.internal.api.ApiException;
import io.cubesql.onestream.emulator.internal.model.Dim;
import io.cubesql.onestream.emulator.internal.model.Dimension;
import io.cubesql.onestream.emulator.internal.model.Member;
import io.cubesql.onestream.emulator.internal.model.Metadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and expands OneStream member filters (onestream-api.md §8 [DOC]): tokens and their aliases
 * ({@code E#}, {@code IC#}, {@code UD1#}), comma lists, bracketed names ({@code E#[NA Clubs]}),
 * expansions ({@code .Member .Base .Children .ChildrenInclusive .Descendants .DescendantsInclusive
 * .Tree .Parents .Ancestors}), {@code .Where(Name Contains x)}, colon cells ({@code
 * A#Sales:T#2024M1}), header overrides ({@code :Name(Sales Jan)}) and column formulas ({@code
 * GetDataCell(S#Actual-S#Budget)}). Parameters ({@code |!Name!|}) are replaced before parsing, by
 * {@link SubstVars#substitute}.
 */
public final class MemberFilter {
  /**
   * One expanded row or column header: a member for each dimension the item names.
   *
   * @param members the members, in the order the item names their dimensions
   * @param label the {@code :Name(...)} override, or null
   * @param indent depth below the expansion's anchor (0 = top of a {@code .Tree})
   * @param formula a {@code GetDataCell} formula, or null
   */
  public record Header(Map<Dim, Member> members, String label, int indent, Formula formula) {
    /** The dimension the header is named after: the first one the item names. */
    public Dim dim() {
      return members.isEmpty() ? null : members.keySet().iterator().next();
    }

    /** The member the header is named after, or null for a formula without members. */
    public Member member() {
      return members.isEmpty() ? null : members.values().iterator().next();
    }
  }

  /** A signed sum of cells, each given by members that override the header's. */
  public record Formula(List<Term> terms) {}

  /** One term of a formula. */
  public record Term(double sign, Map<Dim, Member> members) {}

  private record Anchored(Member member, int indent) {}

  private static final Pattern TOKEN =
      Pattern.compile("^(UD[1-8]|U[1-8]|IC|[EPCSTVAFOI])#", Pattern.CASE_INSENSITIVE);
  private static final Pattern WHERE =
      Pattern.compile(
          "^\\s*(Name|Description|Text)\\s+(Contains|StartsWith|EndsWith|DoesNotContain|=|<>)"
              + "\\s+(.*?)\\s*$",
          Pattern.CASE_INSENSITIVE);

  private final Metadata metadata;
  private final Dim defaultDim;

  private MemberFilter(Metadata metadata, Dim defaultDim) {
    this.metadata = metadata;
    this.defaultDim = defaultDim;
  }

  /**
   * Expands {@code filter} into headers, in the order OneStream lists them.
   *
   * @param defaultDim the dimension of parts written without a token (as Analytics filters are:
   *     {@code 2023.Base}); null to require a token everywhere
   */
  public static List<Header> expand(String filter, Dim defaultDim, Metadata metadata) {
    return new MemberFilter(metadata, defaultDim).expandAll(filter);
  }

  /** The distinct members of one dimension that {@code filter} names, in order. */
  public static List<Member> members(String filter, Dim dim, Metadata metadata) {
    List<Member> out = new ArrayList<>();
    for (Header h : expand(filter, dim, metadata)) {
      Member m = h.members().get(dim);
      if (m == null || h.members().size() != 1) {
        throw ApiException.badRequest(
            "The filter '" + filter + "' must name members of " + dim.displayName() + " only.");
      }
      if (!out.contains(m)) {
        out.add(m);
      }
    }
    return out;
  }

  private List<Header> expandAll(String filter) {
    List<Header> out = new ArrayList<>();
    for (String item : split(filter, ',')) {
      if (!item.isBlank()) {
        out.addAll(expandItem(item.trim(), filter));
      }
    }
    return out;
  }

  private List<Header> expandItem(String item, String filter) {
    String label = null;
    Formula formula = null;
    List<Dim> dims = new ArrayList<>();
    List<List<Anchored>> lists = new ArrayList<>();
    for (String rawPart : split(item, ':')) {
      String part = rawPart.trim();
      String lower = part.toLowerCase(Locale.ROOT);
      if (lower.startsWith("name(")) {
        label = inside(part, "Name", filter);
      } else if (lower.startsWith("getdatacell(")) {
        formula = formula(inside(part, "GetDataCell", filter), filter);
      } else {
        Matcher tm = TOKEN.matcher(part);
        Dim dim;
        String rest;
        if (tm.find()) {
          dim = Dim.forToken(tm.group(1) + "#");
          rest = part.substring(tm.end());
        } else if (defaultDim != null) {
          dim = defaultDim;
          rest = part;
        } else {
          throw bad(filter, "'" + part + "' has no dimension token such as E# or A#");
        }
        if (dims.contains(dim)) {
          throw bad(filter, dim.displayName() + " appears twice in '" + item + "'");
        }
        dims.add(dim);
        lists.add(expandPart(dim, rest, filter));
      }
    }
    List<Header> out = new ArrayList<>();
    cross(dims, lists, 0, new LinkedHashMap<>(), 0, label, formula, out);
    if (dims.isEmpty() && formula != null) {
      out.add(new Header(Collections.emptyMap(), label, 0, formula));
    }
    return out;
  }

  private static void cross(
      List<Dim> dims,
      List<List<Anchored>> lists,
      int i,
      LinkedHashMap<Dim, Member> current,
      int indent,
      String label,
      Formula formula,
      List<Header> out) {
    if (i == dims.size()) {
      if (!current.isEmpty()) {
        out.add(
            new Header(
                Collections.unmodifiableMap(new LinkedHashMap<>(current)), label, indent, formula));
      }
      return;
    }
    for (Anchored a : lists.get(i)) {
      current.put(dims.get(i), a.member());
      cross(dims, lists, i + 1, current, i == 0 ? a.indent() : indent, label, formula, out);
      current.remove(dims.get(i));
    }
  }

  private List<Anchored> expandPart(Dim dim, String text, String filter) {
    String rest = text.trim();
    String name;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw bad(filter, "a bracketed name has no closing ']'");
      }
      name = rest.substring(1, close);
      rest = rest.substring(close + 1);
    } else {
      int dot = rest.indexOf('.');
      name = (dot < 0 ? rest : rest.substring(0, dot)).trim();
      rest = dot < 0 ? "" : rest.substring(dot);
    }
    Dimension dimension = metadata.dimension(dim);
    Member m = dimension.member(name);
    if (m == null) {
      throw ApiException.badRequest(
          "The member '" + name + "' does not exist in dimension " + dim.displayName() + ".");
    }
    List<Anchored> current = List.of(new Anchored(m, 0));
    while (!rest.isBlank()) {
      rest = rest.trim();
      if (!rest.startsWith(".")) {
        throw bad(filter, "unexpected text '" + rest + "'");
      }
      rest = rest.substring(1);
      int end = 0;
      while (end < rest.length() && Character.isLetter(rest.charAt(end))) {
        end++;
      }
      String function = rest.substring(0, end);
      rest = rest.substring(end);
      if (function.equalsIgnoreCase("Where")) {
        if (!rest.startsWith("(")) {
          throw bad(filter, ".Where needs a condition in parentheses");
        }
        int close = matching(rest, 0, filter);
        current = where(current, rest.substring(1, close), filter);
        rest = rest.substring(close + 1);
      } else {
        current = apply(dimension, current, function, filter);
      }
    }
    return current;
  }

  private static List<Anchored> apply(
      Dimension dimension, List<Anchored> input, String function, String filter) {
    List<Anchored> out = new ArrayList<>();
    for (Anchored a : input) {
      Member m = a.member();
      switch (function.toLowerCase(Locale.ROOT)) {
        case "member":
          out.add(a);
          break;
        case "base":
          dimension.base(m).forEach(b -> out.add(new Anchored(b, 0)));
          break;
        case "children":
          dimension.children(m).forEach(c -> out.add(new Anchored(c, 0)));
          break;
        case "childreninclusive":
          out.add(new Anchored(m, 0));
          dimension.children(m).forEach(c -> out.add(new Anchored(c, 1)));
          break;
        case "descendants":
          dimension.descendantDepths(m).forEach((d, depth) -> out.add(new Anchored(d, depth - 1)));
          break;
        case "descendantsinclusive":
        case "tree":
          out.add(new Anchored(m, 0));
          dimension.descendantDepths(m).forEach((d, depth) -> out.add(new Anchored(d, depth)));
          break;
        case "parents":
          dimension.parents(m).forEach(p -> out.add(new Anchored(p, 0)));
          break;
        case "ancestors":
          dimension.ancestors(m).forEach(p -> out.add(new Anchored(p, 0)));
          break;
        default:
          throw bad(filter, "'." + function + "' is not a member expansion this server knows");
      }
    }
    return out;
  }

  private static List<Anchored> where(List<Anchored> input, String condition, String filter) {
    Matcher wm = WHERE.matcher(condition);
    if (!wm.matches()) {
      throw bad(filter, "the condition '" + condition + "' is not understood");
    }
    String property = wm.group(1).toLowerCase(Locale.ROOT);
    String op = wm.group(2).toLowerCase(Locale.ROOT);
    String value = wm.group(3).toLowerCase(Locale.ROOT);
    List<Anchored> out = new ArrayList<>();
    for (Anchored a : input) {
      String subject =
          (property.equals("name") ? a.member().name() : a.member().description())
              .toLowerCase(Locale.ROOT);
      boolean keep;
      switch (op) {
        case "contains":
          keep = subject.contains(value);
          break;
        case "doesnotcontain":
          keep = !subject.contains(value);
          break;
        case "startswith":
          keep = subject.startsWith(value);
          break;
        case "endswith":
          keep = subject.endsWith(value);
          break;
        case "=":
          keep = subject.equals(value);
          break;
        default:
          keep = !subject.equals(value);
      }
      if (keep) {
        out.add(a);
      }
    }
    return out;
  }

  private Formula formula(String text, String filter) {
    List<Term> terms = new ArrayList<>();
    double sign = 1;
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '+';
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if (depth == 0 && (c == '+' || c == '-') && operatorAt(text, i)) {
        String term = text.substring(start, i).trim();
        if (!term.isEmpty()) {
          terms.add(new Term(sign, single(term, filter)));
        } else if (i < text.length() && !terms.isEmpty()) {
          throw bad(filter, "an operator in GetDataCell has no operand");
        }
        sign = c == '-' ? -1 : 1;
        start = i + 1;
      }
    }
    if (terms.isEmpty()) {
      throw bad(filter, "GetDataCell has no terms");
    }
    return new Formula(List.copyOf(terms));
  }

  /** A '+' or '-' separates terms only where a member script follows it. */
  private static boolean operatorAt(String text, int i) {
    return i == text.length() || TOKEN.matcher(text.substring(i + 1).trim()).find();
  }

  private Map<Dim, Member> single(String term, String filter) {
    Map<Dim, Member> members = new EnumMap<>(Dim.class);
    for (Header h : new MemberFilter(metadata, null).expandItem(term, filter)) {
      if (!members.isEmpty()) {
        throw bad(filter, "a GetDataCell term must name single members: " + term);
      }
      members.putAll(h.members());
    }
    return members;
  }

  private static String inside(String part, String function, String filter) {
    int open = part.indexOf('(');
    int close = matching(part, open, filter);
    if (!part.substring(close + 1).isBlank()) {
      throw bad(filter, "text follows " + function + "(...)");
    }
    return part.substring(open + 1, close);
  }

  private static int matching(String text, int open, String filter) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    throw bad(filter, "a '(' has no closing ')'");
  }

  /** Splits at {@code separator} outside brackets and parentheses. */
  private static List<String> split(String text, char separator) {
    List<String> out = new ArrayList<>();
    int brackets = 0;
    int parens = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '[') {
        brackets++;
      } else if (c == ']') {
        brackets--;
      } else if (c == '(') {
        parens++;
      } else if (c == ')') {
        parens--;
      } else if (c == separator && brackets == 0 && parens == 0) {
        out.add(text.substring(start, i));
        start = i + 1;
      }
    }
    out.add(text.substring(start));
    return out;
  }

  private static ApiException bad(String filter, String why) {
    return ApiException.badRequest("The member filter '" + filter + "' is invalid: " + why + ".");
  }
}
