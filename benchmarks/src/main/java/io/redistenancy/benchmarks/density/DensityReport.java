package io.redistenancy.benchmarks.density;

import io.redistenancy.benchmarks.JsonLine;
import io.redistenancy.benchmarks.Table;
import java.io.PrintStream;
import java.util.Locale;

/** The density table, the targets it checks and, last, its JSON line. */
record DensityReport(Density.Result result) {
  /** Targets of issue 17: each a ratio or a bound that does not move with the machine's spawn speed. */
  private static final double TARGET_IDLE_PCT_PER_1000 = 25;
  private static final double TARGET_CREATE_VS_RAW = 2;
  private static final double TARGET_STATUS_ALL_MS_PER_1000 = 1000;
  private static final double TARGET_REOPEN_SECONDS = 5;

  void print(PrintStream out) {
    Density.Options o = result.options();
    int n = o.tenants();
    double idlePer1000 = result.idle().defaultPlanPct() * 1000 / n;
    double lowPer1000 = result.idle().lowHzPct() * 1000 / o.lowHzTenants();
    double createRatio = result.createAllSeconds() / result.rawSpawnAllSeconds();
    double deleteRatio = result.deleteAllSeconds() / result.rawSpawnAllSeconds();
    new Table(String.format(Locale.ROOT, "density: %d idle local tenants (default plan, DETACHED), %d at a time; %d"
        + " cores, load average %.1f before, %.1f after", n, o.parallel(), Runtime.getRuntime().availableProcessors(),
        result.loadBefore(), result.loadAfter()), "measure", "value", "target")
        .row("raw redis-servers started in parallel (until the last PONG), s",
            fixed(result.rawSpawnAllSeconds()), "baseline")
        .row("tenants created in parallel, s", fixed(result.createAllSeconds()),
            target(createRatio, TARGET_CREATE_VS_RAW, "x raw"))
        .row("tenants deleted in parallel (PURGE), s", fixed(result.deleteAllSeconds()),
            target(deleteRatio, TARGET_CREATE_VS_RAW, "x raw"))
        .row("idle CPU of all tenants' redis-servers over " + o.idleSeconds() + " s, % of one core",
            fixed(result.idle().defaultPlanPct()), target(idlePer1000, TARGET_IDLE_PCT_PER_1000, "% per 1000"))
        .row("the same per 1000 tenants at hz " + o.lowHz() + " (" + o.lowHzTenants() + " tenants measured alongside)",
            fixed(lowPer1000), "information")
        .row("PSS per tenant's redis-server, MB", fixed(result.pssMbPerTenant()), "information")
        .row("tenancy.statuses() of every tenant, ms (" + result.statusProblems() + " not RUNNING)",
            fixed(result.statusAllMs()),
            target(result.statusAllMs() * 1000 / (n + o.lowHzTenants()), TARGET_STATUS_ALL_MS_PER_1000, "ms per 1000"))
        .row("reopen: RedisTenancy build() on the home (adopting every instance), s", fixed(result.reopenSeconds()),
            target(result.reopenSeconds(), TARGET_REOPEN_SECONDS, "s"))
        .print(out);
    out.println();
    out.println(new JsonLine()
        .put("benchmark", "density")
        .put("tenants", n)
        .put("parallel", o.parallel())
        .put("idle_cpu_pct_of_core", result.idle().defaultPlanPct())
        .put("idle_cpu_pct_of_core_per_1000", idlePer1000)
        .put("low_hz", o.lowHz())
        .put("low_hz_idle_cpu_pct_of_core_per_1000", lowPer1000)
        .put("pss_mb_per_tenant", result.pssMbPerTenant())
        .put("status_all_ms", result.statusAllMs())
        .put("status_not_running", result.statusProblems())
        .put("create_all_seconds", result.createAllSeconds())
        .put("raw_spawn_all_seconds", result.rawSpawnAllSeconds())
        .put("create_ratio_vs_raw", createRatio)
        .put("delete_all_seconds", result.deleteAllSeconds())
        .put("delete_ratio_vs_raw", deleteRatio)
        .put("reopen_seconds", result.reopenSeconds())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("loadavg_before", result.loadBefore())
        .put("loadavg_after", result.loadAfter()));
  }

  private static String target(double value, double bound, String unit) {
    return String.format(Locale.ROOT, "%.2f %s <= %s: %s", value, unit, fixed(bound), value <= bound ? "met" : "MISSED");
  }

  private static String fixed(double value) {
    return Table.fixed(value);
  }
}
