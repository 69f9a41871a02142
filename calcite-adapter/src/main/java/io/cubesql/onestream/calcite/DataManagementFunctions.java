package io.cubesql.onestream.calcite;

import io.cubesql.onestream.client.CallHandle;
import io.cubesql.onestream.client.ErrorKind;
import io.cubesql.onestream.client.JobStatus;
import io.cubesql.onestream.client.OneStreamException;
import io.cubesql.onestream.client.SubstVars;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.impl.TableFunctionImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The table functions that run Data Management work (onestream-api.md §5):
 *
 * <pre>
 * SELECT * FROM TABLE(execute_sequence('NightlyConsolidation', 'Time=[2024M3]'))
 * SELECT * FROM TABLE(execute_step('Consolidation', 'Consolidate GolfStream', 'Time=[2024M3]'))
 * </pre>
 *
 * Each runs its work once, when the statement's rows are read (never while it is planned or
 * explained), waits for it to end (the synchronous 5.2.0 answer, or the call-state envelope polled
 * to its end) and answers one status row: {@code RequestId} (null for a synchronous answer), {@code
 * State}, {@code Message}, {@code Started}, {@code Finished} (UTC) and {@code ElapsedMs}. The
 * substitution variables are {@code Name=[Value]} pairs separated by commas; a value that cannot be
 * carried safely is refused with 22023 and nothing is sent. A failure (the work already running,
 * 409; an unknown sequence) fails the statement. Never retried: a consolidation must not run twice.
 */
public final class DataManagementFunctions {
  /** The status row's columns. */
  private static final List<Column> COLUMNS =
      List.of(
          new Column("RequestId", SqlTypeName.VARCHAR, null, false, "Null when synchronous"),
          new Column("State", SqlTypeName.VARCHAR, null, false, "Completed"),
          new Column("Message", SqlTypeName.VARCHAR, null, false, "The server's message"),
          new Column("Started", SqlTypeName.TIMESTAMP, null, false, "UTC"),
          new Column("Finished", SqlTypeName.TIMESTAMP, null, false, "UTC"),
          new Column("ElapsedMs", SqlTypeName.BIGINT, null, false, "Milliseconds"));

  private DataManagementFunctions() {}

  /** Adds the functions to {@code root}. */
  static void register(SchemaPlus root) {
    root.add(
        "execute_sequence", TableFunctionImpl.create(DataManagementFunctions.class, "sequence"));
    root.add("execute_step", TableFunctionImpl.create(DataManagementFunctions.class, "step"));
    root.add(
        "submit_sequence",
        TableFunctionImpl.create(DataManagementFunctions.class, "submitSequence"));
    root.add("submit_step", TableFunctionImpl.create(DataManagementFunctions.class, "submitStep"));
    root.add("job_status", TableFunctionImpl.create(DataManagementFunctions.class, "jobStatus"));
  }

  /** {@code execute_sequence(name, substitutionVariables)}. */
  public static ScannableTable sequence(String name, String substVars) {
    SubstVars vars = parse(substVars);
    return new StatusTable(
        "sequence " + name,
        true,
        (adapter, handle, onState) ->
            adapter.client().runSequence(name, null, vars, handle, onState));
  }

  /** {@code execute_step(group, step, substitutionVariables)}. */
  public static ScannableTable step(String group, String step, String substVars) {
    SubstVars vars = parse(substVars);
    return new StatusTable(
        "step " + group + "/" + step,
        true,
        (adapter, handle, onState) -> adapter.client().runStep(group, step, vars, handle, onState));
  }

  /**
   * {@code submit_sequence(name, substitutionVariables)}: starts the sequence and answers at once,
   * {@code Running} with its request id under call state (follow it with {@code job_status}); a
   * server that answers synchronously has already finished it.
   */
  public static ScannableTable submitSequence(String name, String substVars) {
    SubstVars vars = parse(substVars);
    return new StatusTable(
        "sequence " + name,
        true,
        (adapter, handle, onState) -> adapter.client().submitSequence(name, null, vars));
  }

  /** {@code submit_step(group, step, substitutionVariables)}, as {@code submit_sequence}. */
  public static ScannableTable submitStep(String group, String step, String substVars) {
    SubstVars vars = parse(substVars);
    return new StatusTable(
        "step " + group + "/" + step,
        true,
        (adapter, handle, onState) -> adapter.client().submitStep(group, step, vars));
  }

  /**
   * {@code job_status(requestId)}: one look at submitted work, {@code Running} or {@code Completed}
   * with its message; {@code Started} is known for work submitted through this connection.
   */
  public static ScannableTable jobStatus(String requestId) {
    return new StatusTable(
        "request " + requestId,
        false,
        (adapter, handle, onState) -> adapter.client().jobStatus(requestId));
  }

  /**
   * What completed Data Management work means for this JVM's result caches: they are emptied, since
   * the data changed. The Java API calls it as the table functions do.
   */
  public static void afterWork(JobStatus status) {
    ResultCache.afterDataManagement(status);
  }

