package io.cubesql.onestream.emulator.internal.dm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cubesql.onestream.emulator.internal.api.ApiException;
import io.cubesql.onestream.emulator.internal.data.AppDatabase;
import io.cubesql.onestream.emulator.internal.filter.SubstVars;
import io.cubesql.onestream.emulator.internal.model.Dim;
import io.cubesql.onestream.emulator.internal.model.Dimension;
import io.cubesql.onestream.emulator.internal.model.Member;
import io.cubesql.onestream.emulator.internal.model.Metadata;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks the data management rules against oracles written independently of {@link CellCalculator}:
 * SQL that sums each parent's children from the stored cells, and rates computed here from the
 * {@code FxRate} rows.
 */
class DataManagementTest {
  private static final SubstVars ACTUAL_2025 = SubstVars.parse("Time=[2025],Scenario=[Actual]");

  private AppDatabase db;
  private Metadata md;
  private DataManagement dm;

  @BeforeEach
  void open() throws Exception {
    db = AppDatabase.open("GolfStream", null, 1, 42, 2023, 2025);
    md = db.metadata();
    dm = new DataManagement(db, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    dm.close();
    db.close();
  }

  @Test
  void parentsHaveNoCellsBeforeConsolidation() throws Exception {
    assertThat(count("EntityId IN " + ids(parents()))).isZero();
    assertThat(count("ConsolidationId <> " + id(Dim.CONSOLIDATION, "Local"))).isZero();
  }

  @Test
  void nightlyConsolidationSumsChildrenInTheParentsCurrency() throws Exception {
    JobResult result = run(dm.startSequence("NightlyConsolidation", null, ACTUAL_2025));

    assertThat(result.succeeded()).as(result.message()).isTrue();
    assertThat(result.message())
        .isEqualTo("Data Management Sequence [NightlyConsolidation] was completed");
    assertThat(result.steps())
        .extracting(JobResult.StepRun::stepName, JobResult.StepRun::calcType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Consolidate GolfStream", "Consolidate"),
            org.assertj.core.groups.Tuple.tuple("Translate GolfStream", "Translate"));
    // Every parent of both hierarchies has cells, in 2025 Actual only.
    for (Member p : parents()) {
      assertThat(count("EntityId = " + p.id() + " AND ConsolidationId = " + local()))
          .as(p.name())
          .isPositive();
    }
    assertThat(count("EntityId IN " + ids(parents()) + " AND NOT (" + actual2025() + ")")).isZero();
    assertThat(mismatchedParentCells()).isEmpty();
    assertTranslatedCellsUseTheRates();
  }

  @Test
  void consolidatingTwiceGivesTheSameCells() throws Exception {
    assertThat(run(dm.startSequence("nightlyconsolidation", "Default", ACTUAL_2025)).succeeded())
        .isTrue();
    List<Object> first = fingerprint();
    assertThat(run(dm.startSequence("NightlyConsolidation", null, ACTUAL_2025)).succeeded())
        .isTrue();
    assertThat(fingerprint()).isEqualTo(first);
    assertThat(mismatchedParentCells()).isEmpty();
  }

  @Test
  void clearConsolidationRemovesConsolidatedAndTranslatedCells() throws Exception {
    long baseCells = count("1 = 1");
    run(dm.startSequence("NightlyConsolidation", null, ACTUAL_2025));
    assertThat(count("1 = 1")).isGreaterThan(baseCells);

    JobResult cleared = run(dm.startSequence("ClearConsolidation", null, ACTUAL_2025));

    assertThat(cleared.succeeded()).isTrue();
    assertThat(cleared.message())
        .isEqualTo("Data Management Sequence [ClearConsolidation] was completed");
    assertThat(count("1 = 1")).isEqualTo(baseCells);
    assertThat(count("EntityId IN " + ids(parents()))).isZero();
  }

  @Test
  void aRunningSequenceCannotStartTwice() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    dm.setBeforeStep(
        step -> {
          entered.countDown();
          await(release);
        });
    Job first = dm.startSequence("NightlyConsolidation", null, ACTUAL_2025);
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(first.status()).isEqualTo(Job.Status.RUNNING);
    assertThat(first.endedAt()).isNull();
    assertThat(dm.running()).containsExactly("NightlyConsolidation");

    assertThatThrownBy(() -> dm.startSequence("NIGHTLYCONSOLIDATION", null, ACTUAL_2025))
        .isInstanceOf(ApiException.class)
        .hasMessage("Data Management Sequence [NightlyConsolidation] is already running.")
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(409);

    release.countDown();
    assertThat(run(first).succeeded()).isTrue();
    assertThat(first.status()).isEqualTo(Job.Status.COMPLETED);
    assertThat(first.endedAt()).isNotNull();
    assertThat(dm.job(first.id())).containsSame(first);
    assertThat(dm.running()).isEmpty();

    Job second = dm.startSequence("NightlyConsolidation", null, ACTUAL_2025);
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(run(second).succeeded()).isTrue();
  }

