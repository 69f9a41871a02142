package io.cubesql.onestream.client;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.cubesql.onestream.client.DataSetReader.Exchange;
import io.cubesql.onestream.client.internal.CallHistory;
import io.cubesql.onestream.client.internal.Json;
import io.cubesql.onestream.client.internal.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The typed calls of the OneStream REST API (onestream-api.md §3–§6), one method per route, over
 * one session. DataProvider and Analytics calls answer a streaming {@link DataSetReader} (close
 * it); DataManagement calls answer the server's message. The session adds the version's fields to
 * every body: the {@code SI} on 7.2.0, {@code BaseWebServerUrl} and {@code ApplicationName} on
 * 5.2.0.
 *
 * <p>Safe for concurrent use; each reader belongs to one thread.
 */
public final class OneStreamClient implements AutoCloseable {
  /** The table name sent when the caller gives none. */
  public static final String DEFAULT_TABLE = "Table";

  /** The longest {@link #runSequence} and {@link #runStep} wait for work to end. */
  public static final Duration WORK_WAIT = Duration.ofDays(7);

  private final ClientConfig config;
  private final Transport transport;
  private final SessionManager session;

  private OneStreamClient(ClientConfig config, Transport transport, SessionManager session) {
    this.config = config;
    this.transport = transport;
    this.session = session;
  }

  /** A client of the server and application {@code config} names; it logs on at first use. */
  public static OneStreamClient open(ClientConfig config) {
    Transport transport = new Transport(config);
    return new OneStreamClient(config, transport, new SessionManager(config, transport));
  }

  public ClientConfig config() {
    return config;
  }

  /**
   * The last {@value CallHistory#CAPACITY} HTTP calls of this client, oldest first, each attempt of
   * a retried read and each page and poll of an Analytics request apart; a snapshot that later
   * calls do not change. A call appears once it has ended: its answer read to the end or closed (by
   * its {@link DataSetReader} too, when one reads it), or its failure. Logon and OpenApplication
   * are listed; token requests are not, since a token shared by several connections is no one
   * connection's.
   */
  public List<CallRecord> recentCalls() {
    return transport.history().snapshot();
  }

  /**
   * How many calls this client has recorded since it was opened, those that fell out of {@link
   * #recentCalls()} included.
   */
  public long callCount() {
    return transport.history().count();
  }

  /** The transport, so that tests can look at its connection pool. */
  Transport transport() {
    return transport;
  }

  // ---------------------------------------------------------------------------- Authentication

  /**
   * Checks that the token works with {@code Authentication/LogonAndReturnCookie} (§3 [DOC]), which
   * opens no session; answers the server's message.
   */
  public String ping() throws OneStreamException {
    return ping(new CallHandle());
  }

  /**
   * {@link #ping()} under {@code handle}, so that another thread can cancel it (and its retries): a
   * caller that stops waiting frees the thread and the connection at once.
   */
  public String ping(CallHandle handle) throws OneStreamException {
    Route route = Route.LOGON_AND_RETURN_COOKIE;
    Response response =
        session.call(
            route,
            g -> g.writeStringField("BaseWebServerUrl", config.webServerUrl()),
            Map.of(),
            handle);
    try (ResponseBody body = response.body()) {
      Map<String, String> fields = Json.topLevelStrings(body.bytes());
      return fields.getOrDefault("message", "");
    } catch (IOException e) {
      throw Transport.failure(null, route.path(), e);
    }
  }

  /** The applications the user may open, as Logon lists them (on 5.2.0, the configured one). */
  public List<String> authorizedApplications() throws OneStreamException {
    return session.authorizedApplications();
  }

  // ---------------------------------------------------------------------------- DataProvider

