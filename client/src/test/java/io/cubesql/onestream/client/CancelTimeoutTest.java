package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cubesql.onestream.client.internal.Transport;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cancelled call ends promptly with CANCELLED and sends nothing more; read and whole-call
 * time-outs end with TIMEOUT naming the route. Timings are asserted only as "well before the
 * injected latency would have elapsed".
 */
class CancelTimeoutTest {
  private static final String CUBE_VIEW = Route.CUBE_VIEW.path();
  private static final long LATENCY_MS = 3_000;

  private static OneStreamEmulator emulator;
  private static ScheduledExecutorService canceller;

  @BeforeAll
  static void start() {
    emulator = OneStreamEmulator.builder().start();
    canceller = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterAll
  static void stop() {
    canceller.shutdownNow();
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.faults().clear();
    emulator.requestLog().clear();
  }

  @Test
  void cancelAbortsTheExchangeAndReleasesTheConnection() throws Exception {
    ClientConfig config = config().build();
    Transport transport = new Transport(config);
    try (SessionManager s = new SessionManager(config, transport)) {
      s.authorizedApplications();
      emulator.faults().add(latency());
      CallHandle handle = new CallHandle();
      canceller.schedule(handle::cancel, 200, TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      OneStreamException e =
          catchThrowableOfType(() -> cubeView(s, handle), OneStreamException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
      assertThat(e.route()).isEqualTo(CUBE_VIEW);
      assertThat(took).isLessThan(Duration.ofMillis(LATENCY_MS / 2));
      assertThat(transport.http().dispatcher().runningCallsCount()).isZero();

      // The session still works once the latency is gone.
      emulator.faults().clear();
      cubeView(s, new CallHandle());
    }
  }

  @Test
  void cancelDuringRetryAfterStopsTheRetries() throws Exception {
    try (SessionManager s = TestSessions.session(config().build())) {
      s.authorizedApplications();
      emulator.faults().add(rule(FaultKind.HTTP_503).retryAfterSeconds(3));
      CallHandle handle = new CallHandle();
      canceller.schedule(handle::cancel, 200, TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      OneStreamException e =
          catchThrowableOfType(() -> cubeView(s, handle), OneStreamException.class);

      assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_000));
      assertThat(emulator.requestLog().entries(CUBE_VIEW)).hasSize(1);
    }
  }

  @Test
  void cancelledHandleSendsNothing() throws Exception {
    try (SessionManager s = TestSessions.session(config().build())) {
      s.authorizedApplications();
      CallHandle handle = new CallHandle();
      handle.cancel();
      OneStreamException e =
          catchThrowableOfType(() -> cubeView(s, handle), OneStreamException.class);
      assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
      assertThat(handle.isCancelled()).isTrue();
      assertThat(handle.toString()).isEqualTo("CallHandle[cancelled]");
    }
    assertThat(emulator.requestLog().entries(CUBE_VIEW)).isEmpty();
  }

  @Test
  void readTimeoutIsTimeoutNamingTheRoute() throws Exception {
    try (SessionManager s =
        TestSessions.session(config().readTimeout(Duration.ofMillis(300)).build())) {
      s.authorizedApplications();
      emulator.faults().add(latency());
      long start = System.nanoTime();
      OneStreamException e =
          catchThrowableOfType(() -> cubeView(s, new CallHandle()), OneStreamException.class);

      assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(e.route()).isEqualTo(CUBE_VIEW);
      assertThat(e.getMessage()).contains(CUBE_VIEW).contains("read timeout");
      // Not retried: the server may still be working on it.
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(Duration.ofMillis(LATENCY_MS / 2));
    }
  }

  @Test
  void callTimeoutIsTimeoutNotCancelled() throws Exception {
    try (SessionManager s =
        TestSessions.session(config().callTimeout(Duration.ofMillis(400)).build())) {
      s.authorizedApplications();
      emulator.faults().add(latency());
      OneStreamException e =
          catchThrowableOfType(() -> cubeView(s, new CallHandle()), OneStreamException.class);

      assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
      assertThat(e.getMessage()).contains(CUBE_VIEW).contains("call timeout");
    }
  }

  private static FaultRule rule(FaultKind kind) {
    return FaultRule.of(kind).probability(1).route(CUBE_VIEW);
  }

  private static FaultRule latency() {
    return rule(FaultKind.LATENCY).latencyMs(LATENCY_MS);
  }

  private static ClientConfig.Builder config() {
    return TestSessions.config(emulator, TestSessions.pat(emulator))
        .maxAttempts(3)
        .retryBaseDelay(Duration.ofMillis(50))
        .retryMaxDelay(Duration.ofSeconds(5));
  }

  private static void cubeView(SessionManager s, CallHandle handle) throws Exception {
    try (Response r = TestSessions.cubeView(s, handle)) {
      r.body().bytes();
    }
  }
}
