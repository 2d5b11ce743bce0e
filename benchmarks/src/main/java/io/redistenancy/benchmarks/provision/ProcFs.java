package io.redistenancy.benchmarks.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

/** Memory and CPU figures of processes from Linux's /proc (memory in kB, CPU in clock ticks). */
public final class ProcFs {
  private ProcFs() {}

  /** Resident set size: counts shared pages (the binary, libc) in full for every process. */
  static long rssKb(long pid) {
    return field(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
  }

  /** Proportional set size: shared pages divided among the processes sharing them. */
  public static long pssKb(long pid) {
    return field(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
  }

  /** User plus system CPU time of {@code pid} so far, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
  public static long cpuTicks(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String text = Files.readString(stat);
      String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" "); // from field 3, the state
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read " + stat + " (is the process gone?)", e);
    }
  }

  /** Clock ticks per second of {@link #cpuTicks} (USER_HZ: 100 on every Linux this runs on). */
  public static final int TICKS_PER_SECOND = 100;

  /**
   * Processes whose working directory or command line contains {@code fragment}, e.g. a unique
   * directory (redis-server rewrites its command line into its title, but runs in its data directory).
   */
  public static List<Long> pidsUnder(String fragment) {
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> workingDirectory(p).contains(fragment) || commandLine(p).contains(fragment))
          .map(p -> Long.parseLong(p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
  }

  private static String workingDirectory(Path procDir) {
    try {
      return Files.readSymbolicLink(procDir.resolve("cwd")).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return ""; // gone meanwhile, or not ours to read
    }
  }

  private static String commandLine(Path procDir) {
    try {
      return new String(Files.readAllBytes(procDir.resolve("cmdline")), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ""; // gone meanwhile, or not ours to read
    }
  }

  /** {@code MemAvailable} of /proc/meminfo, in MB: what can be used without swapping. */
  public static long memAvailableMb() {
    return field(Path.of("/proc/meminfo"), "MemAvailable:") / 1024;
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
