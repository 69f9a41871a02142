package io.cubesql.onestream.emulator.internal.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One request the emulator answered, with secrets already removed from its body ({@link
 * Redaction}): safe to print, compare and serialise.
 *
 * @param route {@code Service/Action} for an API route, the endpoint kind (for example {@code
 *     token:ENTRA}) for a token request, null when no route matched
 * @param apiVersion the {@code api-version} query value as sent, or null
 * @param body the redacted JSON body, or the redacted form fields of a token request; null if none
 * @param responseBytes bytes of the answer body before any compression
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
    long durationMs,
    String fault) {

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
    n.put("durationMs", durationMs);
    n.put("fault", fault);
    return n;
  }
}
