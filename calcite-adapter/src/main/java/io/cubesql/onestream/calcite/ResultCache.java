package io.cubesql.onestream.calcite;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.cubesql.onestream.client.JobStatus;
import io.cubesql.onestream.client.OneStreamException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The opt-in cache of answers (connection property {@code resultCache}, a Caffeine spec): the rows
 * of one request, keyed by the table, the pushed values and the columns asked for. A request that
 * asks for fewer columns is answered by a cached one that asked for more (descriptions included);
 * one whose member lists are within a cached one's is answered by it, filtered here; and one that
 * names base members is answered, filtered here, by a cached one without a filter on that dimension
 * (which holds every base member's cells). Only answers read to their end are kept, never one a
 * LIMIT or a close cut short. Every cache of this JVM is emptied when Data Management work
 * completes through the driver, since it changes the data.
 */
final class ResultCache {
  /** Every cache of this JVM, so that completed Data Management work can empty them all. */
  private static final Set<ResultCache> ALL = Collections.newSetFromMap(new WeakHashMap<>());

  /** What identifies an answer: each column's values sorted, as a request's order is no matter. */
  private record Key(String table, Map<Integer, List<String>> values, List<Integer> columns) {}

  /** A cached answer that serves a request, and the values its rows must be filtered on. */
  private record Served(Key key, List<Object[]> rows, Map<Integer, Set<String>> filters) {}

  private final Cache<Key, List<Object[]>> cache;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  ResultCache(String spec, Ticker ticker) {
    this.cache = Caffeine.from(withoutRecordStats(spec)).ticker(ticker).recordStats().build();
    synchronized (ALL) {
      ALL.add(this);
    }
  }

  /**
   * {@code spec} without {@code recordStats}: this cache records its statistics anyway, and
   * Caffeine refuses to be told twice.
   */
  static String withoutRecordStats(String spec) {
    java.util.StringJoiner out = new java.util.StringJoiner(",");
    for (String part : spec.split(",", -1)) {
      if (!part.strip().equals("recordStats")) {
        out.add(part);
      }
    }
    return out.toString();
  }

  /** Empties every result cache of this JVM if {@code status} is completed work. */
  static void afterDataManagement(JobStatus status) {
    if (status != null && status.completed()) {
      List<ResultCache> caches;
      synchronized (ALL) {
        caches = new ArrayList<>(ALL);
      }
      for (ResultCache c : caches) {
        c.cache.invalidateAll();
      }
    }
  }

  /** Requests answered from the cache. */
  long hits() {
    return hits.get();
  }

  /** Requests sent because no cached answer served them. */
  long misses() {
    return misses.get();
  }

  long evictions() {
    return cache.stats().evictionCount();
  }

  long size() {
    return cache.estimatedSize();
  }

  /**
   * {@code request} answered from the cache when it can be, else sent and its rows kept once read
   * to the end.
   *
   * @param candidates the column sets (table column indexes, widest last) whose cached answer can
   *     serve this request; the first is what is sent on a miss
   * @param wide makes the request for a column set
   * @param projects the columns the scan returns
   */
  ApiRequest cached(
      String table,
      Map<Integer, List<String>> values,
      List<int[]> candidates,
      java.util.function.Function<int[], ApiRequest> wide,
      int[] projects,
      java.util.function.BiPredicate<Integer, String> coveredWithout) {
    int[] sent = candidates.get(0);
    ApiRequest request = wide.apply(sent);
    return ApiRequest.of(
        request.describe(),
        onCall -> {
          Served served = lookup(table, values, candidates, coveredWithout);
          if (served != null) {
            hits.incrementAndGet();
            cache.getIfPresent(served.key()); // an access, for the eviction policy
            int[] columns = served.key().columns().stream().mapToInt(Integer::intValue).toArray();
            return replay(served.rows(), columns, projects, served.filters());
          }
          misses.incrementAndGet();
          return new Recording(
              request.open(onCall),
              rows -> cache.put(key(table, values, sent), rows),
              sent,
              projects);
        });
  }

  /**
   * The cached answer that serves a request of {@code values} with the fewest rows to filter: its
   * own, else one of the candidate column sets whose every filtered column lists all of the
   * request's values on it, and whose unfiltered columns are ones the request's values are covered
   * without ({@code coveredWithout}: a dimension without a filter is answered for its base
   * members). Null when none serves.
   */
  private Served lookup(
      String table,
      Map<Integer, List<String>> values,
      List<int[]> candidates,
      java.util.function.BiPredicate<Integer, String> coveredWithout) {
    for (int[] columns : candidates) {
      Key own = key(table, values, columns);
      List<Object[]> rows = cache.getIfPresent(own);
      if (rows != null) {
        return new Served(own, rows, Map.of());
      }
    }
    Served best = null;
    for (Map.Entry<Key, List<Object[]>> e : cache.asMap().entrySet()) {
      Key k = e.getKey();
      if (!k.table().equals(table)
          || candidates.stream().noneMatch(c -> Arrays.equals(c, columnArray(k)))) {
        continue;
      }
      Map<Integer, Set<String>> filters = filters(k.values(), values, coveredWithout);
      if (filters != null
          && holds(columnArray(k), filters.keySet())
          && (best == null || e.getValue().size() < best.rows().size())) {
        best = new Served(k, e.getValue(), filters);
      }
    }
    return best;
  }

  /**
   * How an answer to {@code cached} values is filtered into one to {@code wanted}: the values to
   * keep on each column where they differ, or null when the cached answer lacks some wanted rows.
   */
  private static Map<Integer, Set<String>> filters(
      Map<Integer, List<String>> cached,
      Map<Integer, List<String>> wanted,
      java.util.function.BiPredicate<Integer, String> coveredWithout) {
    Map<Integer, Set<String>> out = new java.util.TreeMap<>();
    for (Map.Entry<Integer, List<String>> c : cached.entrySet()) {
      List<String> w = wanted.get(c.getKey());
      if (w == null || !new java.util.HashSet<>(c.getValue()).containsAll(w)) {
        return null; // the cached answer is narrower on this column
      }
      if (w.size() < c.getValue().size()) {
        out.put(c.getKey(), Set.copyOf(w));
      }
    }
    for (Map.Entry<Integer, List<String>> w : wanted.entrySet()) {
      if (!cached.containsKey(w.getKey())) {
        for (String v : w.getValue()) {
          if (!coveredWithout.test(w.getKey(), v)) {
            return null;
          }
        }
        out.put(w.getKey(), Set.copyOf(w.getValue()));
      }
    }
    return out;
  }

  private static int[] columnArray(Key k) {
    return k.columns().stream().mapToInt(Integer::intValue).toArray();
  }

  private static boolean holds(int[] columns, Set<Integer> needed) {
    for (int c : needed) {
      if (Arrays.stream(columns).noneMatch(x -> x == c)) {
        return false;
      }
    }
    return true;
  }

  private static Key key(String table, Map<Integer, List<String>> values, int[] columns) {
    Map<Integer, List<String>> sorted = new java.util.HashMap<>();
    values.forEach((k, v) -> sorted.put(k, v.stream().distinct().sorted().toList()));
    return new Key(table, Map.copyOf(sorted), Arrays.stream(columns).boxed().toList());
  }

  /** For each output field, its position among {@code columns}. */
  private static int[] positions(int[] columns, int[] projects) {
    int[] pos = new int[projects.length];
    for (int i = 0; i < projects.length; i++) {
      pos[i] = -1;
      for (int k = 0; k < columns.length; k++) {
        if (columns[k] == projects[i]) {
          pos[i] = k;
        }
      }
      if (pos[i] < 0) {
        throw new IllegalStateException("Cached columns lack column " + projects[i]);
      }
    }
    return pos;
  }

  private static Object[] project(Object[] row, int[] pos) {
    Object[] out = new Object[pos.length];
    for (int i = 0; i < pos.length; i++) {
      out[i] = row[pos[i]];
    }
    return out;
  }

  private static ApiRequest.RowStream replay(
      List<Object[]> rows, int[] columns, int[] projects, Map<Integer, Set<String>> filters) {
    int[] pos = positions(columns, projects);
    int[] filterColumns = filters.keySet().stream().mapToInt(Integer::intValue).toArray();
    int[] filterPos = positions(columns, filterColumns);
    List<Set<String>> wanted = List.copyOf(filters.values());
    return new ApiRequest.RowStream() {
      private int next;

      @Override
      public Object[] next() {
        while (next < rows.size()) {
          Object[] row = rows.get(next++);
          boolean keep = true;
          for (int i = 0; i < filterPos.length && keep; i++) {
            keep = wanted.get(i).contains(row[filterPos[i]]);
          }
          if (keep) {
            return project(row, pos);
          }
        }
        return null;
      }

      @Override
      public void close() {}
    };
  }

  /** Passes the rows of a wide answer on, projected, and keeps them if read to the end. */
  private static final class Recording implements ApiRequest.RowStream {
    private final ApiRequest.RowStream wide;
    private final java.util.function.Consumer<List<Object[]>> keep;
    private final int[] pos;
    private List<Object[]> rows = new ArrayList<>();

    Recording(
        ApiRequest.RowStream wide,
        java.util.function.Consumer<List<Object[]>> keep,
        int[] columns,
        int[] projects) {
      this.wide = wide;
      this.keep = keep;
      this.pos = positions(columns, projects);
    }

    @Override
    public Object[] next() throws OneStreamException {
      Object[] row = wide.next();
      if (row == null) {
        if (rows != null) {
          keep.accept(List.copyOf(rows));
          rows = null;
        }
        return null;
      }
      if (rows != null) {
        rows.add(row);
      }
      return project(row, pos);
    }

    @Override
    public void close() {
      rows = null;
      wide.close();
    }
  }
}
