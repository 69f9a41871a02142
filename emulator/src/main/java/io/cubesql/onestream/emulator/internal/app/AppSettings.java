package io.cubesql.onestream.emulator.internal.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How the application side of the emulator is set up.
 *
 * @param scale multiplies entities, products and accounts of the demo (1 = about 100 000 cells)
 * @param seed seeds the demo data; the same seed and scale give the same cells
 * @param databaseDirectory where the H2 application databases live as files; null = in memory
 * @param pageSize rows per page of Analytics answers
 * @param asyncPolls how many polls of an Analytics (or call-state) request answer {@code Running}
 *     before it completes; 0 = answer at once
 * @param callState [ASSUMED] 7.2.0 call state: long DataProvider and DataManagement calls answer
 *     the Analytics envelope and complete through {@code GetDataRequest}
 * @param emptyResultAsNull [CLIENT] answer an empty DataProvider result as the JSON literal null
 * @param requestIdTtl how long an Analytics request id stays valid after its last use
 * @param clock the clock for request-id expiry and job times
 */
public record AppSettings(
    int scale,
    long seed,
    Path databaseDirectory,
    int pageSize,
    int asyncPolls,
    boolean callState,
    boolean emptyResultAsNull,
    Duration requestIdTtl,
    Clock clock) {

  public static final int DEFAULT_PAGE_SIZE = 50_000;
  public static final long DEFAULT_SEED = 42L;

  public AppSettings {
    if (scale < 1 || scale > 50) {
      throw new IllegalArgumentException("scale must be between 1 and 50: " + scale);
    }
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be positive: " + pageSize);
    }
    if (asyncPolls < 0) {
      throw new IllegalArgumentException("asyncPolls must not be negative: " + asyncPolls);
    }
  }

  /** The demo defaults: scale 1, seed 42, in memory, synchronous answers. */
  public static AppSettings defaults() {
    return new AppSettings(
        1,
        DEFAULT_SEED,
        null,
        DEFAULT_PAGE_SIZE,
        0,
        false,
        false,
        Duration.ofMinutes(10),
        Clock.systemUTC());
  }
}