  /**
   * Runs a cube view ({@code GetAdoDataSetForCubeViewCommand}, §4 [CLIENT]) and reads its reporting
   * table.
   *
   * @param dataTablePerRow true for one table per cube view row, false for one merged table
   * @param includeMemberDetails adds the dimension of each header level [ASSUMED]
   * @param resultTableName the table's name, {@value #DEFAULT_TABLE} when null
   */
  public DataSetReader cubeView(
      String name,
      SubstVars substVars,
      boolean dataTablePerRow,
      boolean includeMemberDetails,
      String resultTableName)
      throws OneStreamException {
    return cubeView(
        name, substVars, dataTablePerRow, includeMemberDetails, resultTableName, c -> {});
  }

  /**
   * As {@link #cubeView(String, SubstVars, boolean, boolean, String)}, handing every HTTP call of
   * the request (polls and pages too) to {@code onCall}, for instance a {@link CallHandle}.
   */
  public DataSetReader cubeView(
      String name,
      SubstVars substVars,
      boolean dataTablePerRow,
      boolean includeMemberDetails,
      String resultTableName,
      Consumer<Call> onCall)
      throws OneStreamException {
    Route route = Route.CUBE_VIEW;
    String vars = wire(substVars, route);
    return dataSet(
        route,
        onCall,
        g -> {
          g.writeStringField("CubeViewName", Objects.requireNonNull(name, "name"));
          g.writeBooleanField("DataTablePerCubeViewRow", dataTablePerRow);
          g.writeStringField("ResultDataTableName", table(resultTableName));
          g.writeStringField("CustomSubstVarsAsCommaSeparatedPairs", vars);
          g.writeObjectFieldStart("CubeViewDataTableOptions");
          g.writeBooleanField("IncludeTitle", false);
          g.writeBooleanField("IncludeMemberDetails", includeMemberDetails);
          g.writeEndObject();
        });
  }

  /**
   * Runs a dashboard data adapter ({@code GetAdoDataSetForAdapter}, §4 [DOC, CLIENT]).
   *
   * @param workspace the workspace, or null to send none
   */
  public DataSetReader adapter(
      String name, boolean systemLevel, String workspace, SubstVars substVars, String table)
      throws OneStreamException {
    Route route = Route.ADAPTER;
    String vars = wire(substVars, route);
    return dataSet(route, g -> adapterFields(g, name, systemLevel, workspace, vars, table));
  }

  /**
   * Runs an SQL query ({@code GetAdoDataSetForSqlCommand}, §4 [DOC]); Administrator role only.
   *
   * @param externalConnection the {@code XFExternalDBConnectionName} for {@link
   *     DbLocation#EXTERNAL}, else null
   */
  public DataSetReader sql(
      String query,
      DbLocation dbLocation,
      String externalConnection,
      SubstVars substVars,
      String table)
      throws OneStreamException {
    return sql(query, dbLocation, externalConnection, substVars, table, c -> {});
  }

  /**
   * As {@link #sql(String, DbLocation, String, SubstVars, String)}, handing each HTTP call to
   * {@code onCall} (a {@link CallHandle} to cancel it).
   */
  public DataSetReader sql(
      String query,
      DbLocation dbLocation,
      String externalConnection,
      SubstVars substVars,
      String table,
      Consumer<Call> onCall)
      throws OneStreamException {
    Route route = Route.SQL;
    String vars = wire(substVars, route);
    return dataSet(
        route,
        onCall,
        g -> {
          g.writeStringField("SqlQuery", Objects.requireNonNull(query, "query"));
          g.writeStringField(
              "DbLocation", (dbLocation == null ? DbLocation.APPLICATION : dbLocation).wire());
          if (externalConnection != null) {
            g.writeStringField("XFExternalDBConnectionName", externalConnection);
          }
          g.writeStringField("ResultDataTableName", table(table));
          g.writeStringField("CustomSubstVarsAsCommaSeparatedPairs", vars);
        });
  }

