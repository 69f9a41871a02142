package io.cubesql.onestream.bench;

import io.cubesql.onestream.client.ClientConfig;
import io.cubesql.onestream.client.DataCellsFilter;
import io.cubesql.onestream.client.DataSetReader;
import io.cubesql.onestream.client.OneStreamClient;
import io.cubesql.onestream.client.PatTokenProvider;
import io.cubesql.onestream.client.Secret;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * What every benchmark shares: the emulator (base URL and PAT from {@code bench.url} and {@code
 * bench.pat}), JDBC connections to it through {@code DriverManager}, the raw client, the bare loop,
 * the emulator's admin routes, the results file, and small helpers (percentiles, heap).
 */
final class Bench {
  final String baseUrl;
  final String pat;

  /** The CI-sized configuration: the smaller cube, fewer repetitions. */
  final boolean quick;

  final Results results;
  final EmulatorAdmin admin;
  final BareLoop bare;

  private Bench(String baseUrl, String pat, boolean quick, Path results) {
    this.baseUrl = baseUrl;
    this.pat = pat;
    this.quick = quick;
    this.results = new Results(results);
    this.admin = new EmulatorAdmin(baseUrl);
    this.bare = new BareLoop(baseUrl, pat);
  }

  static Bench fromSystemProperties() {
    return new Bench(
        required("bench.url"),
        required("bench.pat"),
        Boolean.getBoolean("bench.quick"),
        Path.of(required("bench.results")));
  }

  static String required(String key) {
    String v = System.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("System property '" + key + "' is not set.");
    }
    return v;
  }

  /** A driver connection to the emulator; {@code properties} such as {@code parallelism=1}. */
  Connection connect(String... properties) throws SQLException {
    return open(baseUrl, pat, properties);
  }

  /** As {@link #connect(String...)}, loading nothing but the driver (for a first query). */
  static Connection open(String baseUrl, String pat, String... properties) throws SQLException {
    URI uri = URI.create(baseUrl);
    StringBuilder url =
        new StringBuilder("jdbc:onestream://")
            .append(uri.getHost())
            .append(':')
            .append(uri.getPort())
            .append("/GolfStream?ssl=false");
    for (String p : properties) {
      url.append('&').append(p);
    }
    Properties info = new Properties();
    info.setProperty("password", pat);
    return DriverManager.getConnection(url.toString(), info);
  }

  /** The raw API client, as the driver's connection builds it. */
  OneStreamClient client() {
    return OneStreamClient.open(
        ClientConfig.builder()
            .serverUrl(baseUrl)
            .application("GolfStream")
            .tokenProvider(new PatTokenProvider(Secret.of(pat)))
            .readTimeout(Duration.ofMinutes(5))
            .callTimeout(Duration.ofMinutes(30))
            .build());
  }

  /** Runs {@code sql} and reads every value of every row; answers the rows. */
  static long query(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return readAll(rs);
    }
  }

  /** Reads every value of every row ({@code getObject}, as a tool does); answers the rows. */
  static long readAll(ResultSet rs) throws SQLException {
    int cols = rs.getMetaData().getColumnCount();
    long n = 0;
    while (rs.next()) {
      for (int i = 1; i <= cols; i++) {
        rs.getObject(i);
      }
      n++;
    }
    return n;
  }

  /** Reads every value of every row of a client answer; answers the rows. */
  static long readAll(DataSetReader r) throws Exception {
    try (r) {
      int cols = -1;
      long n = 0;
      while (r.nextRow()) {
        if (cols < 0) {
          cols = r.columns().size();
        }
        for (int i = 0; i < cols; i++) {
          r.get(i);
        }
        n++;
      }
      return n;
    }
  }

  /** The {@code pct} percentile of {@code ns}, in milliseconds. */
  static double pctMs(long[] ns, int pct) {
    long[] s = ns.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, s.length * pct / 100)] / 1e6;
  }

  static double medianMs(List<Long> ns) {
    return pctMs(ns.stream().mapToLong(Long::longValue).toArray(), 50);
  }

  static void resetPeakHeap() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The sum of the heap pools' peak usage since the last reset, in MiB. */
  static double peakHeapMiB() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum / 1048576.0;
  }

  /**
   * A cut of the GolfStream cube: members per dimension, one request per combination, as the driver
   * sends {@code =} and {@code IN} predicates. The same cut as SQL, as the bare loop's filter
   * fields, and as the client's filters.
   */
  record Cut(String label, Map<String, List<String>> members) {
    static Cut of(String label, Object... dimensionAndMembers) {
      Map<String, List<String>> m = new LinkedHashMap<>();
      for (int i = 0; i < dimensionAndMembers.length; i += 2) {
        Object v = dimensionAndMembers[i + 1];
        @SuppressWarnings("unchecked")
        List<String> values = v instanceof List<?> ? (List<String>) v : List.of((String) v);
        m.put((String) dimensionAndMembers[i], values);
      }
      return new Cut(label, m);
    }

    /** The {@code WHERE} clause, empty for the whole cube. */
    String where() {
      if (members.isEmpty()) {
        return "";
      }
      return members.entrySet().stream()
          .map(
              e ->
                  quoted(e.getKey())
                      + (e.getValue().size() == 1
                          ? " = '" + e.getValue().get(0) + "'"
                          : " IN ("
                              + e.getValue().stream()
                                  .map(v -> "'" + v + "'")
                                  .collect(Collectors.joining(", "))
                              + ")"))
          .collect(Collectors.joining(" AND ", " WHERE ", ""));
    }

    private static String quoted(String column) {
      return column.equals("Time") || column.equals("View") ? '"' + column + '"' : column;
    }

    /** Every combination of one member per dimension: the driver's requests. */
    List<Map<String, String>> requests() {
      List<Map<String, String>> out = new ArrayList<>();
      out.add(new LinkedHashMap<>());
      for (Map.Entry<String, List<String>> e : members.entrySet()) {
        List<Map<String, String>> next = new ArrayList<>();
        for (Map<String, String> r : out) {
          for (String v : e.getValue()) {
            Map<String, String> copy = new LinkedHashMap<>(r);
            copy.put(e.getKey(), v);
            next.add(copy);
          }
        }
        out = next;
      }
      return out;
    }

    /** One request's {@code DataCellsFilter} fields by their wire names, members in brackets. */
    static Map<String, String> wire(Map<String, String> request) {
      Map<String, String> w = new LinkedHashMap<>();
      request.forEach(
          (dim, member) ->
              w.put(
                  switch (dim) {
                    case "Scenario", "View" -> dim;
                    case "Consolidation" -> "Currency";
                    case "IC" -> "ICFIlter";
                    default -> dim + "Filter";
                  },
                  "[" + member + "]"));
      return w;
    }

    /** One request as the client's filter, members in brackets. */
    static DataCellsFilter filter(Map<String, String> request) {
      DataCellsFilter f = DataCellsFilter.all();
      for (Map.Entry<String, String> e : request.entrySet()) {
        String m = "[" + e.getValue() + "]";
        f =
            switch (e.getKey()) {
              case "Entity" -> f.entity(m);
              case "Consolidation" -> f.currency(m);
              case "Scenario" -> f.scenario(m);
              case "Time" -> f.time(m);
              case "View" -> f.view(m);
              case "Account" -> f.account(m);
              case "Flow" -> f.flow(m);
              case "Origin" -> f.origin(m);
              case "IC" -> f.ic(m);
              default -> f.ud(Integer.parseInt(e.getKey().substring(2)), m);
            };
      }
      return f;
    }
  }
}
