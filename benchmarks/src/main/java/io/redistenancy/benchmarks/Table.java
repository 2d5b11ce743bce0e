package io.redistenancy.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a title, a header row, rows; columns sized to their widest cell. */
public final class Table {
  private final String title;
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String title, String... header) {
    this.title = title;
    this.header = List.of(header);
  }

  public Table row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, header has " + header.size());
    }
    rows.add(java.util.Arrays.stream(cells).map(String::valueOf).toList());
    return this;
  }

  /** A row of {@code label}, then p50, p95, min, max and mean of {@code stats} (for a header to match). */
  public Table stats(String label, Stats stats) {
    return row(label, fixed(stats.p50()), fixed(stats.p95()), fixed(stats.min()), fixed(stats.max()),
        fixed(stats.mean()));
  }

  /** Milliseconds with one decimal. */
  public static String fixed(double value) {
    return String.format(java.util.Locale.ROOT, "%.1f", value);
  }

  public void print(PrintStream out) {
    int[] widths = new int[header.size()];
    for (List<String> row : allRows()) {
      for (int c = 0; c < row.size(); c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    out.println(title);
    for (List<String> row : allRows()) {
      StringBuilder line = new StringBuilder(" ");
      for (int c = 0; c < row.size(); c++) {
        // first column (names) left-aligned, figures right-aligned
        String cell = row.get(c);
        String pad = " ".repeat(widths[c] - cell.length());
        line.append(' ').append(c == 0 ? cell + pad : pad + cell).append(' ');
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private List<List<String>> allRows() {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    return all;
  }
}
