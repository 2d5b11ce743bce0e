package io.redistenancy.benchmarks.reconfigure;

import io.redistenancy.Access;
import io.redistenancy.Backends;
import io.redistenancy.Endpoint;
import io.redistenancy.Plans;
import io.redistenancy.ReconfigureReport;
import io.redistenancy.RedisTenancy;
import io.redistenancy.RollOutReport;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.benchmarks.Flags;
import io.redistenancy.benchmarks.JsonLine;
import io.redistenancy.benchmarks.Leftovers;
import io.redistenancy.benchmarks.Stats;
import io.redistenancy.benchmarks.Table;
import io.redistenancy.benchmarks.TempDir;
import io.redistenancy.benchmarks.provision.ProcFs;
import io.redistenancy.benchmarks.provision.RawRedis;
import io.redistenancy.internal.resp.RespConnection;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code benchmarks/run reconfigure [--n 30] [--warmup 3] [--rollout 100]}: live reconfiguration on the
 * local backend. {@code changePlan} between two plans that differ in four live settings, against the
 * floor of the same four {@code CONFIG SET}s on a fresh connection to a raw redis-server; an access
 * change PLAIN -> DUAL (certificate issued, listener moved); a roll-out of an edited plan to
 * {@code rollout} tenants. Every stop, start, restart or crash during the changes is counted: there
 * must be none.
 */
public final class ReconfigureBenchmark {
  /** A port range of its own (the tls benchmark has 47000-47999). */
  private static final int FIRST_PORT = 48000;
  private static final int LAST_PORT = 48399;
  private static final String BASIC = "maxmemory 16mb\nmaxmemory-policy noeviction\nmaxclients 100\ntimeout 0\n";
  private static final String PLUS = "maxmemory 32mb\nmaxmemory-policy allkeys-lru\nmaxclients 200\ntimeout 60\n";
  private static final Set<TenancyEvent.Type> RESTARTS = EnumSet.of(TenancyEvent.Type.STOPPED,
      TenancyEvent.Type.STARTED, TenancyEvent.Type.RESTARTED, TenancyEvent.Type.CRASHED);