  /**
   * Runs a method command ({@code GetAdoDataSetForMethodCommand}, §4 [CLIENT]); Administrator role
   * only.
   *
   * @param type the {@code XFCommandMethodType}, such as {@code BiBlendInfo}
   * @param methodQuery the arguments, {@code {arg1}{arg2}...}
   */
  public DataSetReader method(String type, String methodQuery, SubstVars substVars, String table)
      throws OneStreamException {
    Route route = Route.METHOD;
    String vars = wire(substVars, route);
    return dataSet(
        route,
        g -> {
          g.writeStringField("XFCommandMethodType", Objects.requireNonNull(type, "type"));
          g.writeStringField("MethodQuery", methodQuery == null ? "" : methodQuery);
          g.writeStringField("ResultDataTableName", table(table));
          g.writeStringField("CustomSubstVarsAsCommaSeparatedPairs", vars);
        });
  }

  // ---------------------------------------------------------------------------- DataManagement

  /**
   * Runs a data management sequence ({@code ExecuteSequence}, §5 [DOC]) and answers the server's
   * message once it has finished. Never retried: a consolidation must not run twice.
   *
   * @param workspace the workspace, or null to send none
   */
  public String executeSequence(String name, String workspace, SubstVars substVars)
      throws OneStreamException {
    return runSequence(name, workspace, substVars).message();
  }

  /**
   * As {@link #executeSequence}, answering the request id too when the server ran it under call
   * state (an envelope followed to its end), null when it answered synchronously (5.2.0).
   */
  public JobStatus runSequence(String name, String workspace, SubstVars substVars)
      throws OneStreamException {
    return runSequence(name, workspace, substVars, new CallHandle(), s -> {});
  }

  /**
   * As {@link #runSequence(String, String, SubstVars)}: {@code onState} hears the state the
   * submission answered and then each poll's (§6), and cancelling {@code handle} stops the waiting
   * with {@link ErrorKind#CANCELLED} (the work itself goes on on the server, under its request id).
   */
  public JobStatus runSequence(
      String name,
      String workspace,
      SubstVars substVars,
      CallHandle handle,
      Consumer<JobStatus> onState)
      throws OneStreamException {
    Route route = Route.EXECUTE_SEQUENCE;
    return follow(
        route,
        "sequence",
        name,
        status(route, sequenceFields(name, workspace, wire(substVars, route)), Map.of(), handle),
        handle,
        onState);
  }

  /**
   * Runs one data management step ({@code ExecuteStep}, §5 [DOC]) and answers the server's message.
   * Never retried.
   */
  public String executeStep(String group, String step, SubstVars substVars)
      throws OneStreamException {
    return runStep(group, step, substVars).message();
  }

  /**
   * Starts a sequence and answers at once (see {@link JobStatus}): follow it with {@link
   * #jobStatus}. Never retried.
   */
  public JobStatus submitSequence(String name, String workspace, SubstVars substVars)
      throws OneStreamException {
    Route route = Route.EXECUTE_SEQUENCE;
    return status(
        route, sequenceFields(name, workspace, wire(substVars, route)), Map.of(), new CallHandle());
  }

  /** Starts a step and answers at once, as {@link #submitSequence} does. Never retried. */
  public JobStatus submitStep(String group, String step, SubstVars substVars)
      throws OneStreamException {
    Route route = Route.EXECUTE_STEP;
    return status(
        route, stepFields(group, step, wire(substVars, route)), Map.of(), new CallHandle());
  }

  /**
   * One look at work started with call state ({@code GetDataRequest}, §6): {@code Running} while it
   * runs, then {@code Completed} with its message. 7.2.0 only. A request id the server does not
   * know is {@link ErrorKind#REQUEST_EXPIRED}: it expired, the server restarted, or it was never
   * issued, and the work it named may have ended or may still be running.
   */
  public JobStatus jobStatus(String requestId) throws OneStreamException {
    try {
      return jobStatus(requestId, new CallHandle());
    } catch (OneStreamException e) {
      if (e.kind() != ErrorKind.REQUEST_EXPIRED) {
        throw e;
      }
      throw OneStreamException.restating(
          ErrorKind.REQUEST_EXPIRED,
          "The server does not know request id "
              + requestId
              + " (it expired, the server restarted, or it was never issued); the work it named "
              + IN_DOUBT,
          e);
    }
  }

