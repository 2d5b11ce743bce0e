package io.redistenancy.benchmarks.shared;

import io.redistenancy.RedisTenancy;
import io.redistenancy.benchmarks.Flags;
import io.redistenancy.benchmarks.JsonLine;
import io.redistenancy.benchmarks.Leftovers;
import io.redistenancy.benchmarks.MemoryCheck;
import io.redistenancy.benchmarks.Stats;
import io.redistenancy.benchmarks.Table;
import io.redistenancy.benchmarks.TempDir;
import io.redistenancy.benchmarks.provision.ProcFs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code benchmarks/run shared-scale [--tenants 100000] [--window 1000]}: one real shared redis-server
 * filled with {@code tenants} tenants, one create after another, each timed. Whether a create grows
 * with N (the p50 of the first {@code window} creates against the last {@code window}), what a tenant
 * costs the server and its aclfile, what one {@code ACL SAVE} costs at that size, and how long a
 * tenancy takes to reopen on the home.
 */
public final class SharedScale {
  /** Server memory, aclfile, state files and the JVM's records per tenant, counted generously. */
  private static final long KB_PER_TENANT = 12;
  private static final double TARGET_GROWTH = 1.2;
  private static final double TARGET_REOPEN_SECONDS = 5;

  private SharedScale() {}

  record Options(int tenants, int window) {
    static Options parse(String... args) {
      var values = new Flags("shared-scale [--tenants 100000] [--window 1000]")
          .flag("--tenants", 100_000, 100, 1_000_000).flag("--window", 1000, 10, 100_000).parse(args);
      if (values.get("--window") * 2 > values.get("--tenants")) {
        throw new IllegalArgumentException("--window " + values.get("--window") + " must be at most half of --tenants "
            + values.get("--tenants"));
      }
      return new Options(values.get("--tenants"), values.get("--window"));
    }
  }

  record Result(Options options, Stats first, Stats last, double totalSeconds, long serverBytesPerTenant,
      long aclFileBytesPerTenant, double aclSaveMs, double reopenSeconds, double loadBefore, double loadAfter) {}

  public static void main(String[] args) throws IOException {
    Options options = Options.parse(args);
    MemoryCheck.require(options.tenants() * KB_PER_TENANT / 1024, "shared-scale with " + options.tenants()
        + " tenants", "--tenants " + Math.max(100, options.tenants() / 4));
    print(run(options), System.out);
  }

  static Result run(Options options) throws IOException {
    try (TempDir dir = TempDir.create("rtb-scale-");
        SharedServerProcess server = Leftovers.closeOnShutdown(new SharedServerProcess())) {
      double loadBefore = ProcFs.loadAverage();
      Path home = dir.path().resolve("home");
      RedisTenancy tenancy = SharedAcl.open(home, server);
      List<Long> first = new ArrayList<>();
      List<Long> last = new ArrayList<>();
      long memoryBefore = server.usedMemory();
      long start = System.nanoTime();
      try {
        for (int i = 0; i < options.tenants(); i++) {
          long created = System.nanoTime();
          tenancy.create("t" + i).apply();
          long nanos = System.nanoTime() - created;
          if (i < options.window()) {
            first.add(nanos);
          } else if (i >= options.tenants() - options.window()) {
            last.add(nanos);
          }
          if ((i + 1) % Math.max(1, options.tenants() / 20) == 0) {
            System.err.printf(Locale.ROOT, "shared-scale: %d tenants, %.0f s%n", i + 1, (System.nanoTime() - start) / 1e9);
          }
        }
      } finally {
        SharedAcl.close(tenancy); // saves the pending ACL changes
      }
      double totalSeconds = (System.nanoTime() - start) / 1e9;
      long serverBytes = (server.usedMemory() - memoryBefore) / options.tenants();
      long aclBytes = Files.size(server.aclFile()) / options.tenants();
      double saveMs = aclSaveMs(server);
      start = System.nanoTime();
      SharedAcl.close(SharedAcl.open(home, server));
      double reopenSeconds = (System.nanoTime() - start) / 1e9;
      return new Result(options, Stats.ofNanos(first), Stats.ofNanos(last), totalSeconds, serverBytes, aclBytes, saveMs,
          reopenSeconds, loadBefore, ProcFs.loadAverage());
    }
  }

  /** The median of three {@code ACL SAVE}s of the full server, ms. */
  private static double aclSaveMs(SharedServerProcess server) throws IOException {
    List<Long> nanos = new ArrayList<>();
    try (RespLine admin = server.admin()) {
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        admin.command("ACL", "SAVE");
        nanos.add(System.nanoTime() - start);
      }
    }
    return Stats.ofNanos(nanos).p50();
  }

  static void print(Result r, PrintStream out) {
    Options o = r.options();
    double growth = r.last().p50() / r.first().p50();
    new Table(String.format(Locale.ROOT, "shared-scale: %d tenants on one real redis-server, one create after another;"
        + " %d cores, load average %.1f before, %.1f after", o.tenants(), Runtime.getRuntime().availableProcessors(),
        r.loadBefore(), r.loadAfter()), "measure", "p50", "p95", "max")
        .row("create, first " + o.window() + " tenants, ms", fixed(r.first().p50()), fixed(r.first().p95()),
            fixed(r.first().max()))
        .row("create, last " + o.window() + " tenants, ms", fixed(r.last().p50()), fixed(r.last().p95()),
            fixed(r.last().max()))
        .print(out);
    out.printf(Locale.ROOT, "growth (last p50 / first p50): %.2f (target <= %.1f: %s)%n", growth, TARGET_GROWTH,
        growth <= TARGET_GROWTH ? "met" : "MISSED");
    out.printf(Locale.ROOT, "all %d creates: %.1f s; server used_memory per tenant %d bytes; aclfile per tenant %d bytes%n",
        o.tenants(), r.totalSeconds(), r.serverBytesPerTenant(), r.aclFileBytesPerTenant());
    out.printf(Locale.ROOT, "one ACL SAVE of the full server: %.1f ms (coalesced in the background, never on a create)%n",
        r.aclSaveMs());
    out.printf(Locale.ROOT, "reopen of the home: %.2f s (target <= %.0f: %s)%n", r.reopenSeconds(), TARGET_REOPEN_SECONDS,
        r.reopenSeconds() <= TARGET_REOPEN_SECONDS ? "met" : "MISSED");
    out.println();
    out.println(new JsonLine()
        .put("benchmark", "shared-scale")
        .put("tenants", o.tenants())
        .put("window", o.window())
        .put("p50_at_1k_ms", r.first().p50())
        .put("p50_at_100k_ms", r.last().p50())
        .put("growth_ratio", growth)
        .put("create_all_seconds", r.totalSeconds())
        .put("server_bytes_per_tenant", r.serverBytesPerTenant())
        .put("aclfile_bytes_per_tenant", r.aclFileBytesPerTenant())
        .put("acl_save_ms", r.aclSaveMs())
        .put("reopen_seconds", r.reopenSeconds())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("loadavg_before", r.loadBefore())
        .put("loadavg_after", r.loadAfter()));
  }

  private static String fixed(double value) {
    return Table.fixed(value);
  }
}
