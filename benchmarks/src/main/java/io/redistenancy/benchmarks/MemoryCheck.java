package io.redistenancy.benchmarks;

import io.redistenancy.benchmarks.provision.ProcFs;
import java.util.Locale;

/** Stops a benchmark before it starts when the machine lacks the memory it needs: a clear message, nothing left behind. */
public final class MemoryCheck {
  /** What the JVM, the build and the rest of the machine keep. */
  private static final long RESERVE_MB = 512;

  private MemoryCheck() {}

  /**
   * @param neededMb what the run will use at its peak
   * @param smaller the flag and value to suggest instead, e.g. {@code --tenants 300}
   * @throws IllegalStateException if {@code MemAvailable} is below {@code neededMb} plus a reserve
   */
  public static void require(long neededMb, String what, String smaller) {
    long available = ProcFs.memAvailableMb();
    if (available < neededMb + RESERVE_MB) {
      throw new IllegalStateException(String.format(Locale.ROOT, "not enough memory: %s needs about %d MB and %d MB"
          + " stay for the rest of the machine, but only %d MB are available (MemAvailable); nothing was started."
          + " Free memory or run a smaller one, e.g. %s", what, neededMb, RESERVE_MB, available, smaller));
    }
  }
}