  private JobStatus jobStatus(String requestId, CallHandle handle) throws OneStreamException {
    requireAnalytics(Route.DATA_REQUEST);
    return status(
        Route.DATA_REQUEST,
        g -> {
          g.writeStringField("IsSystemLevel", "False");
          g.writeStringField("RequestId", Objects.requireNonNull(requestId, "requestId"));
        },
        Map.of("page", "1"),
        handle);
  }

  /** As {@link #executeStep}, answering the request id too (see {@link #runSequence}). */
  public JobStatus runStep(String group, String step, SubstVars substVars)
      throws OneStreamException {
    return runStep(group, step, substVars, new CallHandle(), s -> {});
  }

  /** As {@link #runStep(String, String, SubstVars)}, heard and stopped as {@link #runSequence}. */
  public JobStatus runStep(
      String group,
      String step,
      SubstVars substVars,
      CallHandle handle,
      Consumer<JobStatus> onState)
      throws OneStreamException {
    Route route = Route.EXECUTE_STEP;
    return follow(
        route,
        "step",
        group + "/" + step,
        status(route, stepFields(group, step, wire(substVars, route)), Map.of(), handle),
        handle,
        onState);
  }

  /**
   * Follows submitted work to its end: polls its request id ({@code GetDataRequest}, §6) on the
   * poll schedule until it is {@code Completed}, telling {@code onState} each state. Work answered
   * synchronously (5.2.0) has already ended. When the server no longer knows the request id (it
   * restarted, or the id expired) the work's end cannot be known: {@link
   * ErrorKind#REQUEST_EXPIRED}, saying that it may have completed, since running it again blindly
   * could run a consolidation twice.
   *
   * @param work {@code sequence} or {@code step}
   * @param name the sequence's name, or the step's {@code group/step}
   */
  private JobStatus follow(
      Route route,
      String work,
      String name,
      JobStatus submitted,
      CallHandle handle,
      Consumer<JobStatus> onState)
      throws OneStreamException {
    JobStatus s = submitted;
    onState.accept(s);
    // The data poll time-out is for answers; work such as a consolidation may run for hours, and
    // the caller (a statement's time-out or cancel) decides how long to wait for it.
    PollSchedule schedule = new PollSchedule(config.pollDelays(), WORK_WAIT, config.clock());
    int polls = 0;
    while (!s.completed()) {
      if (s.requestId() == null) {
        throw OneStreamException.of(
            ErrorKind.PROTOCOL,
            route.path(),
            route.path() + " answered state " + s.state() + " without a request id to follow");
      }
      schedule.awaitNextPoll(s.requestId(), route.path(), handle.cancelled());
      String id = s.requestId();
      polls++;
      try {
        s = jobStatus(id, handle);
      } catch (OneStreamException e) {
        if (e.kind() == ErrorKind.CANCELLED) {
          throw e; // the caller stopped waiting, and says so
        }
        throw followFailed(e, work, name, id, polls);
      }
      onState.accept(s);
    }
    return s;
  }

  /** What an error about started work whose end is not known says of it. */
  private static final String IN_DOUBT =
      "may have completed or may still be running: check on the server before running it again";

  /**
   * A poll of started work that failed: the server no longer knows its request id ({@link
   * ErrorKind#REQUEST_EXPIRED}), or any other error (a 500, a damaged answer, a lost connection),
   * whose message then names the work and the poll instead of the bare route. Either way the work
   * may still be running, and the message says so, so that no one runs a consolidation again
   * without looking.
   */
  private static OneStreamException followFailed(
      OneStreamException e, String work, String name, String id, int polls) {
    String subject = "Data Management " + work + " " + name;
    if (e.kind() == ErrorKind.REQUEST_EXPIRED) {
      return OneStreamException.restating(
          ErrorKind.REQUEST_EXPIRED,
          subject
              + ": the server no longer knows request id "
              + id
              + " (it expired or the server restarted), so its end cannot be followed; the "
              + work
              + " "
              + IN_DOUBT,
          e);
    }
    String route = Route.DATA_REQUEST.path();
    String message = e.getMessage() == null ? "" : e.getMessage();
    subject += ", poll " + polls + " (" + route + ")";
    message =
        message.startsWith(route)
            ? subject + message.substring(route.length())
            : subject + ": " + message;
    return OneStreamException.restating(
        e.kind(),
        message + "; the " + work + " was started (request id " + id + "), so it " + IN_DOUBT,
        e);
  }