  @Test
  void unknownNamesAreBadRequests() {
    assertBadRequest(
        () -> dm.startSequence("Nope", null, null),
        "The Data Management Sequence 'Nope' does not exist.");
    assertBadRequest(
        () -> dm.startSequence("NightlyConsolidation", "Elsewhere", null),
        "The workspace 'Elsewhere' does not exist.");
    assertBadRequest(
        () -> dm.startStep("Nope", "Consolidate GolfStream", null),
        "The Data Management Group 'Nope' does not exist.");
    assertBadRequest(
        () -> dm.startStep("Consolidation", "Nope", null),
        "The Data Management Step 'Nope' does not exist in group 'Consolidation'.");
    assertBadRequest(
        () ->
            dm.startStep("Consolidation", "Consolidate GolfStream", SubstVars.parse("Time=[1999]")),
        "The TimeFilter of Data Management Step 'Consolidate GolfStream' is invalid:"
            + " The member '1999' does not exist in dimension Time.");
  }

  @Test
  void stepParametersApplyWhenTheCallGivesNone() throws Exception {
    JobResult result =
        run(dm.startStep("consolidation", "consolidate golfstream", SubstVars.empty()));

    assertThat(result.succeeded()).as(result.message()).isTrue();
    assertThat(result.message())
        .isEqualTo("Data Management Step [Consolidate GolfStream] was completed");
    // The step's Parameters say Scenario=[Actual],Time=[2025]: all of 2025 Actual, nothing else.
    assertThat(count("EntityId IN " + ids(parents()) + " AND NOT (" + actual2025() + ")")).isZero();
    assertThat(count("EntityId IN " + ids(parents()) + " AND TimeId = " + id(Dim.TIME, "2025M12")))
        .isPositive();
    assertThat(result.steps().get(0).cellsWritten())
        .isEqualTo(count("EntityId IN " + ids(parents())));
  }

  @Test
  void callVariablesOverrideTheStepsAndNarrowTheScope() throws Exception {
    JobResult result =
        run(
            dm.startStep(
                "Consolidation", "Consolidate GolfStream", SubstVars.parse("Time=2024M3")));

    assertThat(result.succeeded()).as(result.message()).isTrue();
    assertThat(count("EntityId IN " + ids(parents()) + " AND TimeId <> " + id(Dim.TIME, "2024M3")))
        .isZero();
    assertThat(count("EntityId IN " + ids(parents()))).isPositive();
  }

  @Test
  void aFailingStepCompletesTheJobWithAMessageAndWritesNothing() throws Exception {
    try (Connection c = db.connection();
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "DELETE FROM FxRate WHERE Currency = 'CAD' AND TimeId = " + id(Dim.TIME, "2025M3"));
    }

