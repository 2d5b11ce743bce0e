package io.redistenancy.benchmarks.provision;

import io.redistenancy.RedisTenancy;
import io.redistenancy.benchmarks.Flags;
import io.redistenancy.benchmarks.Leftovers;
import io.redistenancy.benchmarks.Stats;
import io.redistenancy.benchmarks.TempDir;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code benchmarks/run provision-local [--n 50] [--warmup 5] [--idle 100]}: create to first PING on
 * the local backend, side by side with a raw redis-server spawn and embedded-redis, plus the idle
 * memory of a tenant.
 */
public final class ProvisionLocal {
  /** tmpfs: a second tenancy lives here to show what the durable writes cost. */
  private static final Path SHM = Path.of("/dev/shm");

  private ProvisionLocal() {}

  /** @param n measured rounds, @param warmup discarded rounds first, @param idle tenants for memory */
  record Options(int n, int warmup, int idle) {
    static Options parse(String... args) {
      Map<String, Integer> values = new Flags("provision-local [--n 50] [--warmup 5] [--idle 100]")
          .flag("--n", 50, 1, 1000).flag("--warmup", 5, 0, 1000).flag("--idle", 100, 1, 1000).parse(args);
      return new Options(values.get("--n"), values.get("--warmup"), values.get("--idle"));
    }
  }

  public static void main(String[] args) throws Exception {
    run(Options.parse(args), System.out);
  }

  /** Who runs, by role; {@link #all()} in table order. */
  record Contenders(Contender lib, Contender raw, Contender embedded, Contender libOnTmpfs) {
    List<Contender> all() {
      return List.of(lib, raw, embedded, libOnTmpfs);
    }
  }

  static void run(Options options, PrintStream out) throws Exception {
    try (TempDir home = TempDir.create("rtb-");
        TempDir shmHome = TempDir.create(SHM, "rtb-");
        RedisTenancy tenancy = open(home);
        RedisTenancy shmTenancy = open(shmHome);
        RawRedis raw = new RawRedis();
        EmbeddedRedis embedded = new EmbeddedRedis()) {
      TenancyCreate lib = new TenancyCreate(tenancy, "redis-tenancy",
          "tenancy.create(name).apply() on Backends.local(), default plan, home in /tmp (blocks until an "
              + "authenticated PING answers)");
      TenancyCreate libOnShm = new TenancyCreate(shmTenancy, "redis-tenancy, home on tmpfs",
          "the same with the home in /dev/shm, where fsync costs nothing: diagnostic, the gap to the row "
              + "above is the durable writes' share");
      Contenders contenders = new Contenders(lib, raw, embedded, libOnShm);
      double loadBefore = ProcFs.loadAverage();
      Map<Contender, Stats> latency = interleaved(contenders.all(), options.n(), options.warmup());
      double loadAfter = ProcFs.loadAverage();
      IdleMemory.Result idle = IdleMemory.measure(tenancy, raw, options.idle());
      new ProvisionReport(options, contenders, latency, new double[] {loadBefore, loadAfter}, idle).print(out);
    }
  }

  private static RedisTenancy open(TempDir home) {
    return Leftovers.closeOnShutdown(RedisTenancy.builder().home(home.path().resolve("home")).build());
  }

  /**
   * Round-robin, one start per contender per round, rotating who goes first, so that drift (page
   * cache, CPU frequency, JIT) hits all alike. The first {@code warmup} rounds are discarded.
   */
  static Map<Contender, Stats> interleaved(List<Contender> contenders, int n, int warmup) throws Exception {
    Map<Contender, List<Long>> samples = new LinkedHashMap<>();
    contenders.forEach(c -> samples.put(c, new ArrayList<>()));
    for (int round = -warmup; round < n; round++) {
      for (int k = 0; k < contenders.size(); k++) {
        Contender c = contenders.get(Math.floorMod(round + k, contenders.size()));
        long nanos = c.startToPingNanos();
        if (round >= 0) {
          samples.get(c).add(nanos);
        }
      }
      System.err.print(round == n - 1 ? "\n" : ".");
    }
    Map<Contender, Stats> stats = new LinkedHashMap<>();
    samples.forEach((c, s) -> stats.put(c, Stats.ofNanos(s)));
    return stats;
  }
}
