package io.cubesql.onestream.client;

import java.time.Instant;
import java.util.Objects;

/**
 * One HTTP call a {@link OneStreamClient} made, as {@link OneStreamClient#recentCalls()} lists it:
 * each attempt of a retried read, each page and each poll of an Analytics request, and the
 * session's Logon and OpenApplication are records of their own. It holds no header, no body and no
 * server text, so that it is safe to show: the token and the SessionInfo travel in headers and
 * bodies only. Token requests are not recorded (see {@link OneStreamClient#recentCalls()}).
 *
 * @param started when the call started, by the config's clock
 * @param route the route as {@link Route#path()} spells it, such as {@code
 *     DataProvider/GetAdoDataSetForCubeViewCommand}
 * @param query the query string besides {@code api-version}, such as {@code page=3}; null when none
 * @param status the HTTP status of the answer; null when none came (the connection failed, or the
 *     call was cancelled or timed out before the answer)
 * @param durationMs from the start until the answer's body was received to its end or closed, or
 *     until the call failed
 * @param bytes the answer body's bytes as received, compressed when the server compressed them (as
 *     OkHttp counts them when the body ends or is closed); 0 when no body came, and when the body
 *     failed part-way, which OkHttp does not count
 * @param rows the data rows a {@link DataSetReader} parsed from this answer: of a DataSet's tables,
 *     or of an Analytics page's {@code DataResult} (each page counts its own); 0 for an empty
 *     result; the rows read so far when the reader was closed early. Null when the answer carried
 *     no row data or no reader read it: Logon, OpenApplication, a ping, a DataManagement message or
 *     status, a poll of a request still running, an error answer, a call without an answer
 * @param error null when the call succeeded; else the name of the {@link ErrorKind} the client
 *     classified it as: the kind of an error status, of a failed exchange, {@code PROTOCOL} for an
 *     answer the reader could not read, {@code CANCELLED} for a call cancelled or a reader closed
 *     before the answer's end. Never a message, which could carry server text
 */
public record CallRecord(
    Instant started,
    String route,
    String query,
    Integer status,
    long durationMs,
    long bytes,
    Long rows,
    String error) {
  public CallRecord {
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(route, "route");
    if (error != null) {
      ErrorKind.valueOf(error); // a kind's name, never free text
    }
  }
}
