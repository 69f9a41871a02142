package io.cubesql.onestream.emulator.internal.app;

import com.fasterxml.jackson.core.JsonGenerator;
import io.cubesql.onestream.emulator.internal.api.ApiException;
import io.cubesql.onestream.emulator.internal.api.ApiRequest;
import io.cubesql.onestream.emulator.internal.api.ApiResult;
import io.cubesql.onestream.emulator.internal.api.ApiVersion;
import io.cubesql.onestream.emulator.internal.api.RequestBody;
import io.cubesql.onestream.emulator.internal.data.AppDatabase;
import io.cubesql.onestream.emulator.internal.dm.DataManagement;
import io.cubesql.onestream.emulator.internal.dm.Job;
import io.cubesql.onestream.emulator.internal.dm.JobResult;
import io.cubesql.onestream.emulator.internal.engine.CellEngine;
import io.cubesql.onestream.emulator.internal.engine.CellSet;
import io.cubesql.onestream.emulator.internal.filter.MemberFilter;
import io.cubesql.onestream.emulator.internal.filter.SubstVars;
import io.cubesql.onestream.emulator.internal.model.Dim;
import io.cubesql.onestream.emulator.internal.model.Dimension;
import io.cubesql.onestream.emulator.internal.model.Member;
import io.cubesql.onestream.emulator.internal.model.Metadata;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One emulated application: its database and the DataProvider, DataManagement and Analytics. */
final class Application implements AutoCloseable {
  private static final String CUBE = "GolfStream";

  private final AppDatabase db;
  private final Metadata md;
  private final CellEngine engine;
  private final CubeViews cubeViews;
  private final DataManagement dataManagement;
  private final RequestStore requests;
  private final AppSettings settings;

  Application(AppDatabase db, AppSettings settings) throws SQLException {
    this.db = db;
    this.md = db.metadata();
    this.settings = settings;
    this.engine = new CellEngine(db);
    this.cubeViews = new CubeViews(db, engine);
    this.dataManagement = new DataManagement(db, settings.clock());
    this.requests =
        new RequestStore(settings.asyncPolls(), settings.requestIdTtl(), settings.clock());
  }

  AppDatabase database() {
    return db;
  }

  DataManagement dataManagement() {
    return dataManagement;
  }

  ApiResult handle(ApiRequest request) {
    RequestBody body = request.body();
    switch (request.route()) {
      case CUBE_VIEW:
        return callState(request, cubeView(body));
      case ADAPTER:
        return callState(request, adapter(body));
      case SQL:
        return callState(request, sql(body));
      case METHOD:
        return callState(request, method(body));
      case EXECUTE_SEQUENCE:
        return dataManagement(
            request,
            dataManagement.startSequence(
                body.requireString("SequenceName"), body.string("WorkspaceName"), vars(body)));
      case EXECUTE_STEP:
        return dataManagement(
            request,
            dataManagement.startStep(
                body.requireString("DataManagementGroupName"),
                body.requireString("StepName"),
                vars(body)));
      case CUBE_LIST:
        return requests.start(RequestStore.ready(1, 1, page -> out -> writeCubeList(out)));
      case DATA_CELLS:
        return dataCells(body);
      case DIMENSION_HIERARCHY:
        return envelopeOf(out -> writeHierarchy(out, body));
      case MEMBER_PROPERTIES:
        return envelopeOf(out -> writeMemberProperties(out, body));
      case DATA_ADAPTER:
        {
          DataSetBody adapter = adapter(body);
          return envelopeOf(out -> adapter.writeFirstTable(out));
        }
      case DATA_REQUEST:
        return requests.poll(body.string("RequestId"), request.queryParam("page"));
      default:
        throw ApiException.notFound("No such action: " + request.route().path());
    }
  }

  private static SubstVars vars(RequestBody body) {
    return SubstVars.parse(body.string("CustomSubstVarsAsCommaSeparatedPairs"));
  }

  // ------------------------------------------------------------------ DataProvider

