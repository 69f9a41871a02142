package io.cubesql.onestream.emulator.internal.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Removes secrets from request bodies before they are logged: every SessionInfo (the whole {@code
 * SI} value and any {@code XfBytes}, under any spelling, at any depth), any secret-named JSON key,
 * and every token-request form field but the few known to be harmless.
 */
public final class Redaction {
  /** What a redacted value is replaced with. */
  public static final String MASK = "***";

  private static final Set<String> SECRET_JSON_KEYS =
      Set.of(
          "xfbytes",
          "si",
          "client_secret",
          "refresh_token",
          "access_token",
          "password",
          "assertion",
          "client_assertion");

  /** Form fields logged as sent; any other field is left out (an allowlist, not a denylist). */
  private static final Set<String> HARMLESS_FORM_FIELDS =
      Set.of("grant_type", "client_id", "scope");

  private Redaction() {}

  /** A copy of {@code node} with every secret value, at any depth, replaced by {@link #MASK}. */
  public static JsonNode json(JsonNode node) {
    if (node == null) {
      return null;
    }
    JsonNode copy = node.deepCopy();
    mask(copy);
    return copy;
  }

  private static void mask(JsonNode node) {
    if (node instanceof ObjectNode o) {
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (SECRET_JSON_KEYS.contains(e.getKey().toLowerCase(Locale.ROOT))) {
          e.setValue(JsonNodeFactory.instance.textNode(MASK));
        } else {
          mask(e.getValue());
        }
      }
    } else if (node instanceof ArrayNode a) {
      a.forEach(Redaction::mask);
    }
  }

  /**
   * The harmless form fields of a token request ({@code grant_type}, {@code client_id}, {@code
   * scope}); every other field, and a body that was not a form at all, is left out.
   */
  public static ObjectNode form(Map<String, String> fields) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    fields.forEach(
        (k, v) -> {
          if (HARMLESS_FORM_FIELDS.contains(k.toLowerCase(Locale.ROOT))) {
            n.put(k, v);
          }
        });
    return n;
  }
}
