package io.redistenancy.benchmarks.testkit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.benchmarks.Flags;
import io.redistenancy.benchmarks.JsonLine;
import io.redistenancy.benchmarks.Stats;
import io.redistenancy.benchmarks.Table;
import io.redistenancy.benchmarks.provision.ProcFs;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code benchmarks/run testkit}: what isolation costs a test. For each testkit mode, a suite of
 * {@code n} tests run through JUnit's launcher, each timed from start to finish (acquire an isolated
 * Redis, connect, first command, release); then the same per-test loop with embedded-redis (a new
 * server per test) and Testcontainers (a new container per test), with fewer iterations.
 */
public final class TestkitOverhead {
  static final String IMAGE = System.getenv().getOrDefault("REDIS_TENANCY_DOCKER_IMAGE", "redis-tenancy-test/redis:7.0");

  private TestkitOverhead() {}

  /** The test body everywhere: the first command on the connection the test was given. */
  static void firstCommand(StatefulRedisConnection<String, String> redis) {
    if (!"PONG".equals(redis.sync().ping())) {
      throw new IllegalStateException("no PONG");
    }
  }

  /** Target: a DEDICATED test costs at most this share of starting a raw redis-server for it. */
  static final double TARGET_RATIO_VS_RAW_SPAWN = 0.25;

  record Options(int n, int embeddedN, int testcontainersN, int rawSpawnN) {
    static Options parse(String... args) {
      Map<String, Integer> values = new Flags("testkit [--n 500] [--embedded-n 100] [--tc-n 20] [--raw-spawn-n 100]")
          .flag("--n", 500, 1, 100_000).flag("--embedded-n", 100, 1, 10_000).flag("--tc-n", 20, 1, 1_000)
          .flag("--raw-spawn-n", 100, 1, 10_000).parse(args);
      return new Options(values.get("--n"), values.get("--embedded-n"), values.get("--tc-n"),
          values.get("--raw-spawn-n"));
    }
  }

  public static void main(String[] args) throws Exception {
    run(Options.parse(args), System.out);
  }