  /** A DataSet answer: named tables, each written as an array of row objects. */
  private interface DataSetBody extends AutoCloseable {
    /** Whether no table has a row. */
    boolean empty();

    /** The name of the first (or only) table. */
    String table();

    /** Writes the rows of the first (or only) table. */
    void writeFirstTable(JsonGenerator out) throws IOException;

    /** Writes every table as a field of the DataSet object. */
    default void writeTables(JsonGenerator out) throws IOException {
      out.writeFieldName(table());
      writeFirstTable(out);
    }

    /** Releases what the body holds (a database cursor); it may be written again after. */
    @Override
    default void close() {}
  }

  /**
   * Answers a DataSet: with 7.2.0 call state [ASSUMED], the Analytics envelope; otherwise the
   * DataSet itself, or the JSON literal null for an empty result when that is switched on
   * (onestream-api.md §4 [CLIENT]).
   */
  private ApiResult callState(ApiRequest request, DataSetBody dataSet) {
    boolean asNull = dataSet.empty() && settings.emptyResultAsNull();
    ApiResult.BodyWriter writer =
        out -> {
          try {
            if (asNull) {
              out.writeNull();
              return;
            }
            out.writeStartObject();
            dataSet.writeTables(out);
            out.writeEndObject();
          } finally {
            dataSet.close();
          }
        };
    if (settings.callState() && request.version() == ApiVersion.V7_2_0) {
      // Written when polled, perhaps never: hold no database cursor until then.
      dataSet.close();
      return envelopeOf(writer);
    }
    if (asNull) {
      dataSet.close();
      return ApiResult.nullBody();
    }
    return ApiResult.stream(writer);
  }

  private DataSetBody cubeView(RequestBody body) {
    String name = body.requireString("CubeViewName");
    String table = tableName(body);
    boolean perRow = body.bool("DataTablePerCubeViewRow", false);
    boolean details = body.object("CubeViewDataTableOptions").bool("IncludeMemberDetails", false);
    CubeViews.Grid grid = cubeViews.evaluate(name, vars(body));
    return cubeViewBody(grid, table, perRow, details);
  }

