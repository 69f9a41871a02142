package io.cubesql.onestream.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The waits between polls of one running Analytics request, and its overall deadline
 * (onestream-api.md §6 [CLIENT]: the Power BI connector backs off 5, 5, 10, 10, 30, 30, 30 s, then
 * fails naming the request). The last delay repeats. Not thread-safe: one per reader.
 */
final class PollSchedule {
  private final List<Duration> delays;
  private final Duration timeout;
  private final Clock clock;
  private Instant deadline;
  private int polls;

  PollSchedule(List<Duration> delays, Duration timeout, Clock clock) {
    this.delays = delays;
    this.timeout = timeout;
    this.clock = clock;
  }

  PollSchedule(ClientConfig config) {
    this(config.pollDelays(), config.pollTimeout(), config.clock());
  }

  /**
   * Waits before the next poll of {@code requestId}; the first call starts the deadline. Fails once
   * the deadline has passed, so the request is polled one last time at the deadline, and with
   * {@link ErrorKind#CANCELLED} as soon as {@code closed} is counted down (the reader was closed).
   */
  void awaitNextPoll(String requestId, String route, CountDownLatch closed)
      throws OneStreamException {
    if (closed.getCount() == 0) {
      throw closed(requestId, route);
    }
    Instant now = clock.instant();
    if (deadline == null) {
      deadline = now.plus(timeout);
    }
    if (!now.isBefore(deadline)) {
      // The connector's own wording [CLIENT], so that users recognise it.
      throw OneStreamException.of(
          ErrorKind.TIMEOUT,
          route,
          "Request: " + requestId + " has timed out. Please reduce the size of the request.");
    }
    Duration delay = delays.get(Math.min(polls++, delays.size() - 1));
    Duration left = Duration.between(now, deadline);
    long millis = Math.max(1, Math.min(delay.toMillis(), left.toMillis()));
    try {
      if (closed.await(millis, TimeUnit.MILLISECONDS)) {
        throw closed(requestId, route);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw OneStreamException.of(
          ErrorKind.CANCELLED, route, "Interrupted while waiting for request " + requestId, e);
    }
  }

  private static OneStreamException closed(String requestId, String route) {
    return OneStreamException.of(
        ErrorKind.CANCELLED, route, route + " was closed while waiting for request " + requestId);
  }
}
