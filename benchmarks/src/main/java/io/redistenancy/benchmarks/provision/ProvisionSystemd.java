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
import io.redistenancy.systemd.CommandRunner;
import io.redistenancy.systemd.SystemdBackends;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code benchmarks/run provision-systemd [--n 20] [--warmup 1]}: create to first PING for {@code n}
 * tenants, one after another and kept running (each an instance of the template unit under its own
 * user), against the real systemd of the lab container (scripts/setup-systemd.sh), driven through the
 * backend's {@code docker exec} command seam; then their removal.
 */
public final class ProvisionSystemd {
  static final String CONTAINER = System.getenv().getOrDefault("REDIS_TENANCY_SYSTEMD_CONTAINER",
      "redis-tenancy-systemd");

  private ProvisionSystemd() {}

  public static void main(String[] args) {
    Map<String, Integer> flags = new Flags("provision-systemd [--n 20] [--warmup 1]")
        .flag("--n", 20, 1, 200).flag("--warmup", 1, 0, 20).parse(args);
    run(flags.get("--n"), flags.get("--warmup"), System.out);
  }

  static void run(int n, int warmup, PrintStream out) {
    Path sockets = socketDirectory();
    try (TempDir home = TempDir.create("rtb-systemd-");
        RedisTenancy tenancy = Leftovers.closeOnShutdown(RedisTenancy.builder().home(home.path().resolve("home"))
            .backend(SystemdBackends.systemd().commandRunner(CommandRunner.dockerExec(CONTAINER))
                .clientSocketDirectory(sockets)).build())) {
      for (int i = 0; i < warmup; i++) {
        tenancy.create("warm" + i).apply().delete(Deletion.PURGE);
      }
      double loadBefore = ProcFs.loadAverage();
      List<Long> creates = new ArrayList<>();
      List<Tenant> tenants = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long start = System.nanoTime();
        tenants.add(tenancy.create("t" + i).apply());
        creates.add(System.nanoTime() - start);
        System.err.print(".");
      }
      List<Long> removals = new ArrayList<>();
      for (Tenant t : tenants) {
        long start = System.nanoTime();
        t.delete(Deletion.PURGE);
        removals.add(System.nanoTime() - start);
      }
      System.err.println();
      double loadAfter = ProcFs.loadAverage();
      print(out, n, warmup, Stats.ofNanos(creates), Stats.ofNanos(removals), loadBefore, loadAfter);
    }
  }

  /** Where the lab container's /run/redis-tenant is on this host: the tenants' sockets. */
  private static Path socketDirectory() {
    String source = DockerCli.docker("inspect", "--format",
        "{{range .Mounts}}{{if eq .Destination \"/run/redis-tenant\"}}{{.Source}}{{end}}{{end}}", CONTAINER).strip();
    if (source.isEmpty() || !Files.isDirectory(Path.of(source))) {
      throw new IllegalArgumentException("container " + CONTAINER + " has no /run/redis-tenant bind mount; run "
          + "scripts/setup-systemd.sh");
    }
    return Path.of(source);
  }

  private static void print(PrintStream out, int n, int warmup, Stats creates, Stats removals, double loadBefore,
      double loadAfter) {
    new Table(String.format(Locale.ROOT, "provision-systemd: %d tenants created one after another and kept running, "
        + "then removed; ms; %d cores, load average %.1f before, %.1f after%n"
        + "systemd in container %s, every systemctl/useradd through `docker exec` (the backend's command seam)",
        n, Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, CONTAINER),
        "", "p50", "p95", "min", "max", "mean")
        .stats("create -> PING", creates)
        .stats("delete (PURGE)", removals)
        .print(out);
    out.println("  create -> PING: tenancy.create(name).apply() (user, config, drop-in, daemon-reload, start; returns "
        + "once an authenticated PING answers on the socket)");
    out.println();
    out.println(new JsonLine()
        .put("benchmark", "provision-systemd")
        .put("n", n)
        .put("warmup", warmup)
        .put("p50_ms", creates.p50()).put("p95_ms", creates.p95())
        .put("delete_p50_ms", removals.p50()).put("delete_p95_ms", removals.p95())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("loadavg_before", loadBefore)
        .put("loadavg_after", loadAfter));
  }
}