  private static DataSetBody cubeViewBody(
      CubeViews.Grid grid, String table, boolean perRow, boolean details) {
    return new DataSetBody() {
      @Override
      public boolean empty() {
        return grid.rows().isEmpty();
      }

      @Override
      public String table() {
        return table;
      }

      @Override
      public void writeFirstTable(JsonGenerator out) throws IOException {
        CubeViews.writeRows(out, grid, grid.rows(), details);
      }

      @Override
      public void writeTables(JsonGenerator out) throws IOException {
        if (!perRow) {
          DataSetBody.super.writeTables(out);
          return;
        }
        // [ASSUMED] One table per row definition, named <ResultDataTableName>_<definition>.
        Map<String, List<CubeViews.GridRow>> byDefinition = new LinkedHashMap<>();
        for (CubeViews.GridRow r : grid.rows()) {
          byDefinition.computeIfAbsent(r.definition(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<CubeViews.GridRow>> e : byDefinition.entrySet()) {
          out.writeFieldName(table + "_" + e.getKey());
          CubeViews.writeRows(out, grid, e.getValue(), details);
        }
      }
    };
  }

  private static String tableName(RequestBody body) {
    String t = body.string("ResultDataTableName");
    return t == null || t.isBlank() ? "Table" : t;
  }

  /** A data adapter row: a cube view to evaluate, or SQL to run. */
  private record Adapter(String type, String cubeView, String sql) {}

  private DataSetBody adapter(RequestBody body) {
    String name = body.requireString("AdapterName");
    boolean systemLevel = body.bool("IsSystemLevel", false);
    String workspace = body.string("WorkspaceName");
    Adapter adapter = findAdapter(name, systemLevel, workspace);
    if (adapter == null) {
      throw ApiException.badRequest(
          "The "
              + (systemLevel ? "system-level" : "application")
              + " data adapter '"
              + name
              + "' does not exist.");
    }
    String table = tableName(body);
    SubstVars vars = vars(body);
    if (adapter.type().equals("CubeView")) {
      return cubeViewBody(cubeViews.evaluate(adapter.cubeView(), vars), table, false, false);
    }
    return sqlBody(substituteSql(adapter.sql(), vars), table);
  }

  /** The adapter called {@code name} at that level, or null; names match ignoring case. */
  private Adapter findAdapter(String name, boolean systemLevel, String workspace) {
    // Names compare in Java: H2's UPPER() folds with the JVM's locale (the Turkish 'i').
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT Name, WorkspaceName, AdapterType, CubeViewName, SqlQuery"
                    + " FROM DashboardAdapter WHERE IsSystemLevel = ?")) {
      ps.setBoolean(1, systemLevel);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getString(1).equalsIgnoreCase(name)
              && (workspace == null
                  || workspace.isBlank()
                  || workspace.equalsIgnoreCase(rs.getString(2)))) {
            return new Adapter(rs.getString(3), rs.getString(4), rs.getString(5));
          }
        }
      }
      return null;
    } catch (SQLException e) {
      throw ApiException.serverError("The data adapter '" + name + "' failed.", e.getMessage());
    }
  }

  /** Substitutes parameters into SQL, quoting values so they stay inside their literals. */
  private static String substituteSql(String sql, SubstVars vars) {
    try {
      return vars.map(v -> v.replace("'", "''")).substitute(sql);
    } catch (SubstVars.UnresolvedParameterException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private DataSetBody sql(RequestBody body) {
    String query = body.requireString("SqlQuery");
    String location = body.string("DbLocation");
    if (location != null && !location.equalsIgnoreCase("Application")) {
      if (location.equalsIgnoreCase("External")) {
        String conn = body.string("XFExternalDBConnectionName");
        throw ApiException.badRequest(
            "The external database connection '"
                + (conn == null ? "" : conn)
                + "' is not defined on this server.");
      }
      if (!location.equalsIgnoreCase("Framework")) {
        throw ApiException.badRequest(
            "DbLocation must be Application, Framework or External, not '" + location + "'.");
      }
      throw ApiException.badRequest("The emulator has no Framework database; use Application.");
    }
    return sqlBody(substituteSql(query, vars(body)), tableName(body));
  }

  /** Seconds one SQL statement may run. */
  private static final int SQL_TIMEOUT_SECONDS = 60;

  /**
   * Runs one SQL statement as the read-only user on a connection of its own, and streams its rows
   * from the open cursor while the answer is written. A text with more than one statement is
   * refused: H2 would run them all.
   */
  private DataSetBody sqlBody(String query, String table) {
    if (!SqlText.isSingleStatement(query)) {
      throw ApiException.badRequest("SqlQuery must hold one SQL statement.");
    }
    return new DataSetBody() {
      private Connection connection;
      private Statement statement;
      private ResultSet cursor;

      /** Null until empty() moved to the first row; then whether there was one. */
      private Boolean onFirstRow;

      /** Runs the query, unless a cursor is open already; a bad query is a 500 here. */
      private void open() {
        if (cursor != null) {
          return;
        }
        try {
          connection = db.readOnlyConnection();
          statement = connection.createStatement();
          statement.setQueryTimeout(SQL_TIMEOUT_SECONDS);
          cursor = statement.executeQuery(query);
          onFirstRow = null;
        } catch (SQLException e) {
          close();
          throw ApiException.serverError("The SQL command failed.", e.getMessage());
        }
      }

      @Override
      public boolean empty() {
        open();
        try {
          if (onFirstRow == null) {
            onFirstRow = cursor.next();
          }
          return !onFirstRow;
        } catch (SQLException e) {
          close();
          throw ApiException.serverError("The SQL command failed.", e.getMessage());
        }
      }

      @Override
      public String table() {
        return table;
      }

      @Override
      public void writeFirstTable(JsonGenerator out) throws IOException {
        open();
        try {
          DataSetWriter.writeRows(out, cursor, onFirstRow);
        } catch (SQLException e) {
          throw new IOException("The SQL command failed while streaming: " + e.getMessage(), e);
        } finally {
          close();
        }
      }

      @Override
      public void close() {
        try {
          if (connection != null) {
            connection.close();
          }
        } catch (SQLException e) {
          // Closing a read-only session: nothing is lost.
        }
        connection = null;
        statement = null;
        cursor = null;
      }
    };
  }

  private static final Pattern METHOD_ARGS = Pattern.compile("\\{([^}]*)\\}");

  /**
   * Method commands [CLIENT]. The emulator knows {@code Members} ({@code {Dimension}{filter}}) and
   * {@code CubeViews} ({@code {}}); any other method type is refused with a clear 400.
   */
  private DataSetBody method(RequestBody body) {
    String type = body.requireString("XFCommandMethodType");
    List<String> args = new ArrayList<>();
    Matcher m =
        METHOD_ARGS.matcher(body.string("MethodQuery") == null ? "" : body.string("MethodQuery"));
    while (m.find()) {
      args.add(m.group(1));
    }
    String table = tableName(body);
    if (type.equalsIgnoreCase("Members")) {
      if (args.size() != 2) {
        throw ApiException.badRequest("MethodQuery for Members is {Dimension}{MemberFilter}.");
      }
      Dim dim = Dim.forName(args.get(0));
      if (dim == null) {
        throw ApiException.badRequest("The dimension '" + args.get(0) + "' does not exist.");
      }
      List<Member> members = MemberFilter.members(args.get(1), dim, md);
      return listBody(
          table,
          members.isEmpty(),
          out -> {
            out.writeStartArray();
            for (Member x : members) {
              out.writeStartObject();
              out.writeStringField("Name", x.name());
              out.writeStringField("Description", x.description());
              out.writeNumberField("MemberId", x.id());
              out.writeEndObject();
            }
            out.writeEndArray();
          });
    }
    if (type.equalsIgnoreCase("CubeViews")) {
      List<CubeViews.Definition> defs = cubeViews.definitions();
      return listBody(
          table,
          defs.isEmpty(),
          out -> {
            out.writeStartArray();
            for (CubeViews.Definition d : defs) {
              out.writeStartObject();
              out.writeStringField("Name", d.name());
              out.writeStringField("Description", d.description());
              out.writeStringField("CubeName", d.cube());
              out.writeStringField("Parameters", d.parameters());
              out.writeEndObject();
            }
            out.writeEndArray();
          });
    }
    throw ApiException.badRequest(
        "The method type '" + type + "' is not available on this server (Members, CubeViews).");
  }

  private static DataSetBody listBody(String table, boolean empty, ApiResult.BodyWriter rows) {
    return new DataSetBody() {
      @Override
      public boolean empty() {
        return empty;
      }

      @Override
      public String table() {
        return table;
      }

      @Override
      public void writeFirstTable(JsonGenerator out) throws IOException {
        rows.write(out);
      }
    };
  }

  // ------------------------------------------------------------------ DataManagement

  /**
   * 5.2.0 answers when the job is done [DOC]; 7.2.0 with call state answers the envelope and
   * completes through GetDataRequest [ASSUMED]; otherwise 7.2.0 waits too.
   */
  private ApiResult dataManagement(ApiRequest request, Job job) {
    if (settings.callState() && request.version() == ApiVersion.V7_2_0) {
      return requests.start(
          RequestStore.background(
              () -> job.completion().isDone(), out -> writeJob(out, job.completion().join())));
    }
    return ApiResult.message(waitFor(job));
  }

  /** Waits for a job and answers its message; a failed job is a 500 with its message. */
  private static String waitFor(Job job) {
    JobResult result;
    try {
      result = job.completion().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.serverError("Interrupted while waiting for " + job.name(), null);
    } catch (ExecutionException e) {
      throw ApiException.serverError(job.name() + " failed.", e.getCause().getMessage());
    }
    if (!result.succeeded()) {
      throw ApiException.serverError(result.message(), null);
    }
    return result.message();
  }

  /** The DataResult of a finished job; a failed one answers the 500 the synchronous call does. */
  private static void writeJob(JsonGenerator out, JobResult result) throws IOException {
    if (!result.succeeded()) {
      throw ApiException.serverError(result.message(), null);
    }
    out.writeStartArray();
    out.writeStartObject();
    out.writeStringField("Message", result.message());
    out.writeBooleanField("Succeeded", result.succeeded());
    out.writeEndObject();
    out.writeEndArray();
  }

  // ------------------------------------------------------------------ Analytics

  private ApiResult envelopeOf(ApiResult.BodyWriter rows) {
    return requests.start(RequestStore.ready(1, 1, page -> rows));
  }

  private void writeCubeList(JsonGenerator out) throws IOException {
    out.writeStartArray();
    out.writeStartObject();
    out.writeStringField("CubeName", CUBE);
    out.writeStringField("Description", "GolfStream consolidation cube");
    out.writeEndObject();
    out.writeEndArray();
  }

  private void requireCube(RequestBody body) {
    String cube = body.requireString("CubeName");
    if (!cube.equalsIgnoreCase(CUBE)) {
      throw ApiException.badRequest("The cube '" + cube + "' does not exist.");
    }
  }

  private Dim dimension(RequestBody body) {
    String name = body.requireString("DimensionType");
    Dim dim = Dim.forName(name);
    if (dim == null) {
      throw ApiException.badRequest("The dimension type '" + name + "' does not exist.");
    }
    return dim;
  }

  /** Filter keys of DataCellsFilter [CLIENT]; "ICFIlter" is spelled so, matched ignoring case. */
  private static final Map<Dim, String> FILTER_KEYS = new LinkedHashMap<>();

  static {
    FILTER_KEYS.put(Dim.ENTITY, "EntityFilter");
    FILTER_KEYS.put(Dim.SCENARIO, "Scenario");
    FILTER_KEYS.put(Dim.TIME, "TimeFilter");
    FILTER_KEYS.put(Dim.ACCOUNT, "AccountFilter");
    FILTER_KEYS.put(Dim.FLOW, "FlowFilter");
    FILTER_KEYS.put(Dim.ORIGIN, "OriginFilter");
    FILTER_KEYS.put(Dim.IC, "ICFIlter");
    for (int i = 1; i <= 8; i++) {
      FILTER_KEYS.put(Dim.valueOf("UD" + i), "UD" + i + "Filter");
    }
  }

  /**
   * Analytics cells: every filter is a member filter written without its token; an omitted filter
   * means the base members of that dimension; Currency (the Consolidation member) and View take one
   * member each and default to Local and Periodic.
   */
  private ApiResult dataCells(RequestBody body) {
    requireCube(body);
    boolean descriptions = body.bool("IncludeDescriptions", false);
    RequestBody filter = body.object("DataCellsFilter");
    Map<Dim, List<Member>> request = new LinkedHashMap<>();
    for (Map.Entry<Dim, String> f : FILTER_KEYS.entrySet()) {
      String text = filter.string(f.getValue());
      Dim dim = f.getKey();
      Dimension dimension = md.dimension(dim);
      request.put(
          dim,
          text == null || text.isBlank()
              ? dimension.members().stream().filter(dimension::isBase).toList()
              : MemberFilter.members(text, dim, md));
    }
    request.put(Dim.CONSOLIDATION, List.of(single(filter, "Currency", Dim.CONSOLIDATION, "Local")));
    request.put(Dim.VIEW, List.of(single(filter, "View", Dim.VIEW, "Periodic")));
    Map<Dim, List<Member>> ordered = new LinkedHashMap<>();
    for (Dim d : Dim.COORDINATE_DIMS) {
      ordered.put(d, request.get(d));
    }
    CellSet cells = engine.query(ordered);
    int pageSize = settings.pageSize();
    return requests.start(
        RequestStore.ready(
            cells.size(),
            pageSize,
            page -> out -> writeCells(out, cells, (page - 1) * pageSize, pageSize, descriptions)));
  }

  private Member single(RequestBody filter, String key, Dim dim, String defaultName) {
    String text = filter.string(key);
    if (text == null || text.isBlank()) {
      return md.require(dim, defaultName);
    }
    List<Member> members = MemberFilter.members(text, dim, md);
    if (members.size() != 1) {
      throw ApiException.badRequest(key + " must name a single member, not '" + text + "'.");
    }
    return members.get(0);
  }

  private static void writeCells(
      JsonGenerator out, CellSet cells, int from, int count, boolean descriptions)
      throws IOException {
    out.writeStartArray();
    int to = Math.min(cells.size(), from + count);
    for (int r = from; r < to; r++) {
      out.writeStartObject();
      for (Dim d : Dim.COORDINATE_DIMS) {
        Member m = cells.member(r, d);
        out.writeStringField(d.displayName(), m.name());
        if (descriptions) {
          out.writeStringField(d.displayName() + "_Desc", m.description());
        }
        if (d == Dim.TIME) {
          out.writeStringField("Time_StartDate", monthStart(m.firstMonth()) + "T00:00:00");
          out.writeStringField("Time_EndDate", monthEnd(m.lastMonth()) + "T00:00:00");
        }
      }
      out.writeNumberField("CellValue", cells.value(r));
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  private static LocalDate monthStart(int monthIndex) {
    return LocalDate.of(monthIndex / 12, monthIndex % 12 + 1, 1);
  }

  private static LocalDate monthEnd(int monthIndex) {
    return monthStart(monthIndex + 1).minusDays(1);
  }

  /** Parent/child rows [ASSUMED columns]: one per relationship, and one per top member. */
  private void writeHierarchy(JsonGenerator out, RequestBody body) throws IOException {
    requireCube(body);
    Dim dim = dimension(body);
    boolean descriptions = body.bool("IncludeDescriptions", false);
    Dimension dimension = md.dimension(dim);
    out.writeStartArray();
    for (Member m : dimension.members()) {
      List<Dimension.Rel> parents = dimension.parentRels(m);
      if (parents.isEmpty()) {
        hierarchyRow(out, dimension, null, m, 1.0, descriptions);
      }
      for (Dimension.Rel r : parents) {
        hierarchyRow(out, dimension, r.parent(), m, r.weight(), descriptions);
      }
    }
    out.writeEndArray();
  }

  private static void hierarchyRow(
      JsonGenerator out, Dimension d, Member parent, Member m, double weight, boolean desc)
      throws IOException {
    out.writeStartObject();
    out.writeStringField("Dimension", d.dim().displayName());
    out.writeStringField("Parent", parent == null ? null : parent.name());
    out.writeStringField("Member", m.name());
    if (desc) {
      out.writeStringField("Description", m.description());
    }
    out.writeNumberField("Depth", parent == null ? 0 : d.depth(parent) + 1);
    out.writeNumberField("AggregationWeight", weight);
    out.writeBooleanField("IsBase", d.isBase(m));
    out.writeNumberField("SortOrder", m.sortOrder());
    out.writeEndObject();
  }

  /** Member properties [ASSUMED columns]: the dimension-specific ones where they apply. */
  private void writeMemberProperties(JsonGenerator out, RequestBody body) throws IOException {
    requireCube(body);
    Dim dim = dimension(body);
    Dimension dimension = md.dimension(dim);
    out.writeStartArray();
    for (Member m : dimension.members()) {
      out.writeStartObject();
      out.writeStringField("Member", m.name());
      out.writeStringField("Description", m.description());
      out.writeNumberField("MemberId", m.id());
      out.writeBooleanField("IsBase", dimension.isBase(m));
      out.writeNumberField("SortOrder", m.sortOrder());
      if (dim == Dim.ENTITY) {
        out.writeStringField("Currency", m.currency());
      } else if (dim == Dim.ACCOUNT) {
        out.writeStringField("AccountType", m.accountType().name());
      } else if (dim == Dim.TIME) {
        out.writeStringField("StartDate", monthStart(m.firstMonth()).toString());
        out.writeStringField("EndDate", monthEnd(m.lastMonth()).toString());
      }
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  @Override
  public void close() {
    dataManagement.close();
    db.close();
  }
}