  // ---------------------------------------------------------------------------- Analytics

  /** The cubes of the application ({@code Analytics/GetCubeList}, §6 [CLIENT]); 7.2.0 only. */
  public DataSetReader cubeList() throws OneStreamException {
    return analytics(Route.CUBE_LIST, g -> g.writeStringField("IsSystemLevel", "False"));
  }

  /**
   * The data cells of {@code cube} that {@code filter} selects, one row per cell ({@code
   * GetDataCellsFromCube}, §6 [CLIENT]), read page by page as the caller consumes them.
   */
  public DataSetReader dataCells(String cube, boolean includeDescriptions, DataCellsFilter filter)
      throws OneStreamException {
    return dataCells(cube, includeDescriptions, filter, c -> {});
  }

  /**
   * As {@link #dataCells(String, boolean, DataCellsFilter)}, handing every HTTP call of the request
   * (polls and pages too) to {@code onCall}, for instance a {@link CallHandle}.
   */
  public DataSetReader dataCells(
      String cube, boolean includeDescriptions, DataCellsFilter filter, Consumer<Call> onCall)
      throws OneStreamException {
    DataCellsFilter f = filter == null ? DataCellsFilter.all() : filter;
    requireAnalytics(Route.DATA_CELLS);
    return dataSet(
        Route.DATA_CELLS,
        onCall,
        g -> {
          g.writeStringField("CubeName", Objects.requireNonNull(cube, "cube"));
          g.writeBooleanField("IncludeDescriptions", includeDescriptions);
          f.write(g);
        });
  }

  /**
   * The parent/child members of a dimension ({@code GetDimensionHierarchy}, §6 [CLIENT]).
   *
   * @param dimensionType such as {@code Entity}
   * @param scenarioType such as {@code All}; null sends {@code All}
   */
  public DataSetReader dimensionHierarchy(
      String cube, String dimensionType, String scenarioType, boolean includeDescriptions)
      throws OneStreamException {
    return analytics(
        Route.DIMENSION_HIERARCHY,
        dimensionFields(cube, dimensionType, scenarioType, includeDescriptions));
  }

  /** The member properties of a dimension ({@code GetMemberPropertiesForDimension}, §6). */
  public DataSetReader memberProperties(
      String cube, String dimensionType, String scenarioType, boolean includeDescriptions)
      throws OneStreamException {
    return analytics(
        Route.MEMBER_PROPERTIES,
        dimensionFields(cube, dimensionType, scenarioType, includeDescriptions));
  }

  /** The rows of a data adapter through Analytics ({@code GetDataAdapter}, §6 [CLIENT]). */
  public DataSetReader dataAdapter(
      String name, boolean systemLevel, String workspace, SubstVars substVars, String table)
      throws OneStreamException {
    Route route = Route.DATA_ADAPTER;
    String vars = wire(substVars, route);
    return analytics(route, g -> adapterFields(g, name, systemLevel, workspace, vars, table));
  }

  /**
   * Reads a request started elsewhere ({@code GetDataRequest}, §6 [CLIENT]): polls until it has
   * completed, then reads its pages from the first.
   */
  public DataSetReader dataRequest(String requestId) throws OneStreamException {
    requireAnalytics(Route.DATA_REQUEST);
    Route route = Route.DATA_REQUEST;
    Exchange first;
    try {
      first = pager().fetch(Objects.requireNonNull(requestId, "requestId"), 1, c -> {});
    } catch (OneStreamException e) {
      if (e.kind() != ErrorKind.REQUEST_EXPIRED) {
        throw e;
      }
      throw OneStreamException.restating(
          ErrorKind.REQUEST_EXPIRED,
          "The server does not hold the answer to request id "
              + requestId
              + " (it expired, the server restarted, or it was never issued); send the original"
              + " request again",
          e);
    }
    return DataSetReader.open(route.path(), first, pager(), new PollSchedule(config), false);
  }

