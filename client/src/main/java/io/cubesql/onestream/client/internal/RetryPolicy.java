package io.cubesql.onestream.client.internal;

import io.cubesql.onestream.client.ClientConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Decides how long to wait before the next attempt of a read: the server's {@code Retry-After}
 * (seconds or an HTTP date) when it sent one, otherwise a capped exponential back-off with jitter.
 * Immutable and thread-safe.
 */
public final class RetryPolicy {
  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Clock clock;
  private final DoubleSupplier random;

  /**
   * @param random numbers in {@code [0, 1)} for the jitter; tests pass a fixed one
   */
  public RetryPolicy(
      int maxAttempts, Duration baseDelay, Duration maxDelay, Clock clock, DoubleSupplier random) {
    this.maxAttempts = maxAttempts;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.clock = clock;
    this.random = random;
  }

  /** The policy of {@code config}: its attempts, delays and clock, with random jitter. */
  public static RetryPolicy of(ClientConfig config) {
    return new RetryPolicy(
        config.maxAttempts(),
        config.retryBaseDelay(),
        config.retryMaxDelay(),
        config.clock(),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** How many times a read may be sent in all, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The longest wait the client accepts, from a back-off or from {@code Retry-After}. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /**
   * The back-off after {@code failedAttempts} failures (1 after the first): half of the capped
   * exponential delay {@code min(max, base * 2^(n-1))} plus a random part of the other half, so
   * that clients throttled together do not come back together, yet each waits a little.
   */
  public Duration backoff(int failedAttempts) {
    long base = baseDelay.toMillis();
    long cap = maxDelay.toMillis();
    int shift = Math.min(Math.max(failedAttempts - 1, 0), 30);
    long exponential = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
    long half = exponential / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (exponential - half)));
  }

  /**
   * The wait a {@code Retry-After} header asks for: delta-seconds or an HTTP date (RFC 9110
   * §10.2.3); zero for a date in the past; null when the header is absent or unreadable, so that
   * the caller falls back to {@link #backoff}.
   */
  public Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return Duration.ofSeconds(Long.parseLong(value));
      } catch (NumberFormatException e) {
        // More digits than a long holds: as good as "never"; let the caller cap it.
        return Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);
      }
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return wait.isNegative() ? Duration.ZERO : wait;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
