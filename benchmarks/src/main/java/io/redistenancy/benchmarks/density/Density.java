package io.redistenancy.benchmarks.density;

import io.redistenancy.Backends;
import io.redistenancy.Deletion;
import io.redistenancy.Lifecycle;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenantState;
import io.redistenancy.TenantStatus;
import io.redistenancy.benchmarks.Flags;
import io.redistenancy.benchmarks.Leftovers;
import io.redistenancy.benchmarks.MemoryCheck;
import io.redistenancy.benchmarks.ProcessesUnder;
import io.redistenancy.benchmarks.TempDir;
import io.redistenancy.benchmarks.provision.ProcFs;
import io.redistenancy.benchmarks.provision.RawRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code benchmarks/run density [--tenants 1000] [--idle-seconds 30] [--low-hz 1] [--parallel 4]}: many
 * idle dedicated local tenants on one machine. Starts {@code tenants} raw redis-servers in parallel
 * (the floor), then as many tenants with parallel creates (default plan, DETACHED so a reopen adopts
 * them), a smaller group at a lower {@code hz}; measures their idle CPU and memory, the fleet status
 * call, a reopen of the home and the parallel deletes.
 */
public final class Density {
  /** Peak memory of one tenant or raw server, with its files: a few MB RSS each, counted generously. */
  private static final long MB_PER_INSTANCE = 8;
  private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(10);

  private Density() {}

  record Options(int tenants, int idleSeconds, int lowHz, int parallel) {
    static Options parse(String... args) {
      Map<String, Integer> values = new Flags(
          "density [--tenants 1000] [--idle-seconds 30] [--low-hz 1] [--parallel 4]")
          .flag("--tenants", 1000, 10, 5000).flag("--idle-seconds", 30, 5, 300).flag("--low-hz", 1, 1, 9)
          .flag("--parallel", 4, 1, 64).parse(args);
      return new Options(values.get("--tenants"), values.get("--idle-seconds"), values.get("--low-hz"),
          values.get("--parallel"));
    }

    /** The lower-hz group: a fifth of the tenants, enough for a per-tenant figure. */
    int lowHzTenants() {
      return Math.max(10, tenants / 5);
    }
  }

  /** CPU of a group of processes over the idle window, as percent of one core. */
  record IdleCpu(double defaultPlanPct, double lowHzPct) {}

  record Result(Options options, double rawSpawnAllSeconds, double createAllSeconds, IdleCpu idle,
      double pssMbPerTenant, double statusAllMs, long statusProblems, double reopenSeconds, double deleteAllSeconds,
      double loadBefore, double loadAfter) {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    MemoryCheck.require((options.tenants() + options.lowHzTenants()) * MB_PER_INSTANCE,
        "density with " + options.tenants() + " tenants", "--tenants " + Math.max(10, options.tenants() / 4));
    new DensityReport(run(options)).print(System.out);
  }

  static Result run(Options options) throws Exception {
    double loadBefore = ProcFs.loadAverage();
    double rawSeconds = rawSpawnAll(options);
    try (TempDir dir = TempDir.create("rtb-dense-");
        ProcessesUnder instances = Leftovers.closeOnShutdown(new ProcessesUnder(dir.path().toString()))) {
      Path home = dir.path().resolve("home");
      RedisTenancy tenancy = open(home);
      try {
        System.err.println("density: " + options.tenants() + " creates, " + options.parallel() + " at a time ...");
        double createSeconds = Parallel.timed(options.parallel(), options.tenants(),
            i -> tenancy.create("t" + i).apply());
        List<Long> defaultPids = instances.pids();
        Parallel.timed(options.parallel(), options.lowHzTenants(),
            i -> tenancy.create("low" + i).override(p -> p.hz(options.lowHz())).apply());
        List<Long> lowPids = instances.pids().stream().filter(pid -> !defaultPids.contains(pid)).toList();
        check(defaultPids.size() == options.tenants() && lowPids.size() == options.lowHzTenants(),
            "found " + defaultPids.size() + " + " + lowPids.size() + " redis-server processes under the home");
        System.err.println("density: idle for " + options.idleSeconds() + " s ...");
        IdleCpu idle = idleCpu(defaultPids, lowPids, options.idleSeconds());
        double pss = defaultPids.stream().mapToLong(ProcFs::pssKb).sum() / 1024.0 / defaultPids.size();

        long start = System.nanoTime();
        List<TenantStatus> statuses = tenancy.statuses(STATUS_TIMEOUT);
        double statusMs = (System.nanoTime() - start) / 1e6;
        check(statuses.size() == options.tenants() + options.lowHzTenants(), statuses.size() + " statuses");
        long problems = statuses.stream().filter(s -> s.state() != TenantState.RUNNING).count();

        close(tenancy); // DETACHED: the instances keep running
        start = System.nanoTime();
        RedisTenancy reopened = open(home);
        double reopenSeconds = (System.nanoTime() - start) / 1e9;
        try {
          Parallel.timed(options.parallel(), options.lowHzTenants(),
              i -> { reopened.tenant("low" + i).orElseThrow().delete(Deletion.PURGE); return null; });
          System.err.println("density: " + options.tenants() + " deletes ...");
          double deleteSeconds = Parallel.timed(options.parallel(), options.tenants(),
              i -> { reopened.tenant("t" + i).orElseThrow().delete(Deletion.PURGE); return null; });
          return new Result(options, rawSeconds, createSeconds, idle, pss, statusMs, problems, reopenSeconds,
              deleteSeconds, loadBefore, ProcFs.loadAverage());
        } finally {
          close(reopened);
        }
      } finally {
        close(tenancy);
      }
    }
  }

  /**
   * {@code tenants} raw redis-servers started in parallel, timed until the last answers; then stopped,
   * also every one already started when a start fails.
   */
  private static double rawSpawnAll(Options options) throws InterruptedException {
    System.err.println("density: " + options.tenants() + " raw redis-servers, " + options.parallel() + " at a time ...");
    List<RawRedis.Instance> started = new CopyOnWriteArrayList<>();
    try (RawRedis raw = Leftovers.closeOnShutdown(new RawRedis())) {
      long start = System.nanoTime();
      Parallel.map(options.parallel(), options.tenants(), i -> {
        RawRedis.Instance instance = raw.start();
        started.add(instance);
        return instance;
      });
      return (System.nanoTime() - start) / 1e9;
    } finally {
      Parallel.map(options.parallel(), started.size(), i -> {
        started.get(i).close();
        return null;
      });
    }
  }

  private static IdleCpu idleCpu(List<Long> defaultPids, List<Long> lowPids, int seconds) throws InterruptedException {
    long defaultBefore = ticks(defaultPids);
    long lowBefore = ticks(lowPids);
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    double elapsed = (System.nanoTime() - start) / 1e9;
    double perCore = ProcFs.TICKS_PER_SECOND * elapsed / 100.0; // ticks that are 1 % of one core
    return new IdleCpu((ticks(defaultPids) - defaultBefore) / perCore, (ticks(lowPids) - lowBefore) / perCore);
  }

  private static long ticks(List<Long> pids) {
    return pids.stream().mapToLong(ProcFs::cpuTicks).sum();
  }

  private static RedisTenancy open(Path home) {
    return Leftovers.closeOnShutdown(RedisTenancy.builder().home(home)
        .backend(Backends.local().lifecycle(Lifecycle.DETACHED)).build());
  }

  private static void close(RedisTenancy tenancy) {
    tenancy.close();
    Leftovers.forget(tenancy);
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("unexpected: " + what);
    }
  }
}