  @Override
  public void close() {
    session.close();
  }

  @Override
  public String toString() {
    return "OneStreamClient[" + config.serverUrl() + ", " + config.application() + "]";
  }

  // ---------------------------------------------------------------------------- helpers

  private DataSetReader analytics(Route route, Json.Fields fields) throws OneStreamException {
    requireAnalytics(route);
    return dataSet(route, fields);
  }

  /** The Analytics service exists on 7.2.0 only (§6): refuse before sending. */
  private void requireAnalytics(Route route) throws OneStreamException {
    if (config.apiVersion() != ApiVersion.V7_2_0) {
      throw OneStreamException.of(
          ErrorKind.BAD_REQUEST,
          route.path(),
          route.path() + " needs api-version 7.2.0, not " + config.apiVersion().text());
    }
  }

  private DataSetReader dataSet(Route route, Json.Fields fields) throws OneStreamException {
    return dataSet(route, c -> {}, fields);
  }

  private DataSetReader dataSet(Route route, Consumer<Call> onCall, Json.Fields fields)
      throws OneStreamException {
    return DataSetReader.open(
        route.path(),
        send(route, fields, Map.of(), onCall),
        pager(onCall),
        new PollSchedule(config),
        false);
  }

  /** The message row of finished work; a failure the row reports is an error. */
  private static JobStatus completed(Route route, DataSetReader reader) throws OneStreamException {
    if (!reader.nextRow()) {
      throw OneStreamException.of(
          ErrorKind.PROTOCOL, route.path(), route.path() + " answered no message");
    }
    Object message = reader.get("Message");
    String text = message == null ? "" : message.toString();
    // Under call state the job's outcome comes as a row [ASSUMED]: a failure is an error.
    if (Boolean.FALSE.equals(reader.get("Succeeded"))
        || "False".equalsIgnoreCase(String.valueOf(reader.get("Succeeded")))) {
      throw OneStreamException.of(ErrorKind.SERVER, route.path(), route.path() + ": " + text);
    }
    return new JobStatus(reader.requestId(), JobStatus.COMPLETED, text);
  }

  /**
   * Sends one call and reads the state its answer tells: DataManagement work answers at once with
   * its request id under call state ({@code Running}), or has already ended (5.2.0). The transport
   * retries only reads, so work is never sent twice.
   */
  private JobStatus status(
      Route route, Json.Fields fields, Map<String, String> query, CallHandle handle)
      throws OneStreamException {
    Response response = session.call(route, fields, query, handle);
    byte[] bytes;
    try (ResponseBody body = response.body()) {
      bytes = body.bytes();
    } catch (IOException e) {
      throw Transport.failure(null, route.path(), e);
    }
    return status(route, bytes);
  }

