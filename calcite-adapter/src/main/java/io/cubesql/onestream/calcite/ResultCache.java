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
 * asks for fewer columns is answered by a cached one that asked for more (descriptions included),
 * and one that names a base member is answered, filtered here, by a cached one without a filter on
 * that dimension (which holds every base member's cells). Only answers read to their end are kept,
 * never one a LIMIT or a close cut short. Every cache of this JVM is emptied when Data Management
 * work completes through the driver, since it changes the data.
 */
final class ResultCache {
  /** Every cache of this JVM, so that completed Data Management work can empty them all. */
  private static final Set<ResultCache> ALL = Collections.newSetFromMap(new WeakHashMap<>());

  /** What identifies an answer. */
  private record Key(String table, Map<Integer, String> values, List<Integer> columns) {}

  private final Cache<Key, List<Object[]>> cache;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  ResultCache(String spec, Ticker ticker) {
    this.cache = Caffeine.from(spec).ticker(ticker).recordStats().build();
    synchronized (ALL) {
      ALL.add(this);
    }
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
      Map<Integer, String> values,
      List<int[]> candidates,
      java.util.function.Function<int[], ApiRequest> wide,
      int[] projects,
      java.util.function.BiPredicate<Integer, String> coveredWithout) {
    int[] sent = candidates.get(0);
    ApiRequest request = wide.apply(sent);
    return ApiRequest.of(
        request.describe(),
        onCall -> {
          for (Map<Integer, String> narrower : wider(values, coveredWithout)) {
            // What the wider answer lacks a filter on is filtered here, on its rows.
            Map<Integer, String> dropped = new java.util.TreeMap<>(values);
            dropped.keySet().removeAll(narrower.keySet());
            for (int[] columns : candidates) {
              List<Object[]> rows = cache.getIfPresent(key(table, narrower, columns));
              if (rows != null && holds(columns, dropped.keySet())) {
                hits.incrementAndGet();
                return replay(rows, columns, projects, dropped);
              }
            }
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
   * The pushed values themselves, then each set of fewer values whose dropped ones a wider answer
   * covers ({@code coveredWithout}: a dimension without a filter is answered for its base members,
   * so a base member's rows are among them).
   */
  private static List<Map<Integer, String>> wider(
      Map<Integer, String> values, java.util.function.BiPredicate<Integer, String> coveredWithout) {
    List<Integer> droppable = new ArrayList<>();
    values.forEach(
        (k, v) -> {
          if (coveredWithout.test(k, v)) {
            droppable.add(k);
          }
        });
    List<Map<Integer, String>> out = new ArrayList<>();
    // Fewest dropped first: the narrowest cached answer that serves is the cheapest to filter.
    for (int n = 0; n <= droppable.size(); n++) {
      subsets(droppable, n, 0, new ArrayList<>(), values, out);
    }
    return out;
  }

  private static void subsets(
      List<Integer> droppable,
      int n,
      int from,
      List<Integer> chosen,
      Map<Integer, String> values,
      List<Map<Integer, String>> out) {
    if (chosen.size() == n) {
      Map<Integer, String> m = new java.util.TreeMap<>(values);
      chosen.forEach(m::remove);
      out.add(m);
      return;
    }
    for (int i = from; i < droppable.size(); i++) {
      chosen.add(droppable.get(i));
      subsets(droppable, n, i + 1, chosen, values, out);
      chosen.remove(chosen.size() - 1);
    }
  }

  private static boolean holds(int[] columns, Set<Integer> needed) {
    for (int c : needed) {
      if (Arrays.stream(columns).noneMatch(x -> x == c)) {
        return false;
      }
    }
    return true;
  }

  private static Key key(String table, Map<Integer, String> values, int[] columns) {
    return new Key(table, Map.copyOf(values), Arrays.stream(columns).boxed().toList());
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
      List<Object[]> rows, int[] columns, int[] projects, Map<Integer, String> filters) {
    int[] pos = positions(columns, projects);
    int[] filterColumns = filters.keySet().stream().mapToInt(Integer::intValue).toArray();
    int[] filterPos = positions(columns, filterColumns);
    String[] wanted = filters.values().toArray(new String[0]);
    return new ApiRequest.RowStream() {
      private int next;

      @Override
      public Object[] next() {
        while (next < rows.size()) {
          Object[] row = rows.get(next++);
          boolean keep = true;
          for (int i = 0; i < filterPos.length && keep; i++) {
            keep = wanted[i].equals(row[filterPos[i]]);
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
