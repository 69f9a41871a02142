package io.cubesql.onestream.jdbc.reliability;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Looks for secret values in texts: each secret as it is, and as it would read URL-encoded or
 * JSON-escaped. A finding names the text and the secret's kind, never the secret, so that a failing
 * test does not print what it protects.
 */
final class SecretScanner {
  /** Shorter values are not searched for: they would match by chance. */
  static final int MIN_LENGTH = 12;

  /** Kind of secret ({@code "PAT"}, {@code "XfBytes"}, ...) by value. */
  private final Map<String, String> secrets = new LinkedHashMap<>();

  /** Adds {@code value} as a secret of {@code kind}; null and short values are ignored. */
  SecretScanner add(String kind, String value) {
    if (value != null && value.length() >= MIN_LENGTH) {
      secrets.putIfAbsent(value, kind);
    }
    return this;
  }

  /** How many secrets of each kind are searched for. */
  Map<String, Integer> counts() {
    Map<String, Integer> out = new LinkedHashMap<>();
    secrets.values().forEach(k -> out.merge(k, 1, Integer::sum));
    return out;
  }

  /** One secret found in one text: where, and which kind of secret. */
  record Finding(String where, String kind) {}

  /** Every (text, kind of secret) where a secret occurs, in the order of {@code texts}. */
  List<Finding> scan(Map<String, String> texts) {
    Set<Finding> out = new LinkedHashSet<>();
    for (Map.Entry<String, String> t : texts.entrySet()) {
      String text = t.getValue();
      if (text == null || text.isEmpty()) {
        continue;
      }
      for (Map.Entry<String, String> s : secrets.entrySet()) {
        for (String form : forms(s.getKey())) {
          if (text.contains(form)) {
            out.add(new Finding(t.getKey(), s.getValue()));
            break;
          }
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** The secret, URL-encoded and JSON-escaped ({@code /} as {@code \/}). */
  private static Set<String> forms(String secret) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(secret);
    forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    forms.add(secret.replace("/", "\\/"));
    return forms;
  }
}