  /**
   * What to report of each state of Data Management work, such as {@code Data Management sequence
   * NightlyConsolidation: Running after 5012 ms (request id 1f0c…)}: the table functions tell the
   * statement (a {@code SQLWarning}) and the log; the Java API the log.
   *
   * @param what the work, such as {@code sequence NightlyConsolidation}
   * @param sends whether the work was sent at {@code asked} (else it is a look at earlier work)
   */
  public static Consumer<JobStatus> reporter(
      String what, boolean sends, Instant asked, Consumer<String> sink) {
    return s -> {
      long ms = Duration.between(asked, Instant.now()).toMillis();
      sink.accept(
          "Data Management "
              + what
              + ": "
              + s.state()
              + (sends ? " after " + ms + " ms" : "")
              + (s.requestId() == null ? "" : " (request id " + s.requestId() + ")"));
    };
  }

  /**
   * {@code Name1=[Value1],Name2=[Value2]} (brackets optional around a value without commas), each
   * value checked as a pushed value is.
   *
   * @throws OneStreamAdapterException 22023 naming the pair that cannot be read or sent
   */
  public static SubstVars parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return SubstVars.none();
    }
    for (String[] pair : SubstVarText.pairs(text)) {
      String name = pair[0];
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new OneStreamAdapterException(
            States.INVALID_PARAMETER_VALUE,
            "The substitution variables '"
                + text
                + "' are not of the form Name=[Value],Name=[Value]: '"
                + pair[2]
                + "'");
      }
      SafeValue.check(name, pair[1]);
      out.put(name, pair[1]);
    }
    return SubstVars.of(out);
  }

  /**
   * The work a status table runs: {@code handle} stops a wait for its end, {@code onState} hears
   * each state it reads while it waits.
   */
  @FunctionalInterface
  private interface Work {
    JobStatus run(OneStreamAdapter adapter, CallHandle handle, Consumer<JobStatus> onState)
        throws OneStreamException;
  }

  /** One status row, made by running the work when the rows are read. */
  private static final class StatusTable extends AbstractTable implements ScannableTable {
    private final String what;
    private final boolean sends;
    private final Work work;

    /**
     * @param sends whether the work sends new work (a run or a submission) rather than looking at
     *     work sent before
     */
    StatusTable(String what, boolean sends, Work work) {
      this.what = what;
      this.sends = sends;
      this.work = work;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      return Column.rowType(typeFactory, COLUMNS);
    }

    /**
     * The one status row, made when it is first read: through a {@link RequestEnumerator}, so that
     * cancelling the statement or its time-out stops the wait (57014, HYT00). The work goes on on
     * the server; the progress reports name its request id, for {@code job_status}.
     */
    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      OneStreamAdapter adapter = OneStreamSchemas.adapter(root.getRootSchema());
      AtomicBoolean statement = DataContext.Variable.CANCEL_FLAG.get(root);
      return new AbstractEnumerable<>() {
        @Override
        public Enumerator<Object[]> enumerator() {
          ApiRequest request =
              ApiRequest.of(
                  "Data Management " + what,
                  handle -> {
                    Object[] row = run(adapter, handle, m -> adapter.progress(statement, m));
                    return new ApiRequest.RowStream() {
                      private boolean read;

                      @Override
                      public Object[] next() {
                        if (read) {
                          return null;
                        }
                        read = true;
                        return row;
                      }

                      @Override
                      public void close() {}
                    };
                  });
          return RequestEnumerator.of(adapter, List.of(request), root);
        }
      };
    }

    /** Runs the work, telling {@code progress} each state it reads; answers the status row. */
    private Object[] run(OneStreamAdapter adapter, CallHandle handle, Consumer<String> progress)
        throws OneStreamException {
      Instant asked = Instant.now();
      boolean[] heard = {false};
      Consumer<JobStatus> report = reporter(what, sends, asked, progress);
      Consumer<JobStatus> onState =
          s -> {
            heard[0] = true;
            if (sends) {
              adapter.submitted(s.requestId(), asked);
            }
            report.accept(s);
          };
      JobStatus status;
      try {
        status = work.run(adapter, handle, onState);
      } catch (OneStreamException e) {
        if (e.kind() == ErrorKind.CANCELLED) {
          throw e; // the enumerator knows whether the statement was cancelled or timed out
        }
        throw OneStreamAdapter.unchecked("run Data Management " + what, e);
      }
      if (!heard[0]) {
        onState.accept(status); // a submission or a look: one state, the one answered
      }
      afterWork(status);
      Instant now = Instant.now();
      Instant started = sends ? asked : adapter.submittedAt(status.requestId());
      return new Object[] {
        status.requestId(),
        status.state(),
        status.message(),
        started == null ? null : started.toEpochMilli(),
        status.completed() ? now.toEpochMilli() : null,
        started == null ? null : now.toEpochMilli() - started.toEpochMilli()
      };
    }
  }
}
