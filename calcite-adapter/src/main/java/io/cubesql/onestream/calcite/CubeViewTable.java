package io.cubesql.onestream.calcite;

import io.cubesql.onestream.client.DataSetReader;
import io.cubesql.onestream.client.OneStreamException;
import io.cubesql.onestream.client.SubstVars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code cubeviews.<name>}: the reporting table of one cube view ({@code
 * GetAdoDataSetForCubeViewCommand}, onestream-api.md §4). Columns, in order:
 *
 * <ol>
 *   <li>one VARCHAR column per parameter ({@code |!Name!|}); a predicate on it becomes the
 *       substitution variable, one request per value; without one the cube view's default is sent
 *       and shown (a parameter without a known default is not sent, and shows null);
 *   <li>per row header level, named after its dimension when the server says it ({@code
 *       IncludeMemberDetails}, [ASSUMED]) else {@code Row} (or {@code Row0}, {@code Row1}, ...):
 *       the member name, {@code _Desc}, {@code _Indent} and {@code _IsParent} (the row already
 *       includes the rows indented under it, so summing all rows double counts);
 *   <li>one DOUBLE column per cube view column, named from its header (names of nested header
 *       levels joined by a blank).
 * </ol>
 *
 * A name already taken (ignoring case) gets {@code _2}, {@code _3}, ... in that order. The shape is
 * learnt from one run with the defaults, then cached; a cube view that answers no rows with its
 * defaults shows only its parameter columns.
 */
final class CubeViewTable extends OneStreamTable {
  private static final Pattern PARAM = Pattern.compile("\\|!([^|!]+)!\\|");

  /** A cube view as the server lists it: name, description, parameters with their defaults. */
  record Definition(String name, String description, Map<String, String> defaults) {
    static Definition of(Map<String, Object> row) {
      String name = Values.text(row, "Name");
      Map<String, String> defaults = new LinkedHashMap<>();
      String params = Values.text(row, "Parameters");
      if (params != null) {
        for (String[] pair : SubstVarText.pairs(params)) {
          if (!pair[0].isEmpty()) {
            defaults.put(pair[0], pair[1]);
          }
        }
      }
      for (String key : List.of("Pov", "POV")) {
        String pov = Values.text(row, key);
        if (pov != null) {
          Matcher m = PARAM.matcher(pov);
          while (m.find()) {
            defaults.putIfAbsent(m.group(1), null);
          }
        }
      }
      return new Definition(
          Objects.requireNonNull(name, "cube view name"),
          Values.text(row, "Description"),
          defaults);
    }

