package io.cubesql.onestream.emulator.internal.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One request the emulator answered, with secrets already removed from its body ({@link
 * Redaction}): safe to print, compare and serialise.
 *
 * @param time when the request arrived: when the server read its first bytes
 * @param route {@code Service/Action} for an API route, the endpoint kind (for example {@code
 *     token:ENTRA}) for a token request, null when no route matched
 * @param apiVersion the {@code api-version} query value as sent, or null
 * @param body the redacted JSON body, or the redacted form fields of a token request; null if none
 * @param responseBytes bytes of the answer body before any compression
 * @param durationMicros the server's time for the exchange, in microseconds: from the moment the
 *     server read the request's first bytes from the socket to just before the end of the answer is
 *     written (the last, empty chunk of a streamed API answer; the whole body of a token answer or
 *     of a damaged one, which leave in one write), when the entry is recorded, so that a client
 *     that has read the answer finds its entry in the log
 * @param fault the injected fault kind, or null
 */
public record RequestLogEntry(
    Instant time,
    String method,
    String path,
    String route,
    String apiVersion,
    JsonNode body,
    int status,
    long responseBytes,
    long durationMicros,
    String fault) {

  /** {@link #durationMicros()} in whole milliseconds, truncated, as the log has always shown it. */
  public long durationMs() {
    return durationMicros / 1_000;
  }

  /**
   * The entry as the admin route shows it: {@code durationMs} (whole milliseconds, truncated) and
   * {@code durationMicros} (the same time, in microseconds) side by side.
   */
  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("time", time.toString());
    n.put("method", method);
    n.put("path", path);
    n.put("route", route);
    n.put("apiVersion", apiVersion);
    n.set("body", body == null ? null : body.deepCopy());
    n.put("status", status);
    n.put("responseBytes", responseBytes);
    n.put("durationMs", durationMs());
    n.put("durationMicros", durationMicros);
    n.put("fault", fault);
    return n;
  }
}
