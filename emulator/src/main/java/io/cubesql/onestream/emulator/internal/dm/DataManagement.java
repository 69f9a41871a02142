package io.cubesql.onestream.emulator.internal.dm;

import io.cubesql.onestream.emulator.internal.api.ApiException;
import io.cubesql.onestream.emulator.internal.data.AppDatabase;
import io.cubesql.onestream.emulator.internal.dm.CellCalculator.Outcome;
import io.cubesql.onestream.emulator.internal.dm.CellCalculator.Scope;
import io.cubesql.onestream.emulator.internal.filter.MemberFilter;
import io.cubesql.onestream.emulator.internal.filter.SubstVars;
import io.cubesql.onestream.emulator.internal.model.Dim;
import io.cubesql.onestream.emulator.internal.model.Dimension;
import io.cubesql.onestream.emulator.internal.model.Member;
import io.cubesql.onestream.emulator.internal.model.Metadata;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Runs the data management sequences and steps of one application (onestream-api.md §5) as
 * background jobs, with the calculations of {@link CellCalculator} (whose Javadoc states the
 * consolidation, translation and clear rules).
 *
 * <p>Starting a job resolves everything it needs first, so a bad request fails at once with a 400:
 * an unknown sequence, group or step (names match ignoring case), a workspace other than {@code
 * Default}, a step type this emulator does not run, a parameter without a value, or a filter that
 * names no member. Parameters resolve from the call's variables, then the sequence's {@code
 * Parameters}, then the step's {@code Parameters} [ASSUMED: OneStream's precedence is not public].
 *
 * <p>A sequence (or step) that is still running cannot start again: 409 with {@code Data Management
 * Sequence [X] is already running.} [ASSUMED]. Steps of different jobs run one at a time, in the
 * order they reach the lock, so two jobs never write the same cells at once. Each step writes in
 * one transaction. A job that fails completes its future normally, with {@code succeeded = false}
 * and a descriptive message; the steps before the failing one stay committed, as OneStream's steps
 * do [ASSUMED].
 */
public final class DataManagement implements AutoCloseable {
  private static final int KEPT_JOBS = 200;

  private final AppDatabase db;
  private final Metadata metadata;
  private final CellCalculator calculator;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final Clock clock;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final Map<String, Job> running = new ConcurrentHashMap<>();
  private final Map<String, Job> recent = new LinkedHashMap<>();
  private volatile Duration stepDelay = Duration.ZERO;
  private volatile Consumer<String> beforeStep = name -> {};

  /** Data management with its own single background thread, shut down by {@link #close()}. */
  public DataManagement(AppDatabase db, Clock clock) {
    this(db, Executors.newSingleThreadExecutor(DataManagement::daemon), true, clock);
  }

  /** Data management running jobs on {@code executor}, which the caller owns and shuts down. */
  public DataManagement(AppDatabase db, ExecutorService executor, Clock clock) {
    this(db, executor, false, clock);
  }