  /** The state an answer tells: an envelope still running, else the finished work's message. */
  private static JobStatus status(Route route, byte[] bytes) throws OneStreamException {
    Map<String, String> top = Json.topLevelStrings(bytes);
    String state = top.get("status");
    if (state != null && !JobStatus.COMPLETED.equalsIgnoreCase(state)) {
      // The fields of a cut or damaged answer can still be read; it must not pass for a state.
      try {
        Json.requireWellFormed(bytes);
      } catch (JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        throw OneStreamException.of(
            ErrorKind.PROTOCOL,
            route.path(),
            route.path()
                + " answered malformed JSON ("
                + e.getClass().getSimpleName()
                + ")"
                + (at == null
                    ? ""
                    : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
      } catch (IOException e) {
        throw OneStreamException.of(
            ErrorKind.PROTOCOL, route.path(), route.path() + " cannot be read: " + e, e);
      }
      return new JobStatus(top.get("requestid"), state, null);
    }
    try (DataSetReader reader = DataSetReader.ofMessage(route.path(), bytes)) {
      return completed(route, reader);
    }
  }

  /** Sends one call and returns its answer with the call, so that the reader can cancel it. */
  private Exchange send(Route route, Json.Fields fields, Map<String, String> query)
      throws OneStreamException {
    return send(route, fields, query, c -> {});
  }

  /** As {@link #send(Route, Json.Fields, Map)}, handing each HTTP call to {@code onCall} too. */
  private Exchange send(
      Route route, Json.Fields fields, Map<String, String> query, Consumer<Call> onCall)
      throws OneStreamException {
    AtomicReference<Call> call = new AtomicReference<>();
    Response response =
        session.call(
            route,
            fields,
            query,
            c -> {
              call.set(c);
              onCall.accept(c);
            });
    return Exchange.of(response, call.get(), route.path());
  }

  /** Polls and pages through {@code GetDataRequest} (§6 [CLIENT]). */
  private DataSetReader.Pager pager() {
    return pager(c -> {});
  }

  /** As {@link #pager()}, handing each HTTP call to {@code outer} as well. */
  private DataSetReader.Pager pager(Consumer<Call> outer) {
    return (requestId, page, onCall) ->
        send(
            Route.DATA_REQUEST,
            g -> {
              g.writeStringField("IsSystemLevel", "False");
              g.writeStringField("RequestId", requestId);
            },
            Map.of("page", Integer.toString(page)),
            c -> {
              outer.accept(c);
              onCall.accept(c);
            });
  }

  private static Json.Fields sequenceFields(String name, String workspace, String vars) {
    return g -> {
      g.writeStringField("SequenceName", Objects.requireNonNull(name, "name"));
      if (workspace != null) {
        g.writeStringField("WorkspaceName", workspace);
      }
      if (!vars.isEmpty()) {
        g.writeStringField("CustomSubstVarsAsCommaSeparatedPairs", vars);
      }
    };
  }

  private static Json.Fields stepFields(String group, String step, String vars) {
    return g -> {
      g.writeStringField("DataManagementGroupName", Objects.requireNonNull(group, "group"));
      g.writeStringField("StepName", Objects.requireNonNull(step, "step"));
      if (!vars.isEmpty()) {
        g.writeStringField("CustomSubstVarsAsCommaSeparatedPairs", vars);
      }
    };
  }

  private static Json.Fields dimensionFields(
      String cube, String dimensionType, String scenarioType, boolean includeDescriptions) {
    return g -> {
      g.writeStringField("CubeName", Objects.requireNonNull(cube, "cube"));
      g.writeStringField("DimensionType", Objects.requireNonNull(dimensionType, "dimensionType"));
      g.writeStringField("ScenarioType", scenarioType == null ? "All" : scenarioType);
      g.writeBooleanField("IncludeDescriptions", includeDescriptions);
    };
  }

  private static void adapterFields(
      com.fasterxml.jackson.core.JsonGenerator g,
      String name,
      boolean systemLevel,
      String workspace,
      String vars,
      String table)
      throws IOException {
    g.writeBooleanField("IsSystemLevel", systemLevel);
    g.writeStringField("AdapterName", Objects.requireNonNull(name, "name"));
    if (workspace != null) {
      g.writeStringField("WorkspaceName", workspace);
    }
    g.writeStringField("ResultDataTableName", table(table));
    g.writeStringField("CustomSubstVarsAsCommaSeparatedPairs", vars);
  }

  private static String table(String name) {
    return name == null || name.isBlank() ? DEFAULT_TABLE : name;
  }

  /** The wire form of the variables, refused before anything is sent (§4). */
  private static String wire(SubstVars vars, Route route) throws OneStreamException {
    return vars == null ? "" : vars.toWire(route.path());
  }
}
