package io.cubesql.onestream.calcite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How statements run: parallel fan-out, time-out, cancel, and the metadata cache's expiry. */
@ExtendWith(GolfStreamEmulator.class)
class ExecutionTest {
  private static final String CELLS = "Analytics/GetDataCellsFromCube";
  private static final String WARM =
      "SELECT Entity FROM cubes.GolfStream WHERE Entity = 'Houston' AND \"Time\" = '2024M1'"
          + " AND Account = 'Sales' LIMIT 1";

  private final OneStreamEmulator emulator;

  ExecutionTest(OneStreamEmulator emulator) {
    this.emulator = emulator;
  }

  @AfterEach
  void clearFaults() {
    emulator.faults().clear();
  }

  private void slowCells(long ms) {
    emulator.faults().add(FaultRule.of(FaultKind.LATENCY).latencyMs(ms).route(CELLS));
  }

  @Test
  void anInListOfOneMemberARequestIsSentInParallel() throws SQLException {
    try (Sql sql =
        new Sql(
            emulator,
            OneStreamAdapterOptions.builder().parallelism(4).membersPerRequest(1).build())) {
      sql.rows(WARM);
      emulator.requestLog().clear();
      slowCells(400);
      List<List<Object>> rows =
          sql.rows(
              "SELECT Entity, SUM(CellValue) FROM cubes.GolfStream WHERE Entity IN"
                  + " ('Houston', 'Augusta', 'Carlsbad', 'Montreal') AND \"Time\" = '2024M3'"
                  + " AND Account = 'Sales' GROUP BY Entity");

      assertThat(rows).hasSize(4);
      List<RequestLogEntry> calls = sql.requests(CELLS);
      assertThat(calls).hasSize(4);
      // Each was answered only after 400 ms: all four were under way at the same moment.
      Instant lastStart =
          calls.stream().map(RequestLogEntry::time).max(Instant::compareTo).orElseThrow();
      Instant firstEnd = calls.stream().map(this::end).min(Instant::compareTo).orElseThrow();
      assertThat(lastStart).isBefore(firstEnd);
    }
  }

  /** The log's time is when the request arrived; it was answered its duration later. */
  private Instant end(RequestLogEntry e) {
    return e.time().plusMillis(e.durationMs());
  }

  @Test
  void aQueryTimeOutStopsTheCallAndSaysHYT00() throws SQLException {
    try (Sql sql = new Sql(emulator)) {
      sql.rows(WARM);
      slowCells(20_000);
      try (Statement s = sql.connection.createStatement()) {
        s.setQueryTimeout(1);
        assertThatThrownBy(
                () ->
                    Sql.rows(
                        s.executeQuery("SELECT * FROM cubes.GolfStream WHERE Entity = 'Augusta'")))
            .satisfies(e -> assertThat(PushdownTest.state(e)).isEqualTo("HYT00"));
      }
    }
  }

  @Test
  void cancelFromAnotherThreadStopsTheCallAndSays57014() throws Exception {
    try (Sql sql = new Sql(emulator)) {
      sql.rows(WARM);
      slowCells(20_000);
      try (Statement s = sql.connection.createStatement()) {
        CompletableFuture<Object> run =
            CompletableFuture.supplyAsync(
                () -> {
                  try (ResultSet rs =
                      s.executeQuery("SELECT * FROM cubes.GolfStream WHERE Entity = 'Carlsbad'")) {
                    return Sql.rows(rs);
                  } catch (SQLException e) {
                    return e;
                  }
                });
        // Give the statement time to send its call; the assertion does not depend on it.
        Thread.sleep(500);
        s.cancel();
        Object outcome = run.get(10, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(SQLException.class);
        assertThat(PushdownTest.state((Throwable) outcome)).isEqualTo("57014");
      }
    }
  }

  @Test
  void metadataIsAskedForAgainOnlyAfterItExpires() throws SQLException {
    AtomicLong nanos = new AtomicLong();
    Ticker ticker = nanos::get;
    OneStreamAdapterOptions options =
        OneStreamAdapterOptions.builder()
            .metadataCache("maximumSize=100,expireAfterWrite=10m")
            .ticker(ticker)
            .build();
    try (Sql sql = new Sql(emulator, options)) {
      emulator.requestLog().clear();
      sql.rows(WARM);
      sql.rows(WARM);
      nanos.addAndGet(TimeUnit.MINUTES.toNanos(9));
      sql.rows(WARM);
      assertThat(sql.requests("Analytics/GetCubeList")).hasSize(1);
      assertThat(sql.requests("Analytics/GetDimensionHierarchy")).hasSize(3);

      nanos.addAndGet(TimeUnit.MINUTES.toNanos(2));
      sql.rows(WARM);
      assertThat(sql.requests("Analytics/GetCubeList")).hasSize(2);
      assertThat(sql.requests("Analytics/GetDimensionHierarchy")).hasSize(6);
    }
  }

  @Test
  void aBadCacheSpecIsRefusedNamingIt() {
    assertThatThrownBy(() -> OneStreamAdapterOptions.builder().metadataCache("expireAfterWrite=x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * A scan of one column hands Calcite each value itself, as it expects of one column: a
   * one-element row would reach the reader as {@code [Ljava.lang.Object;@...}, or fail a join.
   */
  @Test
  void oneColumnScansAnswerValuesNotRows() throws SQLException {
    try (Sql sql = new Sql(emulator, OneStreamAdapterOptions.builder().adminSql(true).build())) {
      assertThat(
              sql.rows(
                  "SELECT Entity FROM cubes.GolfStream"
                      + " WHERE Entity = 'Houston' AND \"Time\" = '2024M3' LIMIT 2"))
          .containsExactly(List.of("Houston"), List.of("Houston"));
      assertThat(sql.rows("SELECT \"Entity\" FROM \"cubeviews\".\"ActualVsBudget\" LIMIT 1"))
          .containsExactly(List.of("Houston"));
      assertThat(
              sql.rows(
                  "SELECT Account FROM cubeviews.ActualVsBudget WHERE Account = 'Net Income'"
                      + " UNION SELECT Name FROM dimensions.Entity WHERE Name = 'Houston'"))
          .containsExactlyInAnyOrder(List.of("Net Income"), List.of("Houston"));
      assertThat(
              sql.rows(
                  "SELECT d.Name FROM dimensions.Entity d LEFT JOIN"
                      + " (SELECT Entity FROM cubeviews.ActualVsBudget) v ON v.Entity = d.Name"
                      + " WHERE d.Name = 'Houston' LIMIT 1"))
          .containsExactly(List.of("Houston"));
      assertThat(sql.rows("SELECT * FROM TABLE(os_sql('SELECT Name FROM cubeviewitem')) LIMIT 1"))
          .singleElement()
          .satisfies(r -> assertThat(r.get(0)).isInstanceOf(String.class));
    }
  }
}