  static void run(Options options, PrintStream out) throws Exception {
    double loadBefore = ProcFs.loadAverage();
    System.err.println("testkit: " + options.n() + " tests per mode through the JUnit launcher ...");
    Stats dedicated = Stats.ofNanos(JUnitRun.run(DedicatedTests.class, options.n()));
    Stats flushed = Stats.ofNanos(JUnitRun.run(FlushedTests.class, options.n()));
    Stats shared = Stats.ofNanos(JUnitRun.run(SharedServerTests.class, options.n()));
    RedisClient client = RedisClient.create();
    client.setOptions(ClientOptions.builder().build());
    Stats embedded;
    Stats containers = null;
    String containersNote;
    Stats rawReset;
    Stats rawSpawn;
    try {
      System.err.println("testkit: raw baselines: " + options.n() + " resets, " + options.rawSpawnN() + " spawns ...");
      rawReset = Stats.ofNanos(RawBaselines.resets(client, options.n()));
      rawSpawn = Stats.ofNanos(RawBaselines.spawns(options.rawSpawnN()));
      System.err.println("testkit: embedded-redis, " + options.embeddedN() + " tests ...");
      try (EmbeddedPerTest peer = new EmbeddedPerTest(client)) {
        embedded = Stats.ofNanos(loop(options.embeddedN(), peer::oneTestNanos));
      }
      containersNote = dockerMissing();
      if (containersNote == null) {
        System.err.println("testkit: Testcontainers, " + options.testcontainersN() + " tests ...");
        ContainerPerTest peer = new ContainerPerTest(IMAGE, client);
        containers = Stats.ofNanos(loop(options.testcontainersN(), peer::oneTestNanos));
        containersNote = "new GenericContainer(" + IMAGE + ") per test, Ryuk off, wait on Redis's ready line";
      }
    } finally {
      client.shutdown();
    }
    double loadAfter = ProcFs.loadAverage();

    Table table = new Table("Per-test overhead: acquire an isolated Redis, connect, first command, release (ms)",
        "per test", "n", "p50", "p95", "max", "what");
    row(table, "testkit DEDICATED", dedicated, "@RedisTenancyTest: own warm pooled redis-server, reset in the background");
    row(table, "testkit FLUSHED", flushed, "@RedisTenancyTest(isolation = FLUSHED): one server, reset between tests");
    row(table, "testkit SHARED_SERVER", shared,
        "ACL user + key prefix on one pooled server, keys deleted between tests");
    row(table, "raw reset (baseline)", rawReset, "one raw redis-server: FLUSHALL + PING on a pooled Lettuce connection");
    row(table, "raw spawn per test (baseline)", rawSpawn,
        "raw redis-server per test: write redis.conf, start, first PONG on its UNIX socket, stop");
    row(table, "embedded-redis", embedded, "new RedisServer(port).start() per test, stop() after");
    if (containers != null) {
      row(table, "Testcontainers", containers, containersNote);
    } else {
      table.row("Testcontainers", 0, "-", "-", "-", "skipped: " + containersNote);
    }
    table.print(out);
    out.printf(Locale.ROOT, "load average %.2f before, %.2f after (2 shared cores: other work skews timings)%n",
        loadBefore, loadAfter);
    double ratioVsSpawn = dedicated.p50() / rawSpawn.p50();
    out.printf(Locale.ROOT, "DEDICATED p50 %.2f ms = %.3f x a raw spawn per test (%.2f ms; target <= %.2f: %s), "
        + "%.1f x a raw reset (%.2f ms)%n", dedicated.p50(), ratioVsSpawn, rawSpawn.p50(), TARGET_RATIO_VS_RAW_SPAWN,
        ratioVsSpawn <= TARGET_RATIO_VS_RAW_SPAWN ? "met" : "MISSED", dedicated.p50() / rawReset.p50(), rawReset.p50());
    out.println(new JsonLine()
        .put("p50_ms", round(dedicated.p50()))
        .put("p95_ms", round(dedicated.p95()))
        .put("raw_reset_p50_ms", round(rawReset.p50()))
        .put("ratio_vs_raw_reset", round(dedicated.p50() / rawReset.p50()))
        .put("flushed_ratio_vs_raw_reset", round(flushed.p50() / rawReset.p50()))
        .put("raw_spawn_p50_ms", round(rawSpawn.p50()))
        .put("ratio_vs_raw_spawn", Math.round(ratioVsSpawn * 1000) / 1000.0)
        .put("flushed_p50_ms", round(flushed.p50()))
        .put("flushed_p95_ms", round(flushed.p95()))
        .put("shared_server_p50_ms", round(shared.p50()))
        .put("shared_server_p95_ms", round(shared.p95()))
        .put("embedded_redis_p50_ms", round(embedded.p50()))
        .put("testcontainers_p50_ms", containers == null ? null : round(containers.p50()))
        .put("speedup_vs_embedded_redis", round(embedded.p50() / dedicated.p50()))
        .put("speedup_vs_testcontainers", containers == null ? null : round(containers.p50() / dedicated.p50()))
        .put("n", options.n())
        .put("loadavg_before", loadBefore)
        .put("loadavg_after", loadAfter));
  }

  private interface Sample {
    long nanos() throws Exception;
  }

  private static List<Long> loop(int n, Sample sample) throws Exception {
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nanos.add(sample.nanos());
    }
    return nanos;
  }

  /** Why the Testcontainers row cannot run, or null when it can. */
  private static String dockerMissing() {
    if (!"true".equals(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
      return "TESTCONTAINERS_RYUK_DISABLED=true is not set (benchmarks/run sets it; Ryuk cannot be pulled here)";
    }
    try {
      Process info = new ProcessBuilder("docker", "image", "inspect", IMAGE).redirectErrorStream(true).start();
      info.getInputStream().readAllBytes();
      return info.waitFor() == 0 ? null : "no Docker engine with the image " + IMAGE + " (scripts/setup-docker.sh)";
    } catch (Exception e) {
      return "no docker CLI: " + e.getMessage();
    }
  }

  private static void row(Table table, String name, Stats s, String what) {
    table.row(name, s.count(), fmt(s.p50()), fmt(s.p95()), fmt(s.max()), what);
  }

  private static String fmt(double ms) {
    return String.format(Locale.ROOT, "%.2f", ms);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
