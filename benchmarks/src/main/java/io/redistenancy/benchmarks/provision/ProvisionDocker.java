package io.redistenancy.benchmarks.provision;

import io.redistenancy.Deletion;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.benchmarks.Flags;
import io.redistenancy.benchmarks.JsonLine;
import io.redistenancy.benchmarks.Leftovers;
import io.redistenancy.benchmarks.Stats;
import io.redistenancy.benchmarks.Table;
import io.redistenancy.benchmarks.TempDir;
import io.redistenancy.docker.DockerBackends;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code benchmarks/run provision-docker [--n 20] [--warmup 2]}: create to first PING on the Docker
 * backend, side by side with {@code docker run} through the CLI (same image and hardening flags) and a
 * Testcontainers {@code GenericContainer}, interleaved round-robin.
 */
public final class ProvisionDocker {
  static final String IMAGE_ENV = "REDIS_TENANCY_DOCKER_IMAGE";
  static final String DEFAULT_IMAGE = "redis-tenancy-test/redis:7.0";
  private static final double TARGET_RATIO_VS_CLI = 1.0;

  private ProvisionDocker() {}

  public static void main(String[] args) throws Exception {
    Map<String, Integer> flags = new Flags("provision-docker [--n 20] [--warmup 2]")
        .flag("--n", 20, 1, 500).flag("--warmup", 2, 0, 100).parse(args);
    String env = System.getenv(IMAGE_ENV);
    String image = env == null || env.isBlank() ? DEFAULT_IMAGE : env;
    run(image, flags.get("--n"), flags.get("--warmup"), System.out);
  }

  static void run(String image, int n, int warmup, PrintStream out) throws Exception {
    try (TempDir home = TempDir.create("rtb-docker-");
        TempDir shmHome = TempDir.create(Path.of("/dev/shm"), "rtb-docker-");
        RedisTenancy tenancy = open(home, image);
        RedisTenancy shmTenancy = open(shmHome, image);
        DockerCli cli = Leftovers.closeOnShutdown(new DockerCli(image, probeShape(tenancy)));
        TestcontainersStart testcontainers = Leftovers.closeOnShutdown(new TestcontainersStart(image))) {
      TenancyCreate lib = new TenancyCreate(tenancy, "redis-tenancy (docker)",
          "tenancy.create(name).apply() on DockerBackends.docker().image(" + image + "), default plan, UNIX socket "
              + "(blocks until an authenticated PING answers)");
      TenancyCreate libOnShm = new TenancyCreate(shmTenancy, "redis-tenancy (docker), home on tmpfs",
          "the same with the home in /dev/shm, where fsync costs nothing: diagnostic, the gap to the first row is "
              + "the durable (fsynced) state writes' share");
      List<Contender> contenders = List.of(lib, cli, testcontainers, libOnShm);
      double loadBefore = ProcFs.loadAverage();
      Map<Contender, Stats> latency = ProvisionLocal.interleaved(contenders, n, warmup);
      double loadAfter = ProcFs.loadAverage();
      print(out, image, n, warmup, contenders, latency, loadBefore, loadAfter);
    }
  }

  private static RedisTenancy open(TempDir home, String image) {
    return Leftovers.closeOnShutdown(RedisTenancy.builder().home(home.path().resolve("home"))
        .backend(DockerBackends.docker().image(image)).build());
  }

  /** The limits and user of a container the library made, for the CLI run to copy. */
  private static DockerCli.ContainerShape probeShape(RedisTenancy tenancy) {
    String name = "probe" + ProcessHandle.current().pid();
    Tenant probe = tenancy.create(name).apply();
    try {
      String id = DockerCli.docker("ps", "-aq", "--filter", "label=io.redistenancy.tenant=" + name).strip();
      return DockerCli.ContainerShape.of(id.lines().findFirst().orElseThrow(
          () -> new IllegalStateException("no container labelled with tenant " + name)));
    } finally {
      probe.delete(Deletion.PURGE);
    }
  }

  private static void print(PrintStream out, String image, int n, int warmup, List<Contender> contenders,
      Map<Contender, Stats> latency, double loadBefore, double loadAfter) {
    Stats lib = latency.get(contenders.get(0));
    Stats cli = latency.get(contenders.get(1));
    Stats tc = latency.get(contenders.get(2));
    Stats shm = latency.get(contenders.get(3));
    Table table = new Table(String.format(Locale.ROOT,
        "provision-docker: start -> first PONG, ms; image %s; %d cores, load average %.1f before, %.1f after%n"
            + "n=%d per contender after %d warm-up rounds, interleaved round-robin, one container at a time",
        image, Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, n, warmup),
        "contender", "p50", "p95", "min", "max", "mean");
    contenders.forEach(c -> table.stats(c.name(), latency.get(c)));
    table.print(out);
    contenders.forEach(c -> out.println("  " + c.name() + ": " + c.measures()));
    double ratioCli = lib.p50() / cli.p50();
    double ratioTc = lib.p50() / tc.p50();
    out.println();
    out.printf(Locale.ROOT, "ratio_vs_cli             %.2f  (target <= %.1f: %s)%n", ratioCli, TARGET_RATIO_VS_CLI,
        ratioCli <= TARGET_RATIO_VS_CLI ? "met" : "MISSED");
    out.printf(Locale.ROOT, "ratio_vs_testcontainers  %.2f%n", ratioTc);
    out.println();
    out.println(new JsonLine()
        .put("benchmark", "provision-docker")
        .put("image", image)
        .put("n", n)
        .put("warmup", warmup)
        .put("p50_ms", lib.p50()).put("p95_ms", lib.p95())
        .put("cli_p50_ms", cli.p50()).put("cli_p95_ms", cli.p95())
        .put("testcontainers_p50_ms", tc.p50()).put("testcontainers_p95_ms", tc.p95())
        .put("ratio_vs_cli", ratioCli)
        .put("ratio_vs_testcontainers", ratioTc)
        .put("tmpfs_home_p50_ms", shm.p50()).put("tmpfs_home_p95_ms", shm.p95())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("loadavg_before", loadBefore)
        .put("loadavg_after", loadAfter));
  }
}
