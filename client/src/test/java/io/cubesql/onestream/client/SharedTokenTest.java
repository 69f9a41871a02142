package io.cubesql.onestream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.cubesql.onestream.client.internal.SharedToken;
import io.cubesql.onestream.client.internal.TokenEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The shared token state without a network: a fake grant and a clock moved by hand show what the
 * emulator cannot time reliably, such as callers served the old token while a refresh runs.
 */
class SharedTokenTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final AtomicInteger fetches = new AtomicInteger();

  private TokenEndpoint.Answer answer(Long expiresIn) {
    return new TokenEndpoint.Answer(
        Secret.of("token-" + fetches.incrementAndGet()), expiresIn, null);
  }

  private SharedToken shared(SharedToken.Grant grant) {
    return new SharedToken(grant, "https://idp.test/token", Duration.ofSeconds(60), 0.1, clock);
  }

  @Test
  void callersKeepTheOldTokenWhileAnEarlyRefreshRuns() throws Exception {
    CountDownLatch inGrant = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SharedToken token =
        shared(
            http -> {
              if (fetches.get() == 1) {
                inGrant.countDown();
                awaitQuietly(release);
              }
              return answer(100L); // margin min(60 s, 10 s) = 10 s
            });
    AccessToken first = token.token();
    clock.advance(Duration.ofSeconds(92)); // due for refresh, 8 s left: safe to hand out
    CompletableFuture<AccessToken> refresher = CompletableFuture.supplyAsync(unchecked(token));
    assertThat(inGrant.await(10, TimeUnit.SECONDS)).isTrue();
    // The refresh is blocked in the grant: others are not made to wait for it.
    assertThat(token.token()).isSameAs(first);
    release.countDown();
    AccessToken second = refresher.get(10, TimeUnit.SECONDS);
    assertThat(second.value()).isNotEqualTo(first.value());
    assertThat(token.token()).isSameAs(second);
    assertThat(fetches.get()).isEqualTo(2);
  }

  @Test
  void aFailedEarlyRefreshKeepsTheValidTokenUntilItExpires() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(SharedToken.class);
    Level old = log.getLevel();
    log.setLevel(Level.ERROR); // the expected warning would only clutter the build output
    try {
      SharedToken token =
          shared(
              http -> {
                if (fetches.get() >= 1) {
                  fetches.incrementAndGet();
                  throw OneStreamException.of(ErrorKind.SERVER, "x", "The token endpoint is down");
                }
                return answer(100L);
              });
      AccessToken first = token.token();
      clock.advance(Duration.ofSeconds(95));
      assertThat(token.token()).isSameAs(first);
      clock.advance(Duration.ofSeconds(6));
      assertThatThrownBy(token::token).hasMessageContaining("The token endpoint is down");
    } finally {
      log.setLevel(old);
    }
  }

  @Test
  void aFailedEarlyRefreshIsRetriedOnlyAfterABackOff() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(SharedToken.class);
    Level old = log.getLevel();
    log.setLevel(Level.ERROR);
    try {
      SharedToken token =
          shared(
              http -> {
                if (fetches.get() >= 1) {
                  fetches.incrementAndGet();
                  throw OneStreamException.of(ErrorKind.SERVER, "x", "The token endpoint is down");
                }
                return answer(100L); // margin 10 s, safe until 95 s
              });
      AccessToken first = token.token();
      clock.advance(Duration.ofSeconds(92)); // 8 s left: back-off min(5 s, 4 s)
      assertThat(token.token()).isSameAs(first);
      assertThat(fetches.get()).isEqualTo(2);
      clock.advance(Duration.ofSeconds(3)); // 95 s: no longer safe, but usable and backing off
      assertThat(token.token()).isSameAs(first);
      assertThat(token.token()).isSameAs(first);
      assertThat(fetches.get()).isEqualTo(2);
      clock.advance(Duration.ofSeconds(1)); // 96 s: retried; 4 s left, back-off 2 s
      assertThat(token.token()).isSameAs(first);
      assertThat(fetches.get()).isEqualTo(3);
      clock.advance(Duration.ofMillis(1500));
      assertThat(token.token()).isSameAs(first);
      assertThat(fetches.get()).isEqualTo(3);
      clock.advance(Duration.ofMillis(2500)); // 100 s: expired, the back-off no longer holds
      assertThatThrownBy(token::token).hasMessageContaining("The token endpoint is down");
      assertThat(fetches.get()).isEqualTo(4);
    } finally {
      log.setLevel(old);
    }
  }

  @Test
  void waitersOfAFailedEarlyRefreshGetTheStillUsableToken() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(SharedToken.class);
    Level old = log.getLevel();
    log.setLevel(Level.ERROR);
    CountDownLatch inGrant = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      SharedToken token =
          shared(
              http -> {
                if (fetches.get() >= 1) {
                  fetches.incrementAndGet();
                  inGrant.countDown();
                  awaitQuietly(release);
                  throw OneStreamException.of(ErrorKind.SERVER, "x", "The token endpoint is down");
                }
                return answer(100L);
              });
      AccessToken first = token.token();
      clock.advance(Duration.ofSeconds(97)); // past the safe point: waiters wait for the refresh
      CompletableFuture<AccessToken> refresher = CompletableFuture.supplyAsync(unchecked(token));
      assertThat(inGrant.await(10, TimeUnit.SECONDS)).isTrue();
      List<CompletableFuture<AccessToken>> waiters = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        waiters.add(CompletableFuture.supplyAsync(unchecked(token)));
      }
      Thread.sleep(200); // let the waiters reach the flight
      release.countDown();
      assertThat(refresher.get(10, TimeUnit.SECONDS)).isSameAs(first);
      for (CompletableFuture<AccessToken> w : waiters) {
        assertThat(w.get(10, TimeUnit.SECONDS)).isSameAs(first);
      }
      assertThat(fetches.get()).isEqualTo(2);
    } finally {
      release.countDown();
      log.setLevel(old);
    }
  }

  @Test
  void aTokenWithoutLifetimeIsKeptUntilRefused() throws Exception {
    SharedToken token = shared(http -> answer(null));
    AccessToken first = token.token();
    assertThat(first.expiresAt()).isNull();
    clock.advance(Duration.ofDays(30));
    assertThat(token.token()).isSameAs(first);
    assertThat(token.refused(first)).isTrue();
    assertThat(token.token().value()).isNotEqualTo(first.value());
  }

  @Test
  void aForgottenTokenIsGoneForGood() throws Exception {
    SharedToken token = shared(http -> answer(100L));
    token.token();
    token.forget();
    assertThatThrownBy(token::token)
        .hasMessage("The token provider for https://idp.test/token is closed");
    assertThat(token.refused(new AccessToken(Secret.of("x"), null))).isFalse();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Supplier<AccessToken> unchecked(SharedToken token) {
    return () -> {
      try {
        return token.token();
      } catch (OneStreamException e) {
        throw new IllegalStateException(e);
      }
    };
  }
}
