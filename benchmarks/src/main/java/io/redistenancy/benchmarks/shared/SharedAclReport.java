package io.redistenancy.benchmarks.shared;

import io.redistenancy.benchmarks.JsonLine;
import io.redistenancy.benchmarks.Table;
import java.io.PrintStream;
import java.util.Locale;

/** The shared-acl table and, last, its JSON line. */
record SharedAclReport(SharedAcl.Result result) {
  /** Target: a tenant's create costs at most this many raw ACL SETUSER + AUTH + SET round trips. */
  private static final double TARGET_RATIO_VS_RAW = 8.0;

  void print(PrintStream out) {
    SharedAcl.Options options = result.options();
    var s = result.firstCommand();
    var t = result.firstCommandTmpfsHome();
    var r = result.raw();
    double ratio = s.p50() / r.p50();
    new Table(String.format(Locale.ROOT,
        "shared-acl: tenants as ACL users on one real redis-server (aclfile, loopback TCP); %d cores, load average "
            + "%.1f before, %.1f after", Runtime.getRuntime().availableProcessors(), result.loadBefore(),
        result.loadAfter()), "measure", "p50", "p95", "min", "max", "mean")
        .row("create -> first authenticated command, ms (n=" + options.n() + " after " + options.warmup() + ")",
            fixed(s.p50()), fixed(s.p95()), fixed(s.min()), fixed(s.max()), fixed(s.mean()))
        .row("raw ACL SETUSER + AUTH + SET (baseline, same server, after each sample)", fixed(r.p50()), fixed(r.p95()),
            fixed(r.min()), fixed(r.max()), fixed(r.mean()))
        .row("the same, home on tmpfs (diagnostic)", fixed(t.p50()), fixed(t.p95()), fixed(t.min()), fixed(t.max()),
            fixed(t.mean()))
        .print(out);
    out.println("  one sample: tenancy.create(name).apply() on Backends.sharedServers(), then a fresh TCP connection,"
        + " AUTH as the tenant and SET NAME:k");
    out.println("  raw row: ACL SETUSER (prefix, password, six commands) on a pooled admin connection, then a fresh TCP"
        + " connection, AUTH and SET: what a tenant user costs without the library; the target is the ratio to it");
    out.println("  tmpfs row: the home in /dev/shm, where fsync costs nothing; the gap to the first row is the share of"
        + " the tenancy's durable state writes");
    out.println();
    out.printf(Locale.ROOT, "p50 %.2f ms = %.2f x the raw baseline's %.2f ms (target ratio <= %.1f: %s)%n", s.p50(),
        ratio, r.p50(), TARGET_RATIO_VS_RAW, ratio <= TARGET_RATIO_VS_RAW ? "met" : "MISSED");
    out.printf(Locale.ROOT, "%d more tenants on the same server, one after another: %.1f s (%.2f ms each)%n",
        options.total(), result.totalSeconds(), result.totalSeconds() * 1000 / options.total());
    out.printf(Locale.ROOT, "server used_memory per tenant (ACL user + registry entry, no keys): %d bytes%n",
        result.bytesPerTenant());
    out.printf(Locale.ROOT, "aclfile per tenant: %d bytes%n", result.aclFileBytesPerTenant());
    out.println();
    out.println(new JsonLine()
        .put("benchmark", "shared-acl")
        .put("n", options.n())
        .put("warmup", options.warmup())
        .put("p50_ms", s.p50()).put("p95_ms", s.p95())
        .put("raw_p50_ms", r.p50()).put("ratio_vs_raw", ratio)
        .put("tmpfs_home_p50_ms", t.p50()).put("tmpfs_home_p95_ms", t.p95())
        .put("total_tenants", options.total())
        .put("tenants_10k_seconds", result.totalSeconds())
        .put("server_bytes_per_tenant", result.bytesPerTenant())
        .put("aclfile_bytes_per_tenant", result.aclFileBytesPerTenant())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("loadavg_before", result.loadBefore())
        .put("loadavg_after", result.loadAfter()));
  }

  private static String fixed(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
