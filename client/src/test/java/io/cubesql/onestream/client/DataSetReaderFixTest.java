package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Review fixes of {@link DataSetReader}: time-outs while streaming, error messages free of body
 * text, prompt close during a page fetch, and envelopes whose keys come in any order.
 */
class DataSetReaderFixTest {
  private static final String ROUTE = "Test/Route";

  private static ScheduledExecutorService closer;

  @BeforeAll
  static void start() {
    closer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterAll
  static void stop() {
    closer.shutdownNow();
  }

  private static DataSetReader reader(String json) throws OneStreamException {
    return DataSetReader.of(ROUTE, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void callTimeoutWhileStreamingIsTimeout() throws Exception {
    try (OneStreamEmulator emulator = OneStreamEmulator.builder().pageSize(5_000_000).start();
        OneStreamClient client =
            OneStreamClient.open(
                TestSessions.config(emulator, TestSessions.pat(emulator))
                    .callTimeout(Duration.ofSeconds(2))
                    .build());
        DataSetReader r = client.dataCells("GolfStream", false, DataCellsFilter.all())) {
      assertThat(r.nextRow()).isTrue();
      Thread.sleep(3_000);
      OneStreamException e =
          catchThrowableOfType(
              () -> {
                while (r.nextRow()) {
                  // Read on until the time-out shows.
                }
              },
              OneStreamException.class);
      assertThat(e).isNotNull();
      assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
    }
  }

  @Test
  void malformedJsonQuotesNoBodyText() {
    String secret = "unquotedSecretABCDEF123";
    OneStreamException e =
        catchThrowableOfType(
            () -> {
              try (DataSetReader r = reader("{\"T\":[{\"a\": " + secret + "}]}")) {
                while (r.nextRow()) {
                  // Read to the error.
                }
              }
            },
            OneStreamException.class);
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
    assertThat(e.getMessage()).contains(ROUTE).contains("line 1");
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
      assertThat(t.toString()).doesNotContain(secret);
    }
  }

  @Test
  void closeAbortsAPageFetchInProgress() throws Exception {
    try (OneStreamEmulator emulator = OneStreamEmulator.builder().pageSize(10).start();
        OneStreamClient client =
            OneStreamClient.open(
                TestSessions.config(emulator, TestSessions.pat(emulator)).build());
        DataSetReader r = client.dataCells("GolfStream", false, DataCellsFilter.all())) {
      for (int i = 0; i < 10; i++) {
        assertThat(r.nextRow()).isTrue();
      }
      emulator
          .faults()
          .add(
              FaultRule.of(FaultKind.LATENCY)
                  .probability(1)
                  .route("Analytics/GetDataRequest")
                  .latencyMs(4_000));
      closer.schedule(r::close, 300, TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      OneStreamException e = catchThrowableOfType(r::nextRow, OneStreamException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(e).isNotNull();
      assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
      assertThat(took).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void envelopeIsRecognisedWhateverItsKeyOrder() throws Exception {
    try (DataSetReader r =
        reader(
            "{\"DataResult\":[{\"a\":1}],\"Status\":\"Completed\",\"RequestId\":\"x\","
                + "\"TotalPages\":1}")) {
      assertThat(r.nextTable()).isTrue();
      assertThat(r.tableName()).isEqualTo(DataSetReader.DATA_RESULT);
      List<Map<String, Object>> rows = OneStreamClientTest.rows(r);
      assertThat(rows).containsExactly(Map.of("a", 1L));
      assertThat(r.nextTable()).isFalse();
    }
  }

  @Test
  void aDataSetWhoseFirstTableIsDataResultIsStillADataSet() throws Exception {
    try (DataSetReader r = reader("{\"DataResult\":[{\"a\":1}],\"T2\":[{\"b\":2}],\"T3\":null}")) {
      assertThat(r.nextTable()).isTrue();
      assertThat(r.tableName()).isEqualTo("DataResult");
      assertThat(OneStreamClientTest.rows(r)).containsExactly(Map.of("a", 1L));
      assertThat(r.nextTable()).isTrue();
      assertThat(r.tableName()).isEqualTo("T2");
      assertThat(OneStreamClientTest.rows(r)).containsExactly(Map.of("b", 2L));
      assertThat(r.nextTable()).isTrue();
      assertThat(r.tableName()).isEqualTo("T3");
      assertThat(r.nextTable()).isFalse();
    }
    try (DataSetReader r = reader("{\"DataResult\":[{\"a\":1},{\"a\":2}]}")) {
      assertThat(OneStreamClientTest.rows(r)).containsExactly(Map.of("a", 1L), Map.of("a", 2L));
      assertThat(r.nextTable()).isFalse();
    }
  }

  @Test
  void aLargeLeadingDataResultIsReadWholeOrFailsNamingTheKeyOrder() throws Exception {
    int rows = DataSetReader.MAX_HELD_DATA / 10;
    StringBuilder json = new StringBuilder("{\"DataResult\":[");
    for (int i = 0; i < rows; i++) {
      json.append(i == 0 ? "" : ",").append("{\"a\":").append(i).append('}');
    }
    json.append("]");
    try (DataSetReader r = reader(json + ",\"T2\":[{\"b\":2}]}")) {
      assertThat(r.nextTable()).isTrue();
      int n = 0;
      while (r.nextRow()) {
        assertThat(r.get("a")).isEqualTo((long) n++);
      }
      assertThat(n).isEqualTo(rows);
      assertThat(r.nextTable()).isTrue();
      assertThat(OneStreamClientTest.rows(r)).containsExactly(Map.of("b", 2L));
      assertThat(r.nextTable()).isFalse();
    }
    OneStreamException e =
        catchThrowableOfType(
            () -> {
              try (DataSetReader r = reader(json + ",\"Status\":\"Completed\"}")) {
                while (r.nextTable()) {
                  while (r.nextRow()) {
                    // Read on to the error.
                  }
                }
              }
            },
            OneStreamException.class);
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL);
    assertThat(e.getMessage()).contains("Status").contains("DataResult");
  }
}