  private DataManagement(
      AppDatabase db, ExecutorService executor, boolean ownsExecutor, Clock clock) {
    this.db = Objects.requireNonNull(db);
    this.metadata = db.metadata();
    this.calculator = new CellCalculator(metadata);
    this.executor = Objects.requireNonNull(executor);
    this.ownsExecutor = ownsExecutor;
    this.clock = Objects.requireNonNull(clock);
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "data-management");
    t.setDaemon(true);
    return t;
  }

  /**
   * Makes each step wait this long before it runs, to emulate long-running jobs (and their
   * polling); zero by default.
   */
  public void setStepDelay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("Step delay must not be negative: " + delay);
    }
    this.stepDelay = delay;
  }

  /** A test hook run on the job's thread before each step, with the step's name. */
  void setBeforeStep(Consumer<String> hook) {
    this.beforeStep = Objects.requireNonNull(hook);
  }

  /**
   * Starts sequence {@code sequenceName} (ExecuteSequence).
   *
   * @param workspaceName null or {@code Default}, the only workspace the emulator has
   * @param vars the call's {@code CustomSubstVarsAsCommaSeparatedPairs}
   * @throws ApiException 400 for an unknown sequence or workspace or an unresolvable step, 409 when
   *     the sequence is already running
   */
  public Job startSequence(String sequenceName, String workspaceName, SubstVars vars) {
    if (workspaceName != null
        && !workspaceName.isBlank()
        && !workspaceName.trim().equalsIgnoreCase("Default")) {
      throw ApiException.badRequest("The workspace '" + workspaceName + "' does not exist.");
    }
    Catalogue catalogue = loadCatalogue();
    SequenceDef sequence =
        catalogue.sequences().stream()
            .filter(s -> s.name().equalsIgnoreCase(nonNull(sequenceName, "SequenceName")))
            .findFirst()
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "The Data Management Sequence '" + sequenceName + "' does not exist."));
    SubstVars sequenceVars = orEmpty(vars).withDefaults(parseStored(sequence.parameters()));
    List<Plan> plans = new ArrayList<>();
    for (int stepId : sequence.stepIds()) {
      StepDef step = catalogue.steps().get(stepId);
      if (step == null) {
        throw ApiException.badRequest(
            "The Data Management Sequence '" + sequence.name() + "' names a missing step.");
      }
      plans.add(plan(step, sequenceVars));
    }
    return launch(Job.Kind.SEQUENCE, sequence.name(), "sequence:" + key(sequence.name()), plans);
  }

  /**
   * Starts step {@code stepName} of group {@code groupName} (ExecuteStep).
   *
   * @throws ApiException 400 for an unknown group or step or an unresolvable step, 409 when the
   *     step is already running
   */
  public Job startStep(String groupName, String stepName, SubstVars vars) {
    Catalogue catalogue = loadCatalogue();
    String group = nonNull(groupName, "DataManagementGroupName");
    String name = nonNull(stepName, "StepName");
    if (catalogue.groups().stream().noneMatch(g -> g.equalsIgnoreCase(group))) {
      throw ApiException.badRequest(
          "The Data Management Group '" + groupName + "' does not exist.");
    }
    StepDef step =
        catalogue.steps().values().stream()
            .filter(s -> s.group().equalsIgnoreCase(group) && s.name().equalsIgnoreCase(name))
            .findFirst()
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "The Data Management Step '"
                            + stepName
                            + "' does not exist in group '"
                            + groupName
                            + "'."));
    Plan plan = plan(step, orEmpty(vars));
    return launch(
        Job.Kind.STEP, step.name(), "step:" + key(step.group()) + "/" + key(step.name()), plan);
  }

  /** The names of the sequences and steps running now (for tests that wait for quiet). */
  public List<String> running() {
    return running.values().stream().map(Job::name).toList();
  }

  /** A job started earlier (the most recent few hundred are kept), by its id. */
  public Optional<Job> job(String id) {
    synchronized (recent) {
      return Optional.ofNullable(recent.get(id));
    }
  }

  private Job launch(Job.Kind kind, String name, String runKey, List<Plan> plans) {
    Job job = new Job(UUID.randomUUID().toString(), name, kind, clock.instant());
    Job other = running.putIfAbsent(runKey, job);
    if (other != null) {
      throw ApiException.conflict(
          "Data Management " + kind.label() + " [" + other.name() + "] is already running.");
    }
    synchronized (recent) {
      recent.put(job.id(), job);
      if (recent.size() > KEPT_JOBS) {
        recent.remove(recent.keySet().iterator().next());
      }
    }
    try {
      executor.execute(() -> run(job, runKey, plans));
    } catch (RejectedExecutionException e) {
      running.remove(runKey, job);
      throw ApiException.serverError("Data management is shut down.", null);
    }
    return job;
  }

  private Job launch(Job.Kind kind, String name, String runKey, Plan plan) {
    return launch(kind, name, runKey, List.of(plan));
  }

  private void run(Job job, String runKey, List<Plan> plans) {
    List<JobResult.StepRun> runs = new ArrayList<>();
    String subject = "Data Management " + job.kind().label() + " [" + job.name() + "]";
    JobResult result;
    try {
      for (Plan plan : plans) {
        runs.add(runStep(plan, subject));
      }
      result = new JobResult(true, subject + " was completed", runs);
    } catch (StepFailure e) {
      result = new JobResult(false, e.getMessage(), runs);
    } catch (RuntimeException e) {
      result = new JobResult(false, subject + " failed: " + describe(e), runs);
    }
    // Free the name before completing, so a caller woken by the future can start it again.
    running.remove(runKey, job);
    job.finish(clock.instant(), result);
  }

  private JobResult.StepRun runStep(Plan plan, String subject) throws StepFailure {
    String stepName = plan.step().name();
    try {
      beforeStep.accept(stepName);
      Duration delay = stepDelay;
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailure(subject + " was interrupted before step [" + stepName + "].");
    }
    writeLock.lock();
    try (Connection c = db.connection()) {
      long t0 = System.nanoTime();
      c.setAutoCommit(false);
      try {
        Outcome outcome = calculate(c, plan);
        c.commit();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return new JobResult.StepRun(
            stepName,
            plan.step().calcType(),
            outcome.cellsWritten(),
            outcome.cellsDeleted(),
            millis);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw new StepFailure(subject + " failed in step [" + stepName + "]: " + describe(e));
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StepFailure(subject + " failed in step [" + stepName + "]: " + describe(e));
    } finally {
      writeLock.unlock();
    }
  }

  private Outcome calculate(Connection c, Plan plan) throws SQLException {
    switch (plan.operation()) {
      case CONSOLIDATE:
        return calculator.consolidate(c, plan.scope());
      case TRANSLATE:
        return calculator.translate(c, plan.scope());
      case CLEAR:
        return calculator.clear(c, plan.scope());
      default:
        throw new IllegalStateException("Unknown operation " + plan.operation());
    }
  }

  /** The first line of an exception's message: never a stack trace. */
  private static String describe(Exception e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  // ---------------------------------------------------------------- resolving a step

  private enum Operation {
    CONSOLIDATE,
    TRANSLATE,
    CLEAR
  }

  private record Plan(StepDef step, Operation operation, Scope scope) {}

  private Plan plan(StepDef step, SubstVars vars) {
    Operation op = operation(step);
    SubstVars all = vars.withDefaults(parseStored(step.parameters()));
    List<Member> anchors = filter(step, "EntityFilter", step.entityFilter(), Dim.ENTITY, all);
    List<Member> scenarios =
        filter(step, "ScenarioFilter", step.scenarioFilter(), Dim.SCENARIO, all);
    Dimension time = metadata.dimension(Dim.TIME);
    Set<Member> months = new LinkedHashSet<>();
    // Cells are stored by month: a year or quarter in the filter stands for its months.
    for (Member t : filter(step, "TimeFilter", step.timeFilter(), Dim.TIME, all)) {
      months.addAll(time.base(t));
    }
    Scope scope = new Scope(calculator.trees(anchors), scenarios, new ArrayList<>(months));
    return new Plan(step, op, scope);
  }

  private static Operation operation(StepDef step) {
    String type = step.stepType() == null ? "" : step.stepType().trim();
    String calc = step.calcType() == null ? "" : step.calcType().trim();
    if (type.equalsIgnoreCase("Calculate") && calc.equalsIgnoreCase("Consolidate")) {
      return Operation.CONSOLIDATE;
    }
    if (type.equalsIgnoreCase("Calculate") && calc.equalsIgnoreCase("Translate")) {
      return Operation.TRANSLATE;
    }
    if (type.equalsIgnoreCase("ClearData") && calc.equalsIgnoreCase("Consolidated")) {
      return Operation.CLEAR;
    }
    throw ApiException.badRequest(
        "The Data Management Step '"
            + step.name()
            + "' has step type "
            + type
            + " with calculation type "
            + calc
            + ", which this emulator does not run.");
  }

  private List<Member> filter(StepDef step, String what, String text, Dim dim, SubstVars vars) {
    if (text == null || text.isBlank()) {
      throw ApiException.badRequest(
          "The Data Management Step '" + step.name() + "' has no " + what + ".");
    }
    String resolved;
    try {
      resolved = vars.substitute(text);
    } catch (SubstVars.UnresolvedParameterException e) {
      throw ApiException.badRequest(
          "The Data Management Step '"
              + step.name()
              + "' needs a value for parameter |!"
              + e.parameter()
              + "!| in its "
              + what
              + ".");
    }
    List<Member> members;
    try {
      members = MemberFilter.members(resolved, dim, metadata);
    } catch (ApiException e) {
      throw ApiException.badRequest(
          "The "
              + what
              + " of Data Management Step '"
              + step.name()
              + "' is invalid: "
              + e.getMessage());
    }
    if (members.isEmpty()) {
      throw ApiException.badRequest(
          "The " + what + " of Data Management Step '" + step.name() + "' names no member.");
    }
    return members;
  }

  private static SubstVars parseStored(String parameters) {
    return parameters == null ? SubstVars.empty() : SubstVars.parse(parameters);
  }

  private static SubstVars orEmpty(SubstVars vars) {
    return vars == null ? SubstVars.empty() : vars;
  }

  private static String nonNull(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(field + " is required.");
    }
    return value.trim();
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  // ---------------------------------------------------------------- the stored definitions

  private record StepDef(
      int id,
      String name,
      String group,
      String stepType,
      String calcType,
      String entityFilter,
      String scenarioFilter,
      String timeFilter,
      String parameters) {}

  private record SequenceDef(int id, String name, String parameters, List<Integer> stepIds) {}

  private record Catalogue(
      List<String> groups, Map<Integer, StepDef> steps, List<SequenceDef> sequences) {}

  /** Reads the (small) definition tables afresh, so edits made through SQL are seen. */
  private Catalogue loadCatalogue() {
    try (Connection c = db.connection();
        Statement st = c.createStatement()) {
      List<String> groups = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery("SELECT Name FROM DataMgmtGroup ORDER BY DataMgmtGroupID")) {
        while (rs.next()) {
          groups.add(rs.getString(1));
        }
      }
      Map<Integer, StepDef> steps = new LinkedHashMap<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT s.DataMgmtStepID, s.Name, g.Name, s.StepType, s.CalcType, s.EntityFilter,"
                  + " s.ScenarioFilter, s.TimeFilter, s.Parameters FROM DataMgmtStep s"
                  + " JOIN DataMgmtGroup g ON g.DataMgmtGroupID = s.DataMgmtGroupID"
                  + " ORDER BY s.DataMgmtStepID")) {
        while (rs.next()) {
          StepDef s =
              new StepDef(
                  rs.getInt(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9));
          steps.put(s.id(), s);
        }
      }
      List<SequenceDef> sequences = new ArrayList<>();
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT DataMgmtStepID FROM DataMgmtSequenceStep WHERE DataMgmtSequenceID = ?"
                      + " ORDER BY Seq");
          ResultSet rs =
              st.executeQuery(
                  "SELECT DataMgmtSequenceID, Name, Parameters FROM DataMgmtSequence"
                      + " ORDER BY DataMgmtSequenceID")) {
        while (rs.next()) {
          int id = rs.getInt(1);
          List<Integer> stepIds = new ArrayList<>();
          ps.setInt(1, id);
          try (ResultSet srs = ps.executeQuery()) {
            while (srs.next()) {
              stepIds.add(srs.getInt(1));
            }
          }
          sequences.add(new SequenceDef(id, rs.getString(2), rs.getString(3), stepIds));
        }
      }
      return new Catalogue(groups, steps, sequences);
    } catch (SQLException e) {
      throw ApiException.serverError(
          "The data management definitions could not be read.", describe(e));
    }
  }

  /** A step that failed, with the message the job reports. */
  private static final class StepFailure extends Exception {
    private static final long serialVersionUID = 1L;

    StepFailure(String message) {
      super(message, null, false, false);
    }
  }

  /** Stops the executor this instance created; jobs in progress are interrupted. */
  @Override
  public void close() {
    if (ownsExecutor) {
      executor.shutdownNow();
    }
    // Jobs that never got a thread would otherwise leave their futures pending forever.
    for (Job job : running.values()) {
      job.finish(
          clock.instant(),
          new JobResult(
              false,
              "Data Management " + job.kind().label() + " [" + job.name() + "] was stopped.",
              List.of()));
    }
    running.clear();
  }
}
