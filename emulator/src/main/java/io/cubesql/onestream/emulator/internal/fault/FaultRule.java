package io.cubesql.onestream.emulator.internal.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One fault-injection rule: its kind, the probability that it fires on a matching request, an
 * optional number of times it may fire, an optional route pattern, and kind-specific parameters.
 * Immutable; the {@code with}-style methods return a changed copy.
 *
 * <p>The pattern is a regular expression matched (whole, ignoring case) against the route of an API
 * request, {@code Service/Action} as the documentation spells it, or, for a rule with {@link
 * #tokenEndpoints()} set, against the path of a token endpoint request such as {@code
 * /as/token.oauth2}. Without {@code tokenEndpoints} a rule never touches token endpoints.
 */
public final class FaultRule {
  private final FaultKind kind;
  private final double probability;
  private final Integer count;
  private final Pattern route;
  private final long latencyMs;
  private final int retryAfterSeconds;
  private final boolean tokenEndpoints;

  private FaultRule(
      FaultKind kind,
      double probability,
      Integer count,
      Pattern route,
      long latencyMs,
      int retryAfterSeconds,
      boolean tokenEndpoints) {
    if (kind == null) {
      throw new IllegalArgumentException("A fault rule needs a kind.");
    }
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          "Fault probability must be between 0 and 1: " + probability);
    }
    if (count != null && count < 0) {
      throw new IllegalArgumentException("Fault count must not be negative: " + count);
    }
    if (latencyMs < 0 || retryAfterSeconds < 0) {
      throw new IllegalArgumentException("Fault latencyMs and retryAfterSeconds must be >= 0.");
    }
    this.kind = kind;
    this.probability = probability;
    this.count = count;
    this.route = route;
    this.latencyMs = latencyMs;
    this.retryAfterSeconds = retryAfterSeconds;
    this.tokenEndpoints = tokenEndpoints;
  }

  /** A rule of {@code kind} that fires on every API request, without limit. */
  public static FaultRule of(FaultKind kind) {
    return new FaultRule(kind, 1.0, null, null, 0, 1, false);
  }

  public FaultRule probability(double p) {
    return new FaultRule(kind, p, count, route, latencyMs, retryAfterSeconds, tokenEndpoints);
  }

  /** Fires at most {@code n} more times. */
  public FaultRule count(int n) {
    return new FaultRule(kind, probability, n, route, latencyMs, retryAfterSeconds, tokenEndpoints);
  }

  /** Matches only routes (or token paths) matching {@code regex}; null matches everything. */
  public FaultRule route(String regex) {
    Pattern p;
    try {
      p = regex == null ? null : Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("Fault route pattern is not a valid regex: " + regex, e);
    }
    return new FaultRule(kind, probability, count, p, latencyMs, retryAfterSeconds, tokenEndpoints);
  }

  public FaultRule latencyMs(long ms) {
    return new FaultRule(kind, probability, count, route, ms, retryAfterSeconds, tokenEndpoints);
  }

  public FaultRule retryAfterSeconds(int s) {
    return new FaultRule(kind, probability, count, route, latencyMs, s, tokenEndpoints);
  }

  /** Applies the rule to token endpoint requests instead of API requests. */
  public FaultRule tokenEndpoints(boolean t) {
    return new FaultRule(kind, probability, count, route, latencyMs, retryAfterSeconds, t);
  }

  public FaultKind kind() {
    return kind;
  }

  public double probability() {
    return probability;
  }

  /** How many times the rule may fire in all, or null for no limit. */
  public Integer count() {
    return count;
  }

  /** The route pattern, or null. */
  public String route() {
    return route == null ? null : route.pattern();
  }

  public long latencyMs() {
    return latencyMs;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public boolean tokenEndpoints() {
    return tokenEndpoints;
  }

  /** Whether this rule applies to {@code target} (a route, or a token path). */
  boolean matches(String target, boolean tokenEndpoint) {
    return tokenEndpoint == tokenEndpoints && (route == null || route.matcher(target).matches());
  }

  /** The rule as JSON, the shape {@link #fromJson} reads. */
  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("kind", kind.name());
    n.put("probability", probability);
    if (count != null) {
      n.put("count", count);
    }
    if (route != null) {
      n.put("route", route.pattern());
    }
    if (kind == FaultKind.LATENCY) {
      n.put("latencyMs", latencyMs);
    }
    if (kind == FaultKind.HTTP_429 || kind == FaultKind.HTTP_503) {
      n.put("retryAfterSeconds", retryAfterSeconds);
    }
    if (tokenEndpoints) {
      n.put("tokenEndpoints", true);
    }
    return n;
  }

  /**
   * Reads {@code {"kind": "HTTP_503", "probability": 0.5, "count": 3, "route": "DataProvider/.*",
   * "retryAfterSeconds": 1, "latencyMs": 0, "tokenEndpoints": false}}; only {@code kind} is
   * required.
   */
  public static FaultRule fromJson(JsonNode n) {
    if (n == null || !n.isObject() || !n.hasNonNull("kind")) {
      throw new IllegalArgumentException("A fault rule must be a JSON object with a 'kind'.");
    }
    FaultKind kind;
    try {
      kind = FaultKind.valueOf(n.get("kind").asText().trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown fault kind: " + n.get("kind").asText(), e);
    }
    FaultRule r = of(kind);
    if (n.hasNonNull("probability")) {
      r = r.probability(n.get("probability").asDouble());
    }
    if (n.hasNonNull("count")) {
      r = r.count(n.get("count").asInt());
    }
    if (n.hasNonNull("route")) {
      r = r.route(n.get("route").asText());
    }
    if (n.hasNonNull("latencyMs")) {
      r = r.latencyMs(n.get("latencyMs").asLong());
    }
    if (n.hasNonNull("retryAfterSeconds")) {
      r = r.retryAfterSeconds(n.get("retryAfterSeconds").asInt());
    }
    if (n.hasNonNull("tokenEndpoints")) {
      r = r.tokenEndpoints(n.get("tokenEndpoints").asBoolean());
    }
    return r;
  }

  @Override
  public String toString() {
    return toJson().toString();
  }
}
