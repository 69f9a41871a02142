package io.cubesql.onestream.calcite;

import io.cubesql.onestream.client.CallHandle;
import io.cubesql.onestream.client.OneStreamException;

/** One API request a scan makes, and how its answer becomes rows of the scan's output. */
interface ApiRequest {
  /** The route, object and parameters, as EXPLAIN shows them. */
  String describe();

  /**
   * Sends the request and returns its rows as they arrive; {@code onCall} receives every HTTP call
   * it makes, so that another thread can cancel them (and any wait between polls).
   */
  RowStream open(CallHandle onCall) throws OneStreamException;

  /** Sends a request; see {@link #open}. */
  @FunctionalInterface
  interface Opener {
    RowStream open(CallHandle onCall) throws OneStreamException;
  }

  /** A request described by {@code description} and sent by {@code opener}. */
  static ApiRequest of(String description, Opener opener) {
    return new ApiRequest() {
      @Override
      public String describe() {
        return description;
      }

      @Override
      public RowStream open(CallHandle onCall) throws OneStreamException {
        return opener.open(onCall);
      }
    };
  }

  /** Rows of one answer, read lazily. */
  interface RowStream extends AutoCloseable {
    /** The next row of the scan's output, or null at the end. */
    Object[] next() throws OneStreamException;

    /** Stops reading; aborts the HTTP call if the answer is not finished. Any thread may call. */
    @Override
    void close();
  }
}
