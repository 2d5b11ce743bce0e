package io.redistenancy.benchmarks.provision;

import io.redistenancy.benchmarks.JsonLine;
import io.redistenancy.benchmarks.Stats;
import io.redistenancy.benchmarks.Table;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** The provision-local tables and, last, its JSON line. */
record ProvisionReport(ProvisionLocal.Options options, ProvisionLocal.Contenders contenders,
    Map<Contender, Stats> latency, double[] load, IdleMemory.Result idle) {
  private static final double TARGET_RATIO_VS_RAW = 1.5;
  private static final double TARGET_SPEEDUP_VS_EMBEDDED = 3.0;

  void print(PrintStream out) {
    Stats lib = latency.get(contenders.lib());
    Stats raw = latency.get(contenders.raw());
    Stats emb = latency.get(contenders.embedded());
    Stats shm = latency.get(contenders.libOnTmpfs());
    double ratio = lib.p50() / raw.p50();
    double speedup = emb.p50() / lib.p50();

    latencyTable().print(out);
    contenders.all().forEach(c -> out.println("  " + c.name() + ": " + c.measures()));
    out.println();
    out.printf(Locale.ROOT, "ratio_vs_raw              %.2f  (target <= %.1f: %s)%n", ratio, TARGET_RATIO_VS_RAW,
        ratio <= TARGET_RATIO_VS_RAW ? "met" : "MISSED");
    out.printf(Locale.ROOT, "speedup_vs_embedded_redis %.2f  (target >= %.1f: %s)%n", speedup,
        TARGET_SPEEDUP_VS_EMBEDDED, speedup >= TARGET_SPEEDUP_VS_EMBEDDED ? "met" : "MISSED");
    out.println();
    memoryTable().print(out);
    out.printf(Locale.ROOT, "  other processes under the JVM while %d tenants ran: %d, %.1f MB RSS in all%n",
        idle.tenants(), idle.helperProcesses(), idle.helperRssMb());
    out.printf(Locale.ROOT, "  create -> PING while those tenants accumulated (0..%d already running): p50 %s, "
        + "p95 %s ms%n", idle.tenants() - 1, fixed(idle.creates().p50()), fixed(idle.creates().p95()));
    out.println();

    out.println(new JsonLine()
        .put("benchmark", "provision-local")
        .put("n", options.n())
        .put("warmup", options.warmup())
        .put("p50_ms", lib.p50()).put("p95_ms", lib.p95())
        .put("raw_p50_ms", raw.p50()).put("raw_p95_ms", raw.p95())
        .put("embedded_redis_p50_ms", emb.p50()).put("embedded_redis_p95_ms", emb.p95())
        .put("ratio_vs_raw", ratio)
        .put("speedup_vs_embedded_redis", speedup)
        .put("tmpfs_home_p50_ms", shm.p50()).put("tmpfs_home_p95_ms", shm.p95())
        .put("idle_tenants", idle.tenants())
        .put("idle_rss_mb_per_tenant", idle.rssMb())
        .put("idle_pss_mb_per_tenant", idle.pssMb())
        .put("raw_idle_rss_mb", idle.rawRssMb())
        .put("accumulating_p50_ms", idle.creates().p50())
        .put("accumulating_p95_ms", idle.creates().p95())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("loadavg_before", load[0])
        .put("loadavg_after", load[1]));
  }

  private Table latencyTable() {
    Table table = new Table(String.format(Locale.ROOT,
        "provision-local: start -> first PONG, ms; %d cores, load average %.1f before, %.1f after%n"
            + "n=%d per contender after %d warm-up rounds, interleaved round-robin (the order rotates every round),"
            + " one instance at a time", Runtime.getRuntime().availableProcessors(), load[0], load[1], options.n(),
        options.warmup()),
        "contender", "p50", "p95", "min", "max", "mean");
    for (Contender c : contenders.all()) {
      Stats s = latency.get(c);
      table.row(c.name(), fixed(s.p50()), fixed(s.p95()), fixed(s.min()), fixed(s.max()), fixed(s.mean()));
    }
    return table;
  }

  private Table memoryTable() {
    return new Table(String.format(Locale.ROOT, "Idle memory: %d idle processes each, measured 1 s after the last "
        + "start (RSS counts shared pages in full, PSS divides them), MB per process.", idle.tenants()),
        "", "RSS", "PSS")
        .row("redis-tenancy tenant", fixed(idle.rssMb()), fixed(idle.pssMb()))
        .row("raw redis-server", fixed(idle.rawRssMb()), fixed(idle.rawPssMb()));
  }

  private static String fixed(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
