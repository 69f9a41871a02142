package io.cubesql.onestream.calcite;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The settings of one adapter instance (one JDBC connection): how long metadata is cached, how many
 * API calls one statement may make, and how many run at once. Immutable.
 */
public final class OneStreamAdapterOptions {
  /** The default metadata cache: a few hundred entries, each kept ten minutes. */
  public static final String DEFAULT_METADATA_CACHE = "maximumSize=500,expireAfterWrite=10m";

  /** The default most API calls one statement may make. */
  public static final int DEFAULT_CALL_BUDGET = 64;

  /** The default number of API calls of one statement that run at once. */
  public static final int DEFAULT_PARALLELISM = 4;

  /**
   * The default most members of one dimension a cube-cells request lists: OneStream documents
   * member lists but no limit on their length, so a very long IN is split to keep each request's
   * filter of a modest size (onestream-api.md §8 [DOC] lists; the limit is ours).
   */
  public static final int DEFAULT_MEMBERS_PER_REQUEST = 500;

  private final String metadataCache;
  private final int membersPerRequest;
  private final int callBudget;
  private final int parallelism;
  private final Ticker ticker;
  private final Path model;
  private final String resultCache;
  private final boolean adminSql;
  private final List<ConnectionProperty> connectionProperties;

  private OneStreamAdapterOptions(Builder b) {
    this.connectionProperties = b.connectionProperties;
    this.adminSql = b.adminSql;
    this.resultCache = b.resultCache;
    this.model = b.model;
    this.metadataCache = b.metadataCache;
    this.callBudget = b.callBudget;
    this.membersPerRequest = b.membersPerRequest;
    this.parallelism = b.parallelism;
    this.ticker = b.ticker;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static OneStreamAdapterOptions defaults() {
    return builder().build();
  }

  /**
   * Checks that a Caffeine spec builds a cache, as the adapter and the driver build theirs:
   * Caffeine's parser accepts some specs that fail only when the cache is built ({@code
   * maximumSize=-5}, {@code maximumWeight=10} without a weigher, {@code refreshAfterWrite=1m}
   * without a loader). {@code weakKeys} builds, but compares keys by identity: no lookup of a key
   * made afresh (a query's text, a request) would ever hit, so it is refused too.
   *
   * @throws IllegalArgumentException with Caffeine's reason
   */
  public static void checkCacheSpec(String spec) {
    for (String option : spec.split(",", -1)) {
      if (option.strip().equals("weakKeys")) {
        throw new IllegalArgumentException(
            "weakKeys compares keys by identity, so no lookup would ever find an entry");
      }
    }
    try {
      Caffeine.from(spec).build();
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The Caffeine spec of the metadata cache ({@code Caffeine.from(spec)}). */
  public String metadataCache() {
    return metadataCache;
  }

  public int callBudget() {
    return callBudget;
  }

  public int parallelism() {
    return parallelism;
  }

  /** The most members of one dimension a cube-cells request lists; 1 sends one per member. */
  public int membersPerRequest() {
    return membersPerRequest;
  }

  /** The cache's clock; tests pass a fake one. */
  public Ticker ticker() {
    return ticker;
  }

  /** The Caffeine spec of the result cache, or null when it is off. */
  public String resultCache() {
    return resultCache;
  }

  /** The model file that lists the cube views, or null to ask the server. */
  public Path model() {
    return model;
  }

  /** The settings {@code onestream_meta.connection_properties} shows, secrets already masked. */
  public List<ConnectionProperty> connectionProperties() {
    return connectionProperties;
  }

  /**
   * One setting of the connection as the user sees it.
   *
   * @param value the value in effect, masked when it is a secret (never the secret itself)
   */
  public record ConnectionProperty(
      String name, String value, String defaultValue, String description) {}

  /** Whether {@code os_sql}, the administrator SQL pass-through, may run. Off by default. */
  public boolean adminSql() {
    return adminSql;
  }

  /** Builds options; every setter validates its value. */
  public static final class Builder {
    private String metadataCache = DEFAULT_METADATA_CACHE;
    private int callBudget = DEFAULT_CALL_BUDGET;
    private int parallelism = DEFAULT_PARALLELISM;
    private int membersPerRequest = DEFAULT_MEMBERS_PER_REQUEST;
    private Ticker ticker = Ticker.systemTicker();
    private Path model;
    private String resultCache;
    private boolean adminSql;
    private List<ConnectionProperty> connectionProperties = List.of();

    private Builder() {}

    /** What the connection was opened with, for {@code onestream_meta.connection_properties}. */
    public Builder connectionProperties(List<ConnectionProperty> properties) {
      this.connectionProperties = List.copyOf(properties);
      return this;
    }

    /**
     * Turns on {@code os_sql}, which sends one read-only SQL statement to the administrator SQL
     * endpoint (Administrator role on the server).
     */
    public Builder adminSql(boolean adminSql) {
      this.adminSql = adminSql;
      return this;
    }

    /**
     * Turns the result cache on, sized and timed by a Caffeine spec (such as {@code
     * maximumSize=200,expireAfterWrite=15m}); null turns it off.
     *
     * @throws IllegalArgumentException when Caffeine cannot build a cache of the spec
     */
    public Builder resultCache(String spec) {
      if (spec != null) {
        checkCacheSpec(spec);
      }
      this.resultCache = spec;
      return this;
    }

    /**
     * A JSON file listing the cube views, for users whose role cannot list them through the
     * administrator SQL endpoint: {@code {"cubeViews": [{"name": "X", "description": "...",
     * "parameters": {"Entity": "Houston"}}]}} (a parameter's value is its default, or null). Read
     * when the cube views are first listed.
     */
    public Builder model(Path model) {
      this.model = model;
      return this;
    }

    /**
     * The metadata cache as a Caffeine spec string.
     *
     * @throws IllegalArgumentException when Caffeine cannot build a cache of the spec
     */
    public Builder metadataCache(String spec) {
      Objects.requireNonNull(spec, "spec");
      checkCacheSpec(spec);
      this.metadataCache = spec;
      return this;
    }

    public Builder callBudget(int callBudget) {
      if (callBudget < 1) {
        throw new IllegalArgumentException("callBudget must be at least 1: " + callBudget);
      }
      this.callBudget = callBudget;
      return this;
    }

    public Builder parallelism(int parallelism) {
      if (parallelism < 1 || parallelism > 64) {
        throw new IllegalArgumentException("parallelism must be 1 to 64: " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    public Builder membersPerRequest(int membersPerRequest) {
      if (membersPerRequest < 1) {
        throw new IllegalArgumentException(
            "membersPerRequest must be at least 1: " + membersPerRequest);
      }
      this.membersPerRequest = membersPerRequest;
      return this;
    }

    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    public OneStreamAdapterOptions build() {
      return new OneStreamAdapterOptions(this);
    }
  }
}
