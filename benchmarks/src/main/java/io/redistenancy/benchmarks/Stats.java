package io.redistenancy.benchmarks;

import java.util.Arrays;
import java.util.List;

/** Summary of a set of durations, in milliseconds. Percentiles by nearest rank: no interpolation. */
public final class Stats {
  private final double[] sortedMillis;

  private Stats(double[] sortedMillis) {
    if (sortedMillis.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    this.sortedMillis = sortedMillis;
  }

  public static Stats ofNanos(List<Long> nanos) {
    double[] ms = nanos.stream().mapToDouble(n -> n / 1_000_000.0).sorted().toArray();
    return new Stats(ms);
  }

  public int count() {
    return sortedMillis.length;
  }

  /** The smallest sample with at least {@code p} percent of the samples at or below it. */
  public double percentile(double p) {
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("percentile " + p + " is not in (0, 100]");
    }
    int rank = (int) Math.ceil(p / 100.0 * sortedMillis.length);
    return sortedMillis[Math.max(rank, 1) - 1];
  }

  public double p50() {
    return percentile(50);
  }

  public double p95() {
    return percentile(95);
  }

  public double min() {
    return sortedMillis[0];
  }

  public double max() {
    return sortedMillis[sortedMillis.length - 1];
  }

  public double mean() {
    return Arrays.stream(sortedMillis).average().orElseThrow();
  }
}
