package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cubesql.onestream.client.internal.TokenBinding;
import io.cubesql.onestream.emulator.OneStreamEmulator;
import io.cubesql.onestream.emulator.internal.fault.FaultKind;
import io.cubesql.onestream.emulator.internal.fault.FaultRule;
import io.cubesql.onestream.emulator.internal.identity.TokenEndpointKind;
import io.cubesql.onestream.emulator.internal.log.RequestLogEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Many statements on one connection while access tokens expire every 2 s and SessionInfos and
 * tokens are expired under it: every call succeeds, the token endpoint is hit about once per token
 * lifetime, a 401 is followed by exactly one retry, no token known stale is handed out again, and
 * no token, secret or SessionInfo reaches a log line.
 */
class TokenConcurrencyTest {
  private static final int CALLS = 2000;
  private static final int THREADS = 8;
  private static final Duration TTL = Duration.ofSeconds(2);
  private static final String CLIENT = "spark";
  private static final String SECRET = "C0ncurrency-Secret";

  @Test
  void manyCallsOverExpiringTokensAndSessions() throws Exception {
    Level rootLevel = OAuthTokenProviderTest.quietLogs(Level.WARN);
    Logger clientLog = (Logger) LoggerFactory.getLogger("io.cubesql.onestream.client");
    ListAppender<ILoggingEvent> logLines = new ListAppender<>();
    logLines.start();
    clientLog.addAppender(logLines);
    clientLog.setLevel(Level.TRACE);
    clientLog.setAdditive(false);
    ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
    try (OneStreamEmulator emulator =
        OneStreamEmulator.builder()
            .oauthClient(CLIENT, SECRET)
            .tokenTtl(TTL)
            .siIdle(Duration.ofSeconds(3))
            // Latency that costs no CPU stretches the run over several token lifetimes.
            .latency(Duration.ofMillis(25))
            .start()) {
      Recording tokens =
          new Recording(
              ClientCredentialsTokenProvider.builder()
                  .tokenUrl(emulator.baseUrl() + "/contoso/oauth2/v2.0/token")
                  .clientId(CLIENT)
                  .clientSecret(Secret.of(SECRET))
                  .scope("api://onestream/.default")
                  // 2 s tokens: refresh with 0.5 s left, time enough for a loaded machine.
                  .refreshMargin(Duration.ofSeconds(60), 0.25)
                  .build());
      ClientConfig config = TestSessions.config(emulator, tokens).build();
      // Every 400 ms, expire the session or the token of the next call. The fault is added while
      // no call is under way, so that it hits a first attempt: a retry that met a second,
      // independent fault would rightly fail, and the test would be flaky on a loaded machine.
      ReadWriteLock quiet = new ReentrantReadWriteLock(true);
      AtomicInteger tick = new AtomicInteger();
      faults.scheduleWithFixedDelay(
          () -> {
            quiet.writeLock().lock();
            try {
              emulator
                  .faults()
                  .add(
                      FaultRule.of(
                              tick.getAndIncrement() % 3 == 2
                                  ? FaultKind.TOKEN_EXPIRY
                                  : FaultKind.SI_EXPIRY)
                          .route("Analytics/GetCubeList")
                          .count(1));
            } finally {
              quiet.writeLock().unlock();
            }
          },
          400,
          400,
          TimeUnit.MILLISECONDS);

      long start = System.nanoTime();
      try (SessionManager session = TestSessions.session(config)) {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger next = new AtomicInteger();
        List<Future<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          workers.add(
              pool.submit(
                  () -> {
                    int done = 0;
                    while (next.getAndIncrement() < CALLS) {
                      // Each call, retry included, holds the read lock: a fault is added only
                      // between calls (see above).
                      quiet.readLock().lock();
                      try (Response r = session.call(Route.CUBE_LIST, g -> {}, Map.of(), c -> {})) {
                        r.body().bytes();
                        done++;
                      } finally {
                        quiet.readLock().unlock();
                      }
                    }
                    return done;
                  }));
        }
        int succeeded = 0;
        try {
          for (Future<Integer> w : workers) {
            succeeded += w.get(60, TimeUnit.SECONDS);
          }
        } catch (Exception e) {
          // What the server saw, to tell a client bug from a loaded machine (no token in it).
          for (RequestLogEntry x : emulator.requestLog().entries()) {
            if (x.status() != 200) {
              System.out.println(
                  "failed request: "
                      + x.time()
                      + " "
                      + x.route()
                      + " "
                      + x.status()
                      + " "
                      + x.fault()
                      + " "
                      + x.durationMs()
                      + " ms");
            }
          }
          throw e;
        }
        pool.shutdown();
        faults.shutdownNow();
        double elapsed = (System.nanoTime() - start) / 1e9;

        List<RequestLogEntry> cubeList = emulator.requestLog().entries("Analytics/GetCubeList");
        long refused = cubeList.stream().filter(e -> e.status() == 401).count();
        long siFaults = cubeList.stream().filter(e -> "SI_EXPIRY".equals(e.fault())).count();
        long tokenFaults = cubeList.stream().filter(e -> "TOKEN_EXPIRY".equals(e.fault())).count();
        long tokenRequests = emulator.identity().tokenRequests(TokenEndpointKind.ENTRA);
        int logons = emulator.requestLog().entries("Authentication/Logon").size();
        double expected = elapsed / TTL.toSeconds();
        System.out.printf(
            "concurrency: %d calls over %d threads in %.1f s; token requests %d (expected about"
                + " %.1f + %d injected token expiries); Logons %d; 401s %d (%d SI and %d token"
                + " faults injected); retries %d; stale tokens handed out %d%n",
            succeeded,
            THREADS,
            elapsed,
            tokenRequests,
            expected,
            tokenFaults,
            logons,
            refused,
            siFaults,
            tokenFaults,
            cubeList.size() - CALLS,
            tokens.staleHandedOut.get());

        assertThat(succeeded).isEqualTo(CALLS);
        // Refreshed 25% ahead of expiry: about elapsed / 1.5 s, plus one per injected expiry. A
        // token per thread would be 8 times as many.
        assertThat(tokenRequests)
            .isLessThanOrEqualTo((long) Math.ceil(elapsed / 1.5) + 2 + tokenFaults)
            .isGreaterThanOrEqualTo((long) Math.floor(expected) - 1);
        // Each 401 was followed by exactly one retry, and every retry succeeded.
        assertThat(cubeList.size()).isEqualTo(CALLS + refused);
        assertThat(tokens.staleHandedOut.get()).isZero();
        // One Logon, and one more per expired session or token (concurrent 401s share it).
        assertThat((long) logons).isLessThanOrEqualTo(1 + siFaults + tokenFaults + 2);
        assertThat((long) logons).isGreaterThan(1);
      }

      for (ILoggingEvent e : logLines.list) {
        String line = e.getFormattedMessage();
        assertThat(line).doesNotContain(SECRET);
        for (String t : tokens.seen) {
          assertThat(line).doesNotContain(t);
        }
      }
      assertThat(logLines.list).isNotEmpty();
    } finally {
      faults.shutdownNow();
      clientLog.detachAppender(logLines);
      clientLog.setAdditive(true);
      clientLog.setLevel(null);
      OAuthTokenProviderTest.quietLogs(rootLevel);
    }
  }

  /**
   * Records which tokens were refused and whether one was handed out again by a {@code token()}
   * that began after the refusal. Token values stay in memory; nothing prints them.
   */
  static final class Recording implements TokenProvider, TokenBinding {
    private final ClientCredentialsTokenProvider delegate;
    private final Map<String, Long> refusedAt = new ConcurrentHashMap<>();
    final Set<String> seen = ConcurrentHashMap.newKeySet();
    final AtomicLong staleHandedOut = new AtomicLong();

    Recording(ClientCredentialsTokenProvider delegate) {
      this.delegate = delegate;
    }

    @Override
    public AccessToken token() throws OneStreamException {
      long asked = System.nanoTime();
      AccessToken t = delegate.token();
      String v = t.value().reveal();
      seen.add(v);
      Long refused = refusedAt.get(v);
      if (refused != null && refused < asked) {
        staleHandedOut.incrementAndGet();
      }
      return t;
    }

    @Override
    public boolean refused(AccessToken token) {
      boolean renewable = delegate.refused(token);
      refusedAt.putIfAbsent(token.value().reveal(), System.nanoTime());
      return renewable;
    }

    @Override
    public void bind(OkHttpClient http, Clock clock) {
      delegate.bind(http, clock);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
