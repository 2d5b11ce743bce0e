package io.redistenancy.benchmarks.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory figures of a process from Linux's /proc, in kB. */
public final class ProcFs {
  private ProcFs() {}

  /** Resident set size: counts shared pages (the binary, libc) in full for every process. */
  static long rssKb(long pid) {
    return field(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
  }

  /** Proportional set size: shared pages divided among the processes sharing them. */
  static long pssKb(long pid) {
    return field(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
  }

  /** The 1-minute load average: the benchmark reports it, since other work on the box skews timings. */
  public static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static long field(Path file, String name) {
    try {
      return Files.readAllLines(file).stream()
          .filter(l -> l.startsWith(name))
          .mapToLong(l -> Long.parseLong(l.substring(name.length()).replace("kB", "").trim()))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException(file + " has no " + name + " line"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + " (is the process gone?)", e);
    }
  }
}
