package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
}
