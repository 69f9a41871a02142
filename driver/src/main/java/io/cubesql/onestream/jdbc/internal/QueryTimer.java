package io.cubesql.onestream.jdbc.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread that enforces {@code Statement.setQueryTimeout} for every connection of the
 * JVM: it calls {@code cancel()} on a statement whose time is up. Calcite only passes the time-out
 * to the adapter in the {@code DataContext}; a timer guarantees it whatever the adapter does.
 */
final class QueryTimer {
  private static final ScheduledThreadPoolExecutor TIMER = create();

  private QueryTimer() {}

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "onestream-jdbc-query-timeout");
              t.setDaemon(true);
              return t;
            });
    // Most statements finish in time: drop their tasks at once rather than when they would run.
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /** Runs {@code task} after {@code seconds}; cancel the future to disarm it. */
  static ScheduledFuture<?> schedule(Runnable task, int seconds) {
    return TIMER.schedule(task, seconds, TimeUnit.SECONDS);
  }
}
