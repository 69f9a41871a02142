package io.cubesql.onestream.emulator.internal.app;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cubesql.onestream.emulator.internal.api.ApiException;
import io.cubesql.onestream.emulator.internal.data.AppDatabase;
import io.cubesql.onestream.emulator.internal.engine.CellEngine;
import io.cubesql.onestream.emulator.internal.engine.CellSet;
import io.cubesql.onestream.emulator.internal.engine.Money;
import io.cubesql.onestream.emulator.internal.filter.MemberFilter;
import io.cubesql.onestream.emulator.internal.filter.MemberFilter.Header;
import io.cubesql.onestream.emulator.internal.filter.SubstVars;
import io.cubesql.onestream.emulator.internal.model.Dim;
import io.cubesql.onestream.emulator.internal.model.Member;
import io.cubesql.onestream.emulator.internal.model.Metadata;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Cube view definitions and their evaluation into the reporting table of onestream-api.md §4: the
 * POV, then each row definition (nested levels crossed) against every expanded column, with
 * zero-row suppression.
 */
final class CubeViews {
  /** One row or column definition; {@code filter2} is the nested level of a row, or null. */
  record Axis(String name, String filter1, String filter2, boolean suppressZeroRows) {}

  /** A stored cube view. */
  record Definition(
      String name,
      String description,
      String cube,
      String pov,
      String parameters,
      List<Axis> rows,
      List<Axis> cols) {}

  /** One evaluated row: its header per nesting level, and a value per expanded column. */
  record GridRow(String definition, List<Header> headers, Double[] values) {}

  /** An evaluated cube view. */
  record Grid(List<Header> columns, List<GridRow> rows) {}

  private static final Map<Dim, String> POV_DEFAULTS = new EnumMap<>(Dim.class);

  static {
    POV_DEFAULTS.put(Dim.CONSOLIDATION, "Local");
    POV_DEFAULTS.put(Dim.SCENARIO, "Actual");
    POV_DEFAULTS.put(Dim.VIEW, "Periodic");
    for (Dim d :
        List.of(
            Dim.FLOW,
            Dim.ORIGIN,
            Dim.IC,
            Dim.UD1,
            Dim.UD2,
            Dim.UD3,
            Dim.UD4,
            Dim.UD5,
            Dim.UD6,
            Dim.UD7,
            Dim.UD8)) {
      POV_DEFAULTS.put(d, "Top");
    }
  }

