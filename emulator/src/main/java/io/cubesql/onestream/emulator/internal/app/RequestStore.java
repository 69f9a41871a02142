package io.cubesql.onestream.emulator.internal.app;

import io.cubesql.onestream.emulator.internal.api.ApiException;
import io.cubesql.onestream.emulator.internal.api.ApiResult;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Long-running requests answered with the Analytics envelope (onestream-api.md §6 [CLIENT]): {@code
 * {"Status", "RequestId", "TotalPages", "DataResult"}}, polled and paged through {@code
 * Analytics/GetDataRequest}. A request id expires after a time without use, and the least recently
 * used requests are dropped while the rows held exceed {@link #MAX_ROWS_HELD}, so that finished
 * answers cannot fill the heap.
 */
final class RequestStore {
  /** The state of one request: whether it is done, how many pages, and how to write a page. */
  interface Pending {
    /** Whether the answer is ready (after the configured number of Running polls). */
    boolean done();

    int totalPages();

    /** Writes the DataResult value of page {@code page} (1-based). */
    ApiResult.BodyWriter page(int page);

    /** How many rows the request holds in memory. */
    default long rows() {
      return 0;
    }
  }

  /** Rows held across all requests before the least recently used are dropped. */
  static final long MAX_ROWS_HELD = 5_000_000;

  private record Entry(Pending pending, int[] pollsLeft, Instant[] lastUse) {}

  /** In access order, so that the first entry is the least recently used. */
  private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

  private final SecureRandom random = new SecureRandom();
  private final int asyncPolls;
  private final Duration ttl;
  private final Clock clock;

  RequestStore(int asyncPolls, Duration ttl, Clock clock) {
    this.asyncPolls = asyncPolls;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Registers a request and answers the first envelope: Running, or page 1 when ready. */
  ApiResult start(Pending pending) {
    expire();
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    String id = HexFormat.of().formatHex(bytes);
    Entry e = new Entry(pending, new int[] {asyncPolls}, new Instant[] {clock.instant()});
    synchronized (entries) {
      entries.put(id, e);
      long held = entries.values().stream().mapToLong(x -> x.pending().rows()).sum();
      for (var it = entries.values().iterator(); held > MAX_ROWS_HELD && it.hasNext(); ) {
        Entry oldest = it.next();
        if (oldest != e) {
          held -= oldest.pending().rows();
          it.remove();
        }
      }
    }
    return envelope(id, e, 1, asyncPolls > 0);
  }

  /** Answers a poll or a page request. */
  ApiResult poll(String id, String pageText) {
    expire();
    Entry e;
    synchronized (entries) {
      e = id == null ? null : entries.get(id);
    }
    if (e == null) {
      throw ApiException.badRequest("Request: " + id + " was not found or has expired.");
    }
    e.lastUse()[0] = clock.instant();
    int page;
    try {
      page = pageText == null ? 1 : Integer.parseInt(pageText.trim());
    } catch (NumberFormatException ex) {
      throw ApiException.badRequest("The page must be a whole number: " + pageText);
    }
    boolean running;
    synchronized (e) {
      running = e.pollsLeft()[0] > 0 || !e.pending().done();
      if (e.pollsLeft()[0] > 0) {
        e.pollsLeft()[0]--;
      }
    }
    if (!running && (page < 1 || page > Math.max(1, e.pending().totalPages()))) {
      throw ApiException.badRequest(
          "Request: "
              + id
              + " has "
              + e.pending().totalPages()
              + " pages; page "
              + page
              + " does not exist.");
    }
    return envelope(id, e, page, running);
  }

  private ApiResult envelope(String id, Entry e, int page, boolean running) {
    boolean isRunning = running || !e.pending().done();
    return ApiResult.stream(
        out -> {
          out.writeStartObject();
          out.writeStringField("Status", isRunning ? "Running" : "Completed");
          out.writeStringField("RequestId", id);
          out.writeNumberField("TotalPages", isRunning ? 0 : e.pending().totalPages());
          out.writeFieldName("DataResult");
          if (isRunning) {
            out.writeStartArray();
            out.writeEndArray();
          } else {
            e.pending().page(page).write(out);
          }
          out.writeEndObject();
        });
  }

  private void expire() {
    Instant cutoff = clock.instant().minus(ttl);
    synchronized (entries) {
      entries.values().removeIf(e -> e.lastUse()[0].isBefore(cutoff));
    }
  }

  /** A request whose rows are all known now, split into pages of {@code pageSize}. */
  static Pending ready(int rows, int pageSize, IntFunction<ApiResult.BodyWriter> pageWriter) {
    int pages = Math.max(1, (rows + pageSize - 1) / pageSize);
    return new Pending() {
      @Override
      public boolean done() {
        return true;
      }

      @Override
      public int totalPages() {
        return pages;
      }

      @Override
      public ApiResult.BodyWriter page(int page) {
        return pageWriter.apply(page);
      }

      @Override
      public long rows() {
        return rows;
      }
    };
  }

  /** A one-page request that is done when {@code done} says so. */
  static Pending background(Supplier<Boolean> done, ApiResult.BodyWriter result) {
    return new Pending() {
      @Override
      public boolean done() {
        return done.get();
      }

      @Override
      public int totalPages() {
        return 1;
      }

      @Override
      public ApiResult.BodyWriter page(int page) {
        return result;
      }
    };
  }
}
