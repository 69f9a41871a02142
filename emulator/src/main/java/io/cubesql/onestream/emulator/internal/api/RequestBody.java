package io.cubesql.onestream.emulator.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON request body read with case-insensitive keys, as the real server's model binding does
 * (onestream-api.md §1: servers before 8.1 wrote {@code xfBytes}, clients send either spelling).
 */
public final class RequestBody {
  private static final RequestBody EMPTY = new RequestBody(JsonNodeFactory.instance.objectNode());

  private final ObjectNode node;

  private RequestBody(ObjectNode node) {
    this.node = node;
  }

  /** Wraps a parsed body; a JSON {@code null} or missing body reads as an empty object. */
  public static RequestBody of(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return EMPTY;
    }
    if (!node.isObject()) {
      throw ApiException.badRequest("The request body must be a JSON object.");
    }
    return new RequestBody((ObjectNode) node);
  }

  public static RequestBody empty() {
    return EMPTY;
  }

  /** The raw node for a key, ignoring case; null when absent. */
  public JsonNode get(String key) {
    JsonNode exact = node.get(key);
    if (exact != null) {
      return exact;
    }
    String lower = key.toLowerCase(Locale.ROOT);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
        return e.getValue();
      }
    }
    return null;
  }

  public boolean has(String key) {
    JsonNode v = get(key);
    return v != null && !v.isNull();
  }

  /** A string value (numbers and booleans are given as text); null when absent or null. */
  public String string(String key) {
    JsonNode v = get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isContainerNode()) {
      throw ApiException.badRequest("The value of '" + key + "' must be a string.");
    }
    return v.asText();
  }

  /** A non-blank string, or a 400 naming the missing argument. */
  public String requireString(String key) {
    String v = string(key);
    if (v == null || v.isBlank()) {
      throw ApiException.badRequest("The request is missing the argument '" + key + "'.");
    }
    return v;
  }

  /**
   * A boolean that clients send as JSON {@code true}/{@code false} or as the strings "True" and
   * "False" (onestream-api.md §4).
   */
  public boolean bool(String key, boolean defaultValue) {
    JsonNode v = get(key);
    if (v == null || v.isNull()) {
      return defaultValue;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual()) {
      String t = v.textValue().trim().toLowerCase(Locale.ROOT);
      if (t.equals("true")) {
        return true;
      }
      if (t.equals("false")) {
        return false;
      }
    }
    throw ApiException.badRequest(
        "The value of '" + key + "' must be true or false, not " + abbreviate(v.toString()) + ".");
  }

  /** A nested object, read case-insensitively too; empty when absent or null. */
  public RequestBody object(String key) {
    JsonNode v = get(key);
    if (v == null || v.isNull()) {
      return EMPTY;
    }
    if (!v.isObject()) {
      throw ApiException.badRequest("The value of '" + key + "' must be a JSON object.");
    }
    return new RequestBody((ObjectNode) v);
  }

  /** The underlying JSON, for logging with secrets removed. */
  public ObjectNode node() {
    return node;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