  private final Metadata md;
  private final CellEngine engine;
  private final Map<String, Definition> definitions = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  CubeViews(AppDatabase db, CellEngine engine) throws SQLException {
    this.md = db.metadata();
    this.engine = engine;
    try (Connection c = db.connection();
        Statement st = c.createStatement()) {
      Map<Integer, List<Axis>> rows = new LinkedHashMap<>();
      Map<Integer, List<Axis>> cols = new LinkedHashMap<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT CubeViewItemId, Axis, DefName, MemberFilter1, MemberFilter2,"
                  + " SuppressZeroRows FROM cubeviewrowcol ORDER BY CubeViewItemId, Axis, Seq")) {
        while (rs.next()) {
          Axis a = new Axis(rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6));
          (rs.getString(2).equals("Row") ? rows : cols)
              .computeIfAbsent(rs.getInt(1), k -> new ArrayList<>())
              .add(a);
        }
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT CubeViewItemId, Name, Description, CubeName, Pov, Parameters"
                  + " FROM cubeviewitem ORDER BY CubeViewItemId")) {
        while (rs.next()) {
          int id = rs.getInt(1);
          definitions.put(
              rs.getString(2),
              new Definition(
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rows.getOrDefault(id, List.of()),
                  cols.getOrDefault(id, List.of())));
        }
      }
    }
  }

  Definition definition(String name) {
    Definition d = definitions.get(name);
    if (d == null) {
      throw ApiException.badRequest("The cube view '" + name + "' does not exist.");
    }
    return d;
  }

  /**
   * Evaluates a cube view. A parameter that neither the call nor the cube view's literal defaults
   * resolve (a dashboard parameter) gives no rows, as real servers answer through REST
   * (onestream-api.md §4 [CLIENT]).
   */
  Grid evaluate(String name, SubstVars callVars) {
    Definition def = definition(name);
    SubstVars vars = callVars.withDefaults(SubstVars.parse(def.parameters()));
    List<Header> pov;
    List<List<List<Header>>> rowLevels = new ArrayList<>();
    List<Header> columns = new ArrayList<>();
    try {
      pov = MemberFilter.expand(vars.substitute(def.pov()), null, md);
      for (Axis row : def.rows()) {
        List<List<Header>> levels = new ArrayList<>();
        levels.add(MemberFilter.expand(vars.substitute(row.filter1()), null, md));
        if (row.filter2() != null) {
          levels.add(MemberFilter.expand(vars.substitute(row.filter2()), null, md));
        }
        for (List<Header> level : levels) {
          if (level.stream().anyMatch(h -> h.formula() != null)) {
            // The emulator evaluates formulas per column only; say so rather than ignore one.
            throw invalid(
                def, row.filter1(), "GetDataCell is supported in column definitions only");
          }
        }
        rowLevels.add(levels);
      }
      for (Axis col : def.cols()) {
        columns.addAll(MemberFilter.expand(vars.substitute(col.filter1()), null, md));
      }
    } catch (SubstVars.UnresolvedParameterException e) {
      return new Grid(List.of(), List.of());
    }
    if (pov.size() != 1) {
      throw invalid(def, def.pov(), "its POV must name one member per dimension");
    }
    Map<Dim, Member> base = new EnumMap<>(Dim.class);
    for (Map.Entry<Dim, String> d : POV_DEFAULTS.entrySet()) {
      base.put(d.getKey(), md.require(d.getKey(), d.getValue()));
    }
    base.putAll(pov.get(0).members());
    Set<Dim> onAxes = new LinkedHashSet<>();
    List<List<Header>> rowCombos = new ArrayList<>();
    List<String> rowDefinition = new ArrayList<>();
    for (int r = 0; r < rowLevels.size(); r++) {
      for (List<Header> combo : crossLevels(rowLevels.get(r))) {
        rowCombos.add(combo);
        rowDefinition.add(def.rows().get(r).name());
        combo.forEach(h -> onAxes.addAll(h.members().keySet()));
      }
    }
    columns.forEach(h -> onAxes.addAll(h.members().keySet()));
    for (Dim d : onAxes) {
      if (pov.get(0).members().containsKey(d)) {
        // Real servers fail when a dimension on rows or columns is also set in the POV [CLIENT].
        throw invalid(
            def, def.pov(), d.displayName() + " is set in the POV and on rows or columns");
      }
    }
    // One engine query over every member any cell needs.
    Map<Dim, Set<Member>> needed = new EnumMap<>(Dim.class);
    for (Dim d : Dim.COORDINATE_DIMS) {
      needed.put(d, new LinkedHashSet<>());
      if (base.containsKey(d)) {
        needed.get(d).add(base.get(d));
      }
    }
    for (List<Header> combo : rowCombos) {
      combo.forEach(h -> h.members().forEach((d, m) -> needed.get(d).add(m)));
    }
    for (Header col : columns) {
      col.members().forEach((d, m) -> needed.get(d).add(m));
      if (col.formula() != null) {
        col.formula().terms().forEach(t -> t.members().forEach((d, m) -> needed.get(d).add(m)));
      }
    }
    Map<Dim, List<Member>> request = new LinkedHashMap<>();
    for (Dim d : Dim.COORDINATE_DIMS) {
      if (needed.get(d).isEmpty()) {
        throw ApiException.serverError(
            "The cube view '" + name + "' is invalid: no member of " + d.displayName() + " is set.",
            null);
      }
      request.put(d, new ArrayList<>(needed.get(d)));
    }
    CellSet cells = rowCombos.isEmpty() || columns.isEmpty() ? null : engine.query(request);
    List<GridRow> rows = new ArrayList<>();
    for (int r = 0; r < rowCombos.size(); r++) {
      Map<Dim, Member> coordinate = new EnumMap<>(base);
      rowCombos.get(r).forEach(h -> coordinate.putAll(h.members()));
      Double[] values = new Double[columns.size()];
      boolean allZero = true;
      for (int c = 0; c < columns.size(); c++) {
        Map<Dim, Member> cell = new EnumMap<>(coordinate);
        cell.putAll(columns.get(c).members());
        values[c] = value(cells, cell, columns.get(c));
        allZero &= values[c] == null || values[c] == 0.0;
      }
      int defIndex = def.rows().stream().map(Axis::name).toList().indexOf(rowDefinition.get(r));
      if (allZero && def.rows().get(defIndex).suppressZeroRows()) {
        continue;
      }
      rows.add(new GridRow(rowDefinition.get(r), rowCombos.get(r), values));
    }
    return new Grid(columns, rows);
  }

  /**
   * A definition that does not work out: the caller's fault (400) when parameters took part, since
   * their values made it so; else the stored definition is wrong (500).
   */
  private static ApiException invalid(Definition def, String text, String why) {
    if (text.contains("|!")) {
      return ApiException.badRequest(
          "The parameter values given to cube view '"
              + def.name()
              + "' do not fit its POV "
              + def.pov()
              + ": "
              + why
              + ".");
    }
    return ApiException.serverError(
        "The cube view '" + def.name() + "' is invalid: " + why + ".", null);
  }

  private static Double value(CellSet cells, Map<Dim, Member> cell, Header column) {
    if (column.formula() == null) {
      return cells.value(cell);
    }
    Double sum = null;
    for (MemberFilter.Term t : column.formula().terms()) {
      Map<Dim, Member> term = new EnumMap<>(cell);
      term.putAll(t.members());
      Double v = cells.value(term);
      if (v != null) {
        sum = (sum == null ? 0 : sum) + t.sign() * v;
      }
    }
    return sum == null ? null : Money.round(sum);
  }

  private static List<List<Header>> crossLevels(List<List<Header>> levels) {
    List<List<Header>> out = new ArrayList<>();
    out.add(List.of());
    for (List<Header> level : levels) {
      List<List<Header>> next = new ArrayList<>();
      for (List<Header> prefix : out) {
        for (Header h : level) {
          List<Header> combo = new ArrayList<>(prefix);
          combo.add(h);
          next.add(combo);
        }
      }
      out = next;
    }
    return out;
  }

  /**
   * Writes rows of the reporting table (onestream-api.md §4): attested columns {@code
   * RowHdr0NameAndDesc}, {@code RowHdr0Indent}, {@code Col{i}Hdr0NameAndDesc}, {@code Col{i}Value};
   * [ASSUMED] {@code RowHdr{n}Name}, {@code Desc}, the nested levels, and with member details
   * {@code RowHdr{n}Dim} and {@code Col{i}Hdr0Dim}.
   */
  static void writeRows(JsonGenerator out, Grid grid, List<GridRow> rows, boolean details)
      throws IOException {
    int levels = grid.rows().stream().mapToInt(r -> r.headers().size()).max().orElse(1);
    out.writeStartArray();
    for (GridRow row : rows) {
      out.writeStartObject();
      for (int n = 0; n < levels; n++) {
        Header h = n < row.headers().size() ? row.headers().get(n) : null;
        writeHeader(out, "RowHdr" + n, h, details);
        out.writeFieldName("RowHdr" + n + "Indent");
        if (h == null) {
          out.writeNull();
        } else {
          out.writeNumber(h.indent());
        }
      }
      for (int i = 0; i < grid.columns().size(); i++) {
        writeHeader(out, "Col" + i + "Hdr0", grid.columns().get(i), details);
        out.writeFieldName("Col" + i + "Value");
        Double v = row.values()[i];
        if (v == null) {
          out.writeNull();
        } else {
          out.writeNumber(v);
        }
      }
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  private static void writeHeader(JsonGenerator out, String prefix, Header h, boolean details)
      throws IOException {
    String name = null;
    String desc = null;
    String both = null;
    String dim = null;
    if (h != null) {
      Member m = h.member();
      if (h.label() != null) {
        name = h.label();
        desc = h.label();
        both = h.label();
      } else if (m != null) {
        name = m.name();
        desc = m.description();
        both = m.nameAndDescription();
      }
      dim = h.dim() == null ? null : h.dim().displayName();
    }
    out.writeStringField(prefix + "Name", name);
    out.writeStringField(prefix + "Desc", desc);
    out.writeStringField(prefix + "NameAndDesc", both);
    if (details) {
      out.writeStringField(prefix + "Dim", dim);
    }
  }

  List<Definition> definitions() {
    return List.copyOf(definitions.values());
  }
}
