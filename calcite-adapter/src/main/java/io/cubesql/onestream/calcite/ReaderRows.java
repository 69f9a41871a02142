package io.cubesql.onestream.calcite;

import io.cubesql.onestream.client.DataSetReader;
import io.cubesql.onestream.client.OneStreamException;
import java.util.List;
import java.util.Map;

/**
 * The rows of one answer, each made of the output columns {@code projects}: answer columns are
 * found by name once per set of columns seen (not per row), and values converted to the column's
 * type. Columns the adapter fills itself (a cube view's parameters) come from {@code fixed}.
 */
final class ReaderRows implements ApiRequest.RowStream {
  private final DataSetReader reader;
  private final List<Column> columns;
  private final int[] projects;
  private final Map<Integer, Object> fixed;
  private final int[] sourceIndex;
  private int seenColumns = -1;

  ReaderRows(
      DataSetReader reader, List<Column> columns, int[] projects, Map<Integer, Object> fixed) {
    this.reader = reader;
    this.columns = columns;
    this.projects = projects;
    this.fixed = fixed;
    this.sourceIndex = new int[projects.length];
  }

  @Override
  public Object[] next() throws OneStreamException {
    if (!reader.nextRow()) {
      return null;
    }
    List<String> seen = reader.columns();
    if (seen.size() != seenColumns) {
      map(seen);
    }
    Object[] row = new Object[projects.length];
    for (int i = 0; i < projects.length; i++) {
      int s = sourceIndex[i];
      if (s >= 0) {
        Column c = columns.get(projects[i]);
        row[i] = Values.convert(reader.get(s), c.type(), c.name());
      } else if (s == -2) {
        row[i] = fixed.get(projects[i]);
      }
    }
    return row;
  }

  /** Finds each output column among the answer's columns: exact name, else ignoring case. */
  private void map(List<String> seen) {
    seenColumns = seen.size();
    for (int i = 0; i < projects.length; i++) {
      if (fixed.containsKey(projects[i])) {
        sourceIndex[i] = -2;
        continue;
      }
      String source = columns.get(projects[i]).source();
      int found = source == null ? -1 : seen.indexOf(source);
      if (found < 0 && source != null) {
        for (int k = 0; k < seen.size(); k++) {
          if (seen.get(k).equalsIgnoreCase(source)) {
            found = k;
            break;
          }
        }
      }
      sourceIndex[i] = found;
    }
  }

  @Override
  public void close() {
    reader.close();
  }
}
