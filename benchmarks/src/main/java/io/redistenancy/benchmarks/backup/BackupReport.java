package io.redistenancy.benchmarks.backup;

import io.redistenancy.benchmarks.JsonLine;
import io.redistenancy.benchmarks.Stats;
import io.redistenancy.benchmarks.Table;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The backup benchmark's table and, last, its JSON line; figures are medians over the rounds. */
record BackupReport(BackupBenchmark.Options options, long keys, List<BackupBenchmark.Round> rounds, double[] load) {
  private static final double TARGET_RATIO_VS_RAW = 1.3;

  void print(PrintStream out) {
    Stats backup = BackupBenchmark.stats(rounds, BackupBenchmark.Round::backup);
    Stats raw = BackupBenchmark.stats(rounds, BackupBenchmark.Round::raw);
    Stats restore = BackupBenchmark.stats(rounds, BackupBenchmark.Round::restore);
    long size = rounds.get(rounds.size() - 1).size();
    double ratio = backup.p50() / raw.p50();
    boolean checkTool = onPath("redis-check-rdb");

    new Table(String.format(Locale.ROOT, "backup: %.0f MiB in %d keys (snapshot %d bytes), seconds over %d rounds; "
        + "%d cores, load average %.1f before, %.1f after", options.bytes() / 1048576.0, keys, size, rounds.size(),
        Runtime.getRuntime().availableProcessors(), load[0], load[1]),
        "", "median", "min", "max")
        .row("redis-tenancy backup + verify", seconds(backup.p50()), seconds(backup.min()), seconds(backup.max()))
        .row("raw BGSAVE + copy + fsync", seconds(raw.p50()), seconds(raw.min()), seconds(raw.max()))
        .row("redis-tenancy restore", seconds(restore.p50()), seconds(restore.min()), seconds(restore.max()))
        .print(out);
    out.println("  backup: tenant.backups().create(): snapshot over the replication protocol into the store, SHA-256"
        + " and CRC-64 on a second thread while it streams in, " + (checkTool ? "redis-check-rdb" : "no redis-check-rdb (not on the PATH)")
        + ", metadata written, published");
    out.println("  raw: BGSAVE on a plain redis-server with the same data, poll INFO until done, copy dump.rdb, fsync");
    out.println("  restore: tenant.backups().restore(backup): verify, set aside, install, start, key count check");
    out.printf(Locale.ROOT, "ratio_vs_raw %.2f  (target <= %.1f: %s)%n%n", ratio, TARGET_RATIO_VS_RAW,
        ratio <= TARGET_RATIO_VS_RAW ? "met" : "MISSED");
    out.println(new JsonLine()
        .put("benchmark", "backup")
        .put("bytes", size)
        .put("data_bytes", options.bytes())
        .put("keys", keys)
        .put("rounds", rounds.size())
        .put("backup_seconds", backup.p50() / 1000)
        .put("raw_seconds", raw.p50() / 1000)
        .put("ratio_vs_raw", ratio)
        .put("restore_seconds", restore.p50() / 1000)
        .put("redis_check_rdb", checkTool)
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("loadavg_before", load[0])
        .put("loadavg_after", load[1]));
  }

  private static String seconds(double millis) {
    return String.format(Locale.ROOT, "%.2f", millis / 1000);
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
  }
}
