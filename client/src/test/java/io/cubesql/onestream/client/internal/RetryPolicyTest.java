package io.cubesql.onestream.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The back-off grows, is capped and jittered; {@code Retry-After} is read in both its forms. */
class RetryPolicyTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  private static RetryPolicy policy(double random) {
    return new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1), CLOCK, () -> random);
  }

  @Test
  void backoffDoublesWithinJitterAndStopsAtTheCap() {
    // The wait is half the exponential delay plus a random part of the other half.
    assertThat(policy(0).backoff(1)).isEqualTo(Duration.ofMillis(50));
    assertThat(policy(0.999).backoff(1)).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
    assertThat(policy(0).backoff(2)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy(0).backoff(3)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy(0).backoff(5)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy(0.999).backoff(60)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
  }

  @Test
  void retryAfterReadsSecondsAndHttpDates() {
    RetryPolicy p = policy(0);
    assertThat(p.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
    assertThat(p.retryAfter(" 0 ")).isEqualTo(Duration.ZERO);
    assertThat(p.retryAfter("Fri, 02 Jan 2026 03:04:35 GMT")).isEqualTo(Duration.ofSeconds(30));
    // A date in the past means "now".
    assertThat(p.retryAfter("Thu, 01 Jan 2026 00:00:00 GMT")).isEqualTo(Duration.ZERO);
    assertThat(p.retryAfter("99999999999999999999999")).isGreaterThan(Duration.ofDays(365));
  }

  @Test
  void unreadableOrMissingRetryAfterFallsBackToTheBackoff() {
    RetryPolicy p = policy(0);
    assertThat(p.retryAfter(null)).isNull();
    assertThat(p.retryAfter("")).isNull();
    assertThat(p.retryAfter("soon")).isNull();
    assertThat(p.retryAfter("-5")).isNull();
  }
}