    /**
     * The cube views a model file lists (see {@link OneStreamAdapterOptions.Builder#model}).
     *
     * @throws OneStreamAdapterException 22023 naming the file when it cannot be read or is not of
     *     that shape
     */
    static List<Definition> readModel(java.nio.file.Path file) {
      try {
        com.fasterxml.jackson.databind.JsonNode root =
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        com.fasterxml.jackson.databind.JsonNode views = root == null ? null : root.get("cubeViews");
        if (views == null || !views.isArray()) {
          throw new IllegalArgumentException("it has no \"cubeViews\" array");
        }
        List<Definition> out = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode v : views) {
          com.fasterxml.jackson.databind.JsonNode name = v.get("name");
          if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new IllegalArgumentException("a cube view has no \"name\"");
          }
          Map<String, String> params = new LinkedHashMap<>();
          com.fasterxml.jackson.databind.JsonNode p = v.get("parameters");
          if (p != null && p.isObject()) {
            p.fields()
                .forEachRemaining(
                    f ->
                        params.put(
                            f.getKey(), f.getValue().isNull() ? null : f.getValue().asText()));
          }
          com.fasterxml.jackson.databind.JsonNode d = v.get("description");
          out.add(new Definition(name.asText(), d == null ? null : d.asText(), params));
        }
        return List.copyOf(out);
      } catch (java.io.IOException | IllegalArgumentException e) {
        throw new OneStreamAdapterException(
            States.INVALID_PARAMETER_VALUE,
            "The model file '" + file + "' cannot be used: " + e.getMessage(),
            e);
      }
    }
  }

  /** Where a column's value comes from. */
  private enum Kind {
    PARAMETER,
    ROW_NAME,
    ROW_DESC,
    ROW_INDENT,
    ROW_IS_PARENT,
    VALUE
  }

  /** The learnt columns: each with its kind and its level (row header level or column index). */
  private record Shape(List<Column> columns, List<Kind> kinds, List<Integer> levels) {}

  private final Definition definition;

  CubeViewTable(OneStreamAdapter adapter, Definition definition) {
    super(adapter);
    this.definition = definition;
  }

  @Override
  List<Column> columns() {
    return shape().columns();
  }

  @Override
  String subject() {
    return "cube view " + definition.name();
  }

  /** The cube view's description on the server (or in the model file), else null. */
  @Override
  public String remarks() {
    String d = definition.description();
    return d == null || d.isBlank() ? null : d;
  }

  private Shape shape() {
    return adapter.cached(List.of("cubeview-shape", definition.name()), this::learn);
  }

  /** Runs the cube view once with its defaults and reads the headers of its first row. */
  private Shape learn() {
    Map<String, Object> first = null;
    try (DataSetReader r =
        adapter.client().cubeView(definition.name(), SubstVars.none(), false, true, null)) {
      if (r.nextRow()) {
        first = r.row();
      }
    } catch (OneStreamException e) {
      throw OneStreamAdapter.unchecked("learn the columns of cube view " + definition.name(), e);
    }
    List<Column> columns = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    List<Integer> levels = new ArrayList<>();
    ColumnNames names = new ColumnNames();
    for (String p : definition.defaults().keySet()) {
      columns.add(
          new Column(names.unique(p), SqlTypeName.VARCHAR, null, true, "Parameter |!" + p + "!|"));
      kinds.add(Kind.PARAMETER);
      levels.add(-1);
    }
    if (first != null) {
      int rowLevels = 0;
      while (has(first, "RowHdr" + rowLevels + "Name")
          || has(first, "RowHdr" + rowLevels + "NameAndDesc")) {
        rowLevels++;
      }
      for (int n = 0; n < rowLevels; n++) {
        Object dim = get(first, "RowHdr" + n + "Dim");
        String base = dim != null ? dim.toString() : rowLevels == 1 ? "Row" : "Row" + n;
        String name = names.unique(base);
        add(columns, kinds, levels, name, SqlTypeName.VARCHAR, Kind.ROW_NAME, n, "Row header");
        if (has(first, "RowHdr" + n + "Desc")) {
          add(
              columns,
              kinds,
              levels,
              names.unique(name + "_Desc"),
              SqlTypeName.VARCHAR,
              Kind.ROW_DESC,
              n,
              "Row header description");
        }
        add(
            columns,
            kinds,
            levels,
            names.unique(name + "_Indent"),
            SqlTypeName.INTEGER,
            Kind.ROW_INDENT,
            n,
            "Indent of the row header; 0 at the top of a tree");
        add(
            columns,
            kinds,
            levels,
            names.unique(name + "_IsParent"),
            SqlTypeName.BOOLEAN,
            Kind.ROW_IS_PARENT,
            n,
            "The row includes the rows indented under it");
      }
      for (int i = 0; has(first, "Col" + i + "Value"); i++) {
        List<String> parts = new ArrayList<>();
        for (int m = 0;
            has(first, "Col" + i + "Hdr" + m + "Name")
                || has(first, "Col" + i + "Hdr" + m + "NameAndDesc");
            m++) {
          Object v = get(first, "Col" + i + "Hdr" + m + "Name");
          if (v == null) {
            v = get(first, "Col" + i + "Hdr" + m + "NameAndDesc");
          }
          parts.add(String.valueOf(v));
        }
        String header = parts.isEmpty() ? "Col" + i : String.join(" ", parts);
        add(
            columns,
            kinds,
            levels,
            names.unique(header),
            SqlTypeName.DOUBLE,
            Kind.VALUE,
            i,
            "Cube view column " + header);
      }
    }
    return new Shape(List.copyOf(columns), List.copyOf(kinds), List.copyOf(levels));
  }

  private static void add(
      List<Column> columns,
      List<Kind> kinds,
      List<Integer> levels,
      String name,
      SqlTypeName type,
      Kind kind,
      int level,
      String remarks) {
    columns.add(new Column(name, type, null, false, remarks));
    kinds.add(kind);
    levels.add(level);
  }

  private static boolean has(Map<String, Object> row, String key) {
    return row.containsKey(key);
  }

  private static Object get(Map<String, Object> row, String key) {
    return row.get(key);
  }

  /**
   * A parameter's value goes into the cube view's member filters as text, without brackets: it must
   * not hold filter syntax either.
   */
  @Override
  void checkValue(String column, String value) {
    SafeValue.checkParameter(column, value);
  }

  @Override
  ApiRequest request(Map<Integer, List<String>> combination, int[] projects) {
    Shape shape = shape();
    Map<String, String> vars = new LinkedHashMap<>();
    Map<Integer, Object> used = new LinkedHashMap<>();
    int p = 0;
    for (Map.Entry<String, String> e : definition.defaults().entrySet()) {
      // One value a request: a substitution variable carries one (valuesPerRequest is 1).
      String value = combination.containsKey(p) ? combination.get(p).get(0) : e.getValue();
      // A known default is sent too, so that the column shows what the server was asked for even
      // when the default came from a model file and the server's own differs.
      if (value != null) {
        vars.put(e.getKey(), value);
      }
      used.put(p, value);
      p++;
    }
    String route = "DataProvider/GetAdoDataSetForCubeViewCommand";
    SubstVars substVars = SubstVars.of(vars);
    String wire;
    try {
      wire = substVars.toWire(route); // the values passed SafeValue: this is the EXPLAIN text
    } catch (OneStreamException e) {
      throw new OneStreamAdapterException(States.INVALID_PARAMETER_VALUE, e.getMessage(), e);
    }
    String described =
        route
            + "(CubeViewName="
            + definition.name()
            + (vars.isEmpty() ? "" : ", CustomSubstVarsAsCommaSeparatedPairs=" + wire)
            + ")";
    // No member details: they only name the row header columns, which learn() did once.
    return ApiRequest.of(
        described,
        onCall ->
            new Rows(
                adapter.client().cubeView(definition.name(), substVars, false, false, null, onCall),
                shape,
                used,
                projects));
  }

  /** Rows of one answer; reads one row ahead to tell whether a row is a parent. */
  private static final class Rows implements ApiRequest.RowStream {
    private final DataSetReader reader;
    private final Shape shape;
    private final Map<Integer, Object> parameters;
    private final int[] projects;
    private Object[] pending;
    private boolean started;

    Rows(DataSetReader reader, Shape shape, Map<Integer, Object> parameters, int[] projects) {
      this.reader = reader;
      this.shape = shape;
      this.parameters = parameters;
      this.projects = projects;
    }

    @Override
    public Object[] next() throws OneStreamException {
      if (!started) {
        started = true;
        pending = read();
      }
      Object[] row = pending;
      if (row == null) {
        return null;
      }
      pending = read();
      markParents(row, pending);
      Object[] out = new Object[projects.length];
      for (int i = 0; i < projects.length; i++) {
        out[i] = row[projects[i]];
      }
      return out;
    }

    /** The next whole-width row, parents not yet marked; null at the end. */
    private Object[] read() throws OneStreamException {
      if (!reader.nextRow()) {
        return null;
      }
      List<Column> columns = shape.columns();
      Object[] row = new Object[columns.size()];
      for (int i = 0; i < row.length; i++) {
        int level = shape.levels().get(i);
        Column c = columns.get(i);
        Object v;
        switch (shape.kinds().get(i)) {
          case PARAMETER:
            v = parameters.get(i);
            break;
          case ROW_NAME:
            v = reader.get("RowHdr" + level + "Name");
            if (v == null) {
              v = reader.get("RowHdr" + level + "NameAndDesc");
            }
            break;
          case ROW_DESC:
            v = reader.get("RowHdr" + level + "Desc");
            break;
          case ROW_INDENT:
            v = reader.get("RowHdr" + level + "Indent");
            break;
          case VALUE:
            v = reader.get("Col" + level + "Value");
            break;
          default:
            v = null;
        }
        row[i] = Values.convert(v, c.type(), c.name());
      }
      return row;
    }

    /**
     * A row header is a parent when the next row has the same headers at the outer levels and a
     * deeper indent at this level.
     */
    private void markParents(Object[] row, Object[] next) {
      List<Kind> kinds = shape.kinds();
      for (int i = 0; i < row.length; i++) {
        if (kinds.get(i) != Kind.ROW_IS_PARENT) {
          continue;
        }
        int level = shape.levels().get(i);
        boolean parent = false;
        if (next != null) {
          parent = sameOuter(row, next, level) && deeper(row, next, level);
        }
        row[i] = parent;
      }
    }

    private boolean sameOuter(Object[] a, Object[] b, int level) {
      for (int i = 0; i < a.length; i++) {
        if (shape.kinds().get(i) == Kind.ROW_NAME
            && shape.levels().get(i) < level
            && !Objects.equals(a[i], b[i])) {
          return false;
        }
      }
      return true;
    }

    private boolean deeper(Object[] a, Object[] b, int level) {
      for (int i = 0; i < a.length; i++) {
        if (shape.kinds().get(i) == Kind.ROW_INDENT && shape.levels().get(i) == level) {
          return a[i] instanceof Integer x && b[i] instanceof Integer y && y > x;
        }
      }
      return false;
    }

    @Override
    public void close() {
      reader.close();
    }
  }
}