  private ReconfigureBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, Integer> flags = new Flags("reconfigure [--n 30] [--warmup 3] [--rollout 100]")
        .flag("--n", 30, 1, 200).flag("--warmup", 3, 0, 50).flag("--rollout", 100, 1, 300).parse(args);
    AtomicInteger restarts = new AtomicInteger();
    try (TempDir home = TempDir.create("rtb-reconf-");
        RawRedis raw = Leftovers.closeOnShutdown(new RawRedis());
        RawRedis.Instance floor = Leftovers.closeOnShutdown(raw.start())) {
      Path plans = Files.createDirectories(home.path().resolve("plans"));
      Files.writeString(plans.resolve("basic.conf"), BASIC);
      Files.writeString(plans.resolve("plus.conf"), PLUS);
      Files.writeString(plans.resolve("web.conf"), BASIC);
      try (RedisTenancy tenancy = Leftovers.closeOnShutdown(RedisTenancy.builder().home(home.path().resolve("home"))
          .backend(Backends.local().tcpPorts(FIRST_PORT, LAST_PORT)).plans(Plans.directory(plans))
          .listener(e -> {
            if (RESTARTS.contains(e.type())) {
              restarts.incrementAndGet();
            }
          }).build())) {
        run(tenancy, plans, floor.socket(), flags, restarts, System.out);
      }
    }
  }

  private static void run(RedisTenancy tenancy, Path plans, Path rawSocket, Map<String, Integer> flags,
      AtomicInteger restarts, PrintStream out) throws Exception {
    int n = flags.get("--n");
    int warmup = flags.get("--warmup");
    double loadBefore = ProcFs.loadAverage();
    List<Tenant> tenants = new ArrayList<>();
    for (int i = 0; i < n + warmup; i++) {
      tenants.add(tenancy.create("t" + i).plan("basic").apply());
    }
    restarts.set(0);
    List<Long> changes = new ArrayList<>();
    List<Long> rawChanges = new ArrayList<>();
    List<Long> accessChanges = new ArrayList<>();
    int reportedRestarts = 0;
    for (int i = 0; i < tenants.size(); i++) {
      Tenant tenant = tenants.get(i);
      boolean measured = i >= warmup;
      for (String plan : List.of("plus", "basic")) {
        long start = System.nanoTime();
        ReconfigureReport report = tenant.changePlan(plan);
        long elapsed = System.nanoTime() - start;
        reportedRestarts += report.restarted() ? 1 : 0;
        long rawElapsed = rawConfigSet(rawSocket, plan.equals("plus"));
        if (measured) {
          changes.add(elapsed);
          rawChanges.add(rawElapsed);
        }
      }
      long start = System.nanoTime();
      ReconfigureReport dual = tenant.reconfigure().access(Access.DUAL).apply();
      long elapsed = System.nanoTime() - start;
      reportedRestarts += dual.restarted() ? 1 : 0;
      if (measured) {
        accessChanges.add(elapsed);
      }
      System.err.print(i == tenants.size() - 1 ? "\n" : ".");
    }
    tenants.forEach(t -> t.delete(io.redistenancy.Deletion.PURGE));

    int fleet = flags.get("--rollout");
    for (int i = 0; i < fleet; i++) {
      tenancy.create("w" + i).plan("web").apply();
    }
    Files.writeString(plans.resolve("web.conf"), PLUS);
    tenancy.reloadPlans();
    long start = System.nanoTime();
    RollOutReport rollOut = tenancy.rollOut("web", o -> {});
    double rollOutSeconds = (System.nanoTime() - start) / 1e9;
    if (!rollOut.isSuccess() || rollOut.changed().size() != fleet) {
      throw new IllegalStateException("the roll-out did not change every tenant: " + rollOut.failed());
    }
    report(n, warmup, fleet, Stats.ofNanos(changes), Stats.ofNanos(rawChanges), Stats.ofNanos(accessChanges),
        rollOutSeconds, restarts.get() + reportedRestarts, new double[] {loadBefore, ProcFs.loadAverage()}, out);
  }

  /** The floor: a fresh connection to a raw redis-server and the same four CONFIG SETs a changePlan sends. */
  private static long rawConfigSet(Path socket, boolean plus) throws IOException {
    long start = System.nanoTime();
    try (RespConnection conn = RespConnection.open(Endpoint.unixSocket(socket), Duration.ofSeconds(10))) {
      conn.call("CONFIG", "SET", "maxmemory", plus ? "33554432" : "16777216");
      conn.call("CONFIG", "SET", "maxmemory-policy", plus ? "allkeys-lru" : "noeviction");
      conn.call("CONFIG", "SET", "maxclients", plus ? "200" : "100");
      conn.call("CONFIG", "SET", "timeout", plus ? "60" : "0");
    }
    return System.nanoTime() - start;
  }

  private static void report(int n, int warmup, int fleet, Stats change, Stats raw, Stats access, double rollOutSeconds,
      int restarts, double[] load, PrintStream out) {
    Table table = new Table("Live reconfiguration on the local backend: " + n + " tenants, 2 plan changes each (after "
        + warmup + " warm-up tenants), ms", "measure", "p50", "p95", "min", "max", "mean");
    table.stats("changePlan (4 live settings)", change);
    table.stats("raw: 4 CONFIG SET, fresh connection", raw);
    table.stats("access PLAIN -> DUAL (certificate, listener)", access);
    table.print(out);
    double ratio = change.p50() / raw.p50();
    out.printf("changePlan p50 is %.1fx the raw CONFIG SETs (it also records the intent, renders the config and"
        + " saves the outcome durably).%nRoll-out of one plan to %d tenants: %.2f s. Restarts: %d. %d cores, load"
        + " average %.2f -> %.2f.%n", ratio, fleet, rollOutSeconds, restarts, Runtime.getRuntime().availableProcessors(),
        load[0], load[1]);
    out.println(new JsonLine()
        .put("benchmark", "reconfigure")
        .put("n", n)
        .put("change_plan_p50_ms", change.p50())
        .put("change_plan_p95_ms", change.p95())
        .put("raw_config_set_p50_ms", raw.p50())
        .put("ratio_vs_raw", ratio)
        .put("access_change_p50_ms", access.p50())
        .put("rollout_tenants", fleet)
        .put("rollout_100_seconds", rollOutSeconds)
        .put("restarts", restarts)
        .put("loadavg_before", load[0])
        .put("loadavg_after", load[1]));
  }
}
