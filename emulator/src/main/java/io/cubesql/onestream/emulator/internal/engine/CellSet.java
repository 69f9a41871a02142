package io.cubesql.onestream.emulator.internal.engine;

import io.cubesql.onestream.emulator.internal.model.Dim;
import io.cubesql.onestream.emulator.internal.model.Member;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells a {@link CellEngine} query found: one row per coordinate that has data, held in compact
 * columns (an index into the requested member list of each dimension, and the amount).
 */
public final class CellSet {
  private final List<Dim> dims;
  private final List<List<Member>> requested;
  private final int[][] columns;
  private final double[] values;
  private final int size;
  private Map<Long, Integer> byKey;

  CellSet(
      List<Dim> dims, List<List<Member>> requested, int[][] columns, double[] values, int size) {
    this.dims = dims;
    this.requested = requested;
    this.columns = columns;
    this.values = values;
    this.size = size;
  }

  public int size() {
    return size;
  }

  /** The member of {@code dim} at {@code row}. */
  public Member member(int row, Dim dim) {
    int d = dims.indexOf(dim);
    return requested.get(d).get(columns[d][row]);
  }

  public double value(int row) {
    return values[row];
  }

  /** The amount at a coordinate naming one requested member per dimension, or null if none. */
  public synchronized Double value(Map<Dim, Member> coordinate) {
    if (byKey == null) {
      byKey = new HashMap<>(size * 2);
      for (int r = 0; r < size; r++) {
        byKey.put(key(r), r);
      }
    }
    long key = 0;
    for (int d = 0; d < dims.size(); d++) {
      int idx = requested.get(d).indexOf(coordinate.get(dims.get(d)));
      if (idx < 0) {
        return null;
      }
      key = key * requested.get(d).size() + idx;
    }
    Integer row = byKey.get(key);
    return row == null ? null : values[row];
  }

  private long key(int row) {
    long key = 0;
    for (int d = 0; d < dims.size(); d++) {
      key = key * requested.get(d).size() + columns[d][row];
    }
    return key;
  }
}
