package io.redistenancy.benchmarks.density;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** {@code n} tasks on a fixed number of threads: the "in parallel" of every fleet figure. */
final class Parallel {
  private Parallel() {}

  /** Runs {@code task} for 0 to n-1; returns the results in order. The first failure stops the rest and is thrown. */
  static <T> List<T> map(int threads, int n, IntFunction<T> task) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "bench-parallel");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<T>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.apply(index)));
      }
      List<T> results = new ArrayList<>(n);
      for (Future<T> future : futures) {
        try {
          results.add(future.get());
        } catch (ExecutionException e) {
          futures.forEach(f -> f.cancel(true));
          throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** As {@link #map}; returns the seconds it took. */
  static double timed(int threads, int n, IntFunction<?> task) throws InterruptedException {
    long start = System.nanoTime();
    map(threads, n, task);
    return (System.nanoTime() - start) / 1e9;
  }
}