    Job job = dm.startSequence("NightlyConsolidation", null, ACTUAL_2025);
    JobResult result = run(job);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.message())
        .isEqualTo(
            "Data Management Sequence [NightlyConsolidation] failed in step"
                + " [Consolidate GolfStream]: There is no AverageRate for CAD in 2025M3.");
    assertThat(result.steps()).isEmpty();
    assertThat(job.status()).isEqualTo(Job.Status.FAILED);
    assertThat(count("EntityId IN " + ids(parents()))).isZero();
  }

  // ---------------------------------------------------------------- oracles

  /**
   * Cells where a parent's Local differs from the sum of its children, each child's value read in
   * the parent's currency: its Local when that is its own currency, else its stored C#currency.
   */
  private List<String> mismatchedParentCells() throws Exception {
    String key =
        "ScenarioId, TimeId, AccountId, FlowId, OriginId, ICId, UD1Id, UD2Id, UD3Id, UD4Id,"
            + " UD5Id, UD6Id, UD7Id, UD8Id";
    String dKey = "d." + key.replace(", ", ", d.");
    String sql =
        "SELECT EntityId, "
            + key
            + ", SUM(Expected), SUM(Actual) FROM ("
            + " SELECT pm.MemberId AS EntityId, "
            + dKey
            + ", d.CellAmount AS Expected, 0 AS Actual"
            + " FROM Relationship r"
            + " JOIN Member pm ON pm.MemberId = r.ParentId"
            + " JOIN Member cm ON cm.MemberId = r.ChildId"
            + " JOIN Member cons ON cons.DimId = 2"
            + "   AND cons.Name = CASE WHEN cm.Currency = pm.Currency THEN 'Local'"
            + "   ELSE pm.Currency END"
            + " JOIN DataCell d ON d.EntityId = r.ChildId AND d.ConsolidationId = cons.MemberId"
            + " WHERE r.DimId = 0 AND "
            + actual2025("d.")
            + " UNION ALL SELECT d.EntityId, "
            + dKey
            + ", 0, d.CellAmount FROM DataCell d"
            + " WHERE d.ConsolidationId = "
            + local()
            + " AND d.EntityId IN "
            + ids(parents())
            + ") x GROUP BY EntityId, "
            + key
            + " HAVING ABS(SUM(Expected) - SUM(Actual)) > 0.01";
    List<String> out = new ArrayList<>();
    try (Connection c = db.connection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next() && out.size() < 10) {
        out.add(
            md.byId(rs.getInt(1)).name()
                + " time "
                + md.byId(rs.getInt(3)).name()
                + " account "
                + md.byId(rs.getInt(4)).name()
                + ": expected "
                + rs.getDouble(16)
                + ", stored "
                + rs.getDouble(17));
      }
    }
    return out;
  }

  /** Each stored C#X cell is the entity's Local times a rate computed here from FxRate. */
  private void assertTranslatedCellsUseTheRates() throws Exception {
    Map<String, Double> toUsd = new HashMap<>();
    Map<String, Double> localCells = new HashMap<>();
    List<Object[]> translated = new ArrayList<>();
    String key =
        "EntityId, ScenarioId, TimeId, AccountId, FlowId, OriginId, ICId, UD1Id, UD2Id, UD3Id,"
            + " UD4Id, UD5Id, UD6Id, UD7Id, UD8Id";
    try (Connection c = db.connection();
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery("SELECT RateType, TimeId, Currency, RateToUSD FROM FxRate")) {
        while (rs.next()) {
          toUsd.put(rs.getString(1) + "/" + rs.getInt(2) + "/" + rs.getString(3), rs.getDouble(4));
        }
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT ConsolidationId, CellAmount, "
                  + key
                  + " FROM DataCell WHERE "
                  + actual2025())) {
        while (rs.next()) {
          StringBuilder k = new StringBuilder();
          for (int i = 3; i <= 17; i++) {
            k.append(rs.getInt(i)).append('/');
          }
          if (rs.getInt(1) == local()) {
            localCells.merge(k.toString(), rs.getDouble(2), Double::sum);
          } else {
            translated.add(
                new Object[] {
                  k.toString(),
                  rs.getInt(1),
                  rs.getInt(3),
                  rs.getInt(5),
                  rs.getInt(6),
                  rs.getDouble(2)
                });
          }
        }
      }
    }
    for (Object[] t : translated) {
      Member entity = md.byId((Integer) t[2]);
      String target = md.byId((Integer) t[1]).name();
      assertThat(target).as("no cell in the entity's own currency").isNotEqualTo(entity.currency());
      String type = md.byId((Integer) t[4]).accountType().isFlow() ? "AverageRate" : "ClosingRate";
      int time = (Integer) t[3];
      double rate =
          toUsd.get(type + "/" + time + "/" + entity.currency())
              / toUsd.get(type + "/" + time + "/" + target);
      assertThat(localCells).containsKey((String) t[0]);
      assertThat((Double) t[5]).isCloseTo(localCells.get((String) t[0]) * rate, within(0.01));
    }
    // Every Local cell of 2025 Actual has one translation into each of the two other currencies.
    assertThat((long) translated.size())
        .isEqualTo(2 * count("ConsolidationId = " + local() + " AND " + actual2025()));
  }

  /**
   * The count, the sum and a position-weighted sum of every cell: equal tables give equal lists.
   */
  private List<Object> fingerprint() throws Exception {
    try (Connection c = db.connection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT COUNT(*), ROUND(SUM(CellAmount), 4),"
                    + " ROUND(SUM(CellAmount * (EntityId * 7 + ConsolidationId * 13 + TimeId)), 2)"
                    + " FROM DataCell")) {
      rs.next();
      return List.of(rs.getLong(1), rs.getDouble(2), rs.getDouble(3));
    }
  }

  // ---------------------------------------------------------------- helpers

  private static JobResult run(Job job) throws Exception {
    return job.completion().get(60, TimeUnit.SECONDS);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void assertBadRequest(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOf(ApiException.class)
        .hasMessage(message)
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(400);
  }

  /** The parent entities of every hierarchy. */
  private List<Member> parents() {
    Dimension entities = md.dimension(Dim.ENTITY);
    return entities.members().stream().filter(m -> !entities.isBase(m)).toList();
  }

  private long count(String where) throws Exception {
    try (Connection c = db.connection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM DataCell WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private int local() {
    return id(Dim.CONSOLIDATION, "Local");
  }

  private int id(Dim dim, String name) {
    return md.require(dim, name).id();
  }

  private String actual2025() {
    return actual2025("");
  }

  private String actual2025(String alias) {
    List<Member> months = md.dimension(Dim.TIME).base(md.require(Dim.TIME, "2025"));
    return alias
        + "ScenarioId = "
        + id(Dim.SCENARIO, "Actual")
        + " AND "
        + alias
        + "TimeId IN "
        + ids(months);
  }

  private static String ids(List<Member> members) {
    return members.stream()
        .map(m -> Integer.toString(m.id()))
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
