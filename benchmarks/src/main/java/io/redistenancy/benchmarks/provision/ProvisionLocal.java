package io.redistenancy.benchmarks.provision;

import io.redistenancy.RedisTenancy;
import io.redistenancy.benchmarks.JsonLine;
import io.redistenancy.benchmarks.Leftovers;
import io.redistenancy.benchmarks.Stats;
import io.redistenancy.benchmarks.Table;
import io.redistenancy.benchmarks.TempDir;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code benchmarks/run provision-local [--n 50] [--warmup 5] [--idle 100]}: create to first PING on
 * the local backend, side by side with a raw redis-server spawn and embedded-redis, plus the idle
 * memory of a tenant.
 */
public final class ProvisionLocal {
  private static final double TARGET_RATIO_VS_RAW = 1.5;
  private static final double TARGET_SPEEDUP_VS_EMBEDDED = 3.0;

  private ProvisionLocal() {}

  /** @param n measured rounds, @param warmup discarded rounds first, @param idle tenants for memory */
  record Options(int n, int warmup, int idle) {
    static Options parse(String... args) {
      Map<String, Integer> values = new LinkedHashMap<>(Map.of("--n", 50, "--warmup", 5, "--idle", 100));
      for (int i = 0; i < args.length; i += 2) {
        if (!values.containsKey(args[i]) || i + 1 == args.length) {
          throw new IllegalArgumentException("usage: provision-local [--n 50] [--warmup 5] [--idle 100]; got '"
              + String.join(" ", args) + "'");
        }
        int value;
        try {
          value = Integer.parseInt(args[i + 1]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(args[i] + " needs a whole number; got '" + args[i + 1] + "'");
        }
        if (value < (args[i].equals("--warmup") ? 0 : 1) || value > 1000) {
          throw new IllegalArgumentException(args[i] + " " + value + " is out of range (up to 1000)");
        }
        values.put(args[i], value);
      }
      return new Options(values.get("--n"), values.get("--warmup"), values.get("--idle"));
    }
  }

  public static void main(String[] args) {
    Options options = Options.parse(args);
    try {
      run(options, System.out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception e) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  static void run(Options options, PrintStream out) throws Exception {
    try (TempDir home = TempDir.create("rtb-");
        RedisTenancy tenancy = Leftovers.closeOnShutdown(
            RedisTenancy.builder().home(home.path().resolve("home")).build());
        RawRedis raw = new RawRedis();
        EmbeddedRedis embedded = new EmbeddedRedis()) {
      List<Contender> contenders = List.of(new TenancyCreate(tenancy), raw, embedded);
      double loadBefore = ProcFs.loadAverage();
      Map<Contender, Stats> latency = interleaved(contenders, options);
      double loadAfter = ProcFs.loadAverage();
      IdleMemory.Result idle = IdleMemory.measure(tenancy, raw, options.idle());
      report(options, contenders, latency, new double[] {loadBefore, loadAfter}, idle, out);
    }
  }

  /**
   * Round-robin, one start per contender per round, rotating who goes first, so that drift (page
   * cache, CPU frequency, JIT) hits all alike. The first {@code warmup} rounds are discarded.
   */
  private static Map<Contender, Stats> interleaved(List<Contender> contenders, Options options) throws Exception {
    Map<Contender, List<Long>> samples = new LinkedHashMap<>();
    contenders.forEach(c -> samples.put(c, new ArrayList<>()));
    for (int round = -options.warmup(); round < options.n(); round++) {
      for (int k = 0; k < contenders.size(); k++) {
        Contender c = contenders.get(Math.floorMod(round + k, contenders.size()));
        long nanos = c.startToPingNanos();
        if (round >= 0) {
          samples.get(c).add(nanos);
        }
      }
      System.err.print(round == options.n() - 1 ? "\n" : ".");
    }
    Map<Contender, Stats> stats = new LinkedHashMap<>();
    samples.forEach((c, s) -> stats.put(c, Stats.ofNanos(s)));
    return stats;
  }

  private static void report(Options options, List<Contender> contenders, Map<Contender, Stats> latency,
      double[] load, IdleMemory.Result idle, PrintStream out) {
    Table table = new Table(String.format(Locale.ROOT,
        "provision-local: start -> first PONG, ms; %d cores, load average %.1f before, %.1f after%n"
            + "n=%d per contender after %d warm-up rounds, interleaved round-robin (the order rotates every round),"
            + " one instance at a time", Runtime.getRuntime().availableProcessors(), load[0], load[1], options.n(),
        options.warmup()),
        "contender", "p50", "p95", "min", "max", "mean");
    for (Contender c : contenders) {
      Stats s = latency.get(c);
      table.row(c.name(), ms(s.p50()), ms(s.p95()), ms(s.min()), ms(s.max()), ms(s.mean()));
    }
    table.print(out);
    contenders.forEach(c -> out.println("  " + c.name() + ": " + c.measures()));

    Stats lib = latency.get(contenders.get(0));
    Stats raw = latency.get(contenders.get(1));
    Stats emb = latency.get(contenders.get(2));
    double ratio = lib.p50() / raw.p50();
    double speedup = emb.p50() / lib.p50();
    out.println();
    out.printf(Locale.ROOT, "ratio_vs_raw              %.2f  (target <= %.1f: %s)%n", ratio, TARGET_RATIO_VS_RAW,
        ratio <= TARGET_RATIO_VS_RAW ? "met" : "MISSED");
    out.printf(Locale.ROOT, "speedup_vs_embedded_redis %.2f  (target >= %.1f: %s)%n", speedup,
        TARGET_SPEEDUP_VS_EMBEDDED, speedup >= TARGET_SPEEDUP_VS_EMBEDDED ? "met" : "MISSED");
    out.println();

    new Table(String.format(Locale.ROOT, "Idle memory: %d idle processes each, measured 1 s after the last "
        + "start (RSS counts shared pages in full, PSS divides them), MB per process.", idle.tenants()),
        "", "RSS", "PSS")
        .row("redis-tenancy tenant", mb(idle.rssMb()), mb(idle.pssMb()))
        .row("raw redis-server", mb(idle.rawRssMb()), mb(idle.rawPssMb()))
        .print(out);
    out.printf(Locale.ROOT, "  other processes under the JVM while %d tenants ran: %d, %.1f MB RSS in all%n",
        idle.tenants(), idle.helperProcesses(), idle.helperRssMb());
    out.printf(Locale.ROOT, "  create -> PING while those tenants accumulated (0..%d already running): p50 %s, "
        + "p95 %s ms%n", idle.tenants() - 1, ms(idle.creates().p50()), ms(idle.creates().p95()));
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

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String mb(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
