package io.cubesql.onestream.calcite;

import io.cubesql.onestream.client.JobStatus;
import io.cubesql.onestream.client.OneStreamException;
import io.cubesql.onestream.client.SubstVars;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.impl.TableFunctionImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(DataManagementFunctions.class);

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
        "sequence " + name, true, adapter -> adapter.client().runSequence(name, null, vars));
  }

  /** {@code execute_step(group, step, substitutionVariables)}. */
  public static ScannableTable step(String group, String step, String substVars) {
    SubstVars vars = parse(substVars);
    return new StatusTable(
        "step " + group + "/" + step, true, adapter -> adapter.client().runStep(group, step, vars));
  }

  /**
   * {@code submit_sequence(name, substitutionVariables)}: starts the sequence and answers at once,
   * {@code Running} with its request id under call state (follow it with {@code job_status}); a
   * server that answers synchronously has already finished it.
   */
  public static ScannableTable submitSequence(String name, String substVars) {
    SubstVars vars = parse(substVars);
    return new StatusTable(
        "sequence " + name, true, adapter -> adapter.client().submitSequence(name, null, vars));
  }

  /** {@code submit_step(group, step, substitutionVariables)}, as {@code submit_sequence}. */
  public static ScannableTable submitStep(String group, String step, String substVars) {
    SubstVars vars = parse(substVars);
    return new StatusTable(
        "step " + group + "/" + step,
        true,
        adapter -> adapter.client().submitStep(group, step, vars));
  }

  /**
   * {@code job_status(requestId)}: one look at submitted work, {@code Running} or {@code Completed}
   * with its message; {@code Started} is known for work submitted through this connection.
   */
  public static ScannableTable jobStatus(String requestId) {
    return new StatusTable(
        "request " + requestId, false, adapter -> adapter.client().jobStatus(requestId));
  }

  /**
   * What completed Data Management work means for this JVM's result caches: they are emptied, since
   * the data changed. The Java API calls it as the table functions do.
   */
  public static void afterWork(JobStatus status) {
    ResultCache.afterDataManagement(status);
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

  /** The work a status table runs. */
  @FunctionalInterface
  private interface Work {
    JobStatus run(OneStreamAdapter adapter) throws OneStreamException;
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

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      OneStreamAdapter adapter = OneStreamSchemas.adapter(root.getRootSchema());
      Instant asked = Instant.now();
      JobStatus status;
      try {
        status = work.run(adapter);
      } catch (OneStreamException e) {
        throw OneStreamAdapter.unchecked("run Data Management " + what, e);
      }
      afterWork(status);
      Instant now = Instant.now();
      Instant started;
      if (sends) {
        started = asked;
        adapter.submitted(status.requestId(), asked);
      } else {
        // A status look: known only for work this connection sent.
        started = adapter.submittedAt(status.requestId());
      }
      LOG.info("Data Management {}: {}", what, status.state());
      Object[] row = {
        status.requestId(),
        status.state(),
        status.message(),
        started == null ? null : started.toEpochMilli(),
        status.completed() ? now.toEpochMilli() : null,
        started == null ? null : now.toEpochMilli() - started.toEpochMilli()
      };
      List<Object[]> rows = new ArrayList<>();
      rows.add(row);
      return Linq4j.asEnumerable(rows);
    }
  }
}
