package io.cubesql.onestream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run: each benchmark JVM appends its rows to one tab-separated file, and {@link
 * #printTable} prints them at the end as the run's one table. A row is a figure with an optional
 * goal ({@code <=} or {@code >=} a number); a sample is one of several measurements of the same
 * thing in separate JVMs (the first query), printed as their median with the range.
 */
final class Results {
  private final Path file;

  Results(Path file) {
    this.file = file;
  }

  /** A figure without a goal. */
  void row(String section, String measure, double value, String unit, String note) {
    append("row", section, measure, value, unit, "", note);
  }

  /** A figure and its goal, such as {@code "<= 1.25"}. */
  void goal(String section, String measure, double value, String unit, String goal, String note) {
    append("row", section, measure, value, unit, goal, note);
  }

  /** One measurement of a figure measured in several JVMs. */
  void sample(String section, String measure, double value, String unit, String goal) {
    append("sample", section, measure, value, unit, goal, "");
  }

  private void append(
      String kind,
      String section,
      String measure,
      double value,
      String unit,
      String goal,
      String note) {
    String line =
        String.join(
                "\t",
                kind,
                section,
                measure,
                Double.toString(value),
                unit,
                goal,
                note.replace('\t', ' '))
            + "\n";
    System.out.printf(Locale.ROOT, "  %s | %s: %s %s%n", section, measure, format(value), unit);
    try {
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write the results to " + file, e);
    }
  }

  /** Prints every row of {@code file} as one aligned table, samples folded into their median. */
  static void printTable(Path file) throws IOException {
    Map<String, List<String[]>> samples = new LinkedHashMap<>();
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] f = line.split("\t", -1);
      if (f[0].equals("sample")) {
        String key = f[1] + "\t" + f[2];
        if (!samples.containsKey(key)) {
          samples.put(key, new ArrayList<>());
          rows.add(new String[] {"median", f[1], f[2]});
        }
        samples.get(key).add(f);
      } else {
        rows.add(f);
      }
    }
    List<String[]> table = new ArrayList<>();
    table.add(new String[] {"Section", "Measure", "Value", "Goal", "Met", "Note"});
    for (String[] f : rows) {
      double value;
      String unit;
      String goal;
      String note;
      if (f[0].equals("median")) {
        List<String[]> s = samples.get(f[1] + "\t" + f[2]);
        double[] v = s.stream().mapToDouble(x -> Double.parseDouble(x[3])).sorted().toArray();
        value = v[v.length / 2];
        unit = s.get(0)[4];
        goal = s.get(0)[5];
        note =
            String.format(
                Locale.ROOT,
                "median of %d (%s to %s)",
                v.length,
                format(v[0]),
                format(v[v.length - 1]));
      } else {
        value = Double.parseDouble(f[3]);
        unit = f[4];
        goal = f[5];
        note = f[6];
      }
      table.add(
          new String[] {
            f[1],
            f[2],
            format(value) + (unit.isEmpty() ? "" : " " + unit),
            goal,
            met(value, goal),
            note
          });
    }
    int[] width = new int[6];
    for (String[] r : table) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int n = 0; n < table.size(); n++) {
      String[] r = table.get(n);
      for (int i = 0; i < r.length; i++) {
        out.append(i == 0 ? "| " : " | ").append(pad(r[i], i == 5 ? 0 : width[i]));
      }
      out.append(n == 0 ? "\n" : "\n");
      if (n == 0) {
        for (int i = 0; i < r.length; i++) {
          out.append(i == 0 ? "|-" : "-|-").append("-".repeat(i == 5 ? 4 : width[i]));
        }
        out.append("\n");
      }
    }
    System.out.print(out);
  }

  private static String met(double value, String goal) {
    if (goal.isEmpty()) {
      return "";
    }
    String[] g = goal.split(" ");
    double limit = Double.parseDouble(g[1]);
    boolean ok = g[0].equals("<=") ? value <= limit : value >= limit;
    return ok ? "yes" : "NO";
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : "%.2f", v);
  }
}
