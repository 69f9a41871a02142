package io.cubesql.onestream.emulator.internal.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Decides, request by request, which injected fault applies: a list of {@link FaultRule}s drawn
 * against a seeded {@link Random}, so the same seed and the same sequence of requests give the same
 * faults, plus a global added latency. Changed at run time through this API or the admin route
 * {@code /emulator/admin/faults}. Thread-safe; decisions are serialised so the sequence stays
 * reproducible for sequential clients. Counts the API requests it decided on and the faults that
 * fired, since it was made, for a soak's figures.
 */
public final class FaultController {
  /** The outcome for one request: added latency, and the fault to apply (null for none). */
  public record Decision(long latencyMs, FaultRule fault) {
    static final Decision NONE = new Decision(0, null);

    public FaultKind kind() {
      return fault == null ? null : fault.kind();
    }
  }

  private static final class Installed {
    final FaultRule rule;
    int remaining; // -1 = no limit

    Installed(FaultRule rule) {
      this.rule = rule;
      this.remaining = rule.count() == null ? -1 : rule.count();
    }
  }

  private final List<Installed> rules = new ArrayList<>();
  private long seed;
  private Random random;
  private long latencyMs;
  private long apiRequests;
  private final Map<FaultKind, Long> fired = new EnumMap<>(FaultKind.class);

  public FaultController(long seed) {
    reseed(seed);
  }

  /** Restarts the random sequence from {@code seed}. */
  public synchronized void reseed(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  public synchronized long seed() {
    return seed;
  }

  /** Latency added to every API request (not token requests), on top of any rule. */
  public synchronized void latency(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("Latency must not be negative: " + latency);
    }
    this.latencyMs = latency.toMillis();
  }

  public synchronized Duration latency() {
    return Duration.ofMillis(latencyMs);
  }

  /** Adds a rule after the existing ones; earlier rules win when several fire. */
  public synchronized FaultController add(FaultRule rule) {
    rules.add(new Installed(rule));
    return this;
  }

  /** Removes every rule and the global latency (the seed is kept). */
  public synchronized void clear() {
    rules.clear();
    latencyMs = 0;
  }

  /** The installed rules, each with the count it has left when it had one. */
  public synchronized List<FaultRule> rules() {
    List<FaultRule> out = new ArrayList<>();
    for (Installed i : rules) {
      out.add(i.remaining < 0 ? i.rule : i.rule.count(i.remaining));
    }
    return out;
  }

  /**
   * Picks the faults for one request. Every matching rule with count left draws one number, in
   * order, so outcomes depend only on the seed and the requests; latency rules add up, and the
   * first other rule that fires is the fault.
   *
   * @param target {@code Service/Action} for an API request, the path for a token request
   */
  public synchronized Decision decide(String target, boolean tokenEndpoint) {
    if (!tokenEndpoint) {
      apiRequests++;
    }
    if (rules.isEmpty() && latencyMs == 0) {
      return Decision.NONE;
    }
    long latency = tokenEndpoint ? 0 : latencyMs;
    FaultRule fault = null;
    for (Installed i : rules) {
      if (i.remaining == 0 || !i.rule.matches(target, tokenEndpoint)) {
        continue;
      }
      boolean isLatency = i.rule.kind() == FaultKind.LATENCY;
      if (!isLatency && fault != null) {
        continue;
      }
      if (random.nextDouble() < i.rule.probability()) {
        if (i.remaining > 0) {
          i.remaining--;
        }
        fired.merge(i.rule.kind(), 1L, Long::sum);
        if (isLatency) {
          latency += i.rule.latencyMs();
        } else {
          fault = i.rule;
        }
      }
    }
    return new Decision(latency, fault);
  }

  /** How many API requests (not token requests) {@link #decide} was asked about. */
  public synchronized long apiRequests() {
    return apiRequests;
  }

  /**
   * How many times rules of each kind fired, on API and token requests alike; kinds that never
   * fired are absent, in the order of {@link FaultKind}. Neither {@link #clear()} nor {@link
   * #configure} resets the counts.
   */
  public synchronized Map<FaultKind, Long> fired() {
    return Collections.unmodifiableMap(new EnumMap<>(fired));
  }

  /** {@code {"seed": 7, "latencyMs": 0, "rules": [...]}}. */
  public synchronized ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("seed", seed);
    n.put("latencyMs", latencyMs);
    ArrayNode a = n.putArray("rules");
    for (FaultRule r : rules()) {
      a.add(r.toJson());
    }
    return n;
  }

  /**
   * Replaces the configuration with {@code {"seed": 7, "latencyMs": 0, "rules": [...]}}; a missing
   * seed keeps the current one (and restarts its sequence). All or nothing: a bad rule leaves the
   * configuration unchanged.
   */
  public synchronized void configure(JsonNode config) {
    if (config == null || !config.isObject()) {
      throw new IllegalArgumentException("The fault configuration must be a JSON object.");
    }
    List<FaultRule> parsed = new ArrayList<>();
    JsonNode list = config.get("rules");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw new IllegalArgumentException("'rules' must be a JSON array.");
      }
      for (JsonNode r : list) {
        parsed.add(FaultRule.fromJson(r));
      }
    }
    long newLatency = config.hasNonNull("latencyMs") ? config.get("latencyMs").asLong() : 0;
    if (newLatency < 0) {
      throw new IllegalArgumentException("latencyMs must not be negative: " + newLatency);
    }
    rules.clear();
    parsed.forEach(this::add);
    latencyMs = newLatency;
    reseed(config.hasNonNull("seed") ? config.get("seed").asLong() : seed);
  }
}
