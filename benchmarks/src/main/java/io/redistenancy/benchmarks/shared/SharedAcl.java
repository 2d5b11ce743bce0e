package io.redistenancy.benchmarks.shared;

import io.redistenancy.Backends;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.RedisTenancy;
import io.redistenancy.benchmarks.Leftovers;
import io.redistenancy.benchmarks.Stats;
import io.redistenancy.benchmarks.TempDir;
import io.redistenancy.benchmarks.provision.ProcFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code benchmarks/run shared-acl [--n 1000] [--warmup 50] [--total 10000]}: tenants as ACL users on
 * one real shared redis-server. Measures create → first authenticated command per tenant, the time to
 * create {@code total} more tenants on the same server, and the server memory each tenant costs.
 */
public final class SharedAcl {
  /** tmpfs: a diagnostic tenancy lives here to show what the home's durable writes cost. */
  private static final Path SHM = Path.of("/dev/shm");

  private SharedAcl() {}

  /**
   * @param n measured create → first command samples
   * @param warmup discarded samples first
   * @param total tenants created afterwards for the total time and the memory per tenant
   */
  record Options(int n, int warmup, int total) {
    private static final String USAGE = "usage: shared-acl [--n 1000] [--warmup 50] [--total 10000]";

    static Options parse(String... args) {
      Map<String, Integer> values = new LinkedHashMap<>(Map.of("--n", 1000, "--warmup", 50, "--total", 10_000));
      for (int i = 0; i < args.length; i += 2) {
        if (!values.containsKey(args[i]) || i + 1 == args.length) {
          throw new IllegalArgumentException(USAGE + "; got '" + String.join(" ", args) + "'");
        }
        int value;
        try {
          value = Integer.parseInt(args[i + 1]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(args[i] + " needs a whole number; got '" + args[i + 1] + "'");
        }
        if (value < (args[i].equals("--warmup") ? 0 : 1) || value > 100_000) {
          throw new IllegalArgumentException(args[i] + " " + value + " is out of range (up to 100000)");
        }
        values.put(args[i], value);
      }
      return new Options(values.get("--n"), values.get("--warmup"), values.get("--total"));
    }
  }

  /** What one run measured. */
  record Result(Options options, Stats firstCommand, Stats raw, Stats firstCommandTmpfsHome, double totalSeconds,
      long bytesPerTenant, long aclFileBytesPerTenant, double loadBefore, double loadAfter) {}

  public static void main(String[] args) throws IOException {
    new SharedAclReport(run(Options.parse(args))).print(System.out);
  }

  static Result run(Options options) throws IOException {
    try (TempDir home = TempDir.create("rtb-home-");
        TempDir shmHome = TempDir.create(SHM, "rtb-home-");
        SharedServerProcess server = Leftovers.closeOnShutdown(new SharedServerProcess())) {
      double loadBefore = ProcFs.loadAverage();
      Stats tmpfsHome;
      RedisTenancy diagnostic = open(shmHome, server);
      try {
        tmpfsHome = firstCommand(diagnostic, "c", server.port(), options, null);
      } finally {
        close(diagnostic);
      }
      RedisTenancy tenancy = open(home, server);
      Stats firstCommand;
      List<Long> rawSamples = new ArrayList<>();
      double totalSeconds;
      long bytesPerTenant;
      try {
        try (RawAclUser raw = new RawAclUser(server)) {
          firstCommand = firstCommand(tenancy, "a", server.port(), options, () -> rawSamples.add(raw.sampleNanos()));
        }
        long memoryBefore = server.usedMemory();
        long start = System.nanoTime();
        for (int i = 0; i < options.total(); i++) {
          tenancy.create("b" + i).apply();
          progress(i, options.total());
        }
        totalSeconds = (System.nanoTime() - start) / 1e9;
        bytesPerTenant = (server.usedMemory() - memoryBefore) / options.total();
      } finally {
        close(tenancy);
      }
      long tenants = 2L * (options.warmup() + options.n()) + options.total();
      long aclBytes = Files.size(server.aclFile()) / tenants;
      return new Result(options, firstCommand, Stats.ofNanos(rawSamples), tmpfsHome, totalSeconds, bytesPerTenant, aclBytes, loadBefore,
          ProcFs.loadAverage());
    }
  }

  private static RedisTenancy open(TempDir home, SharedServerProcess server) {
    return open(home.path().resolve("home"), server);
  }

  /** A tenancy on {@code home} with the server as its one shared server, closed at shutdown if still open. */
  static RedisTenancy open(Path home, SharedServerProcess server) {
    return Leftovers.closeOnShutdown(RedisTenancy.builder().home(home)
        .backend(Backends.sharedServers().server("127.0.0.1", server.port())
            .admin(SharedServerProcess.ADMIN, server.adminPassword()))
        .build());
  }

  /** Closes without deleting the tenants (the server goes with them); saves the pending ACL changes. */
  static void close(RedisTenancy tenancy) {
    tenancy.close();
    Leftovers.forget(tenancy);
  }

  /** A baseline sample taken right after each measured one, so both see the same load. */
  @FunctionalInterface
  private interface Baseline {
    void sample() throws IOException;
  }

  /**
   * Create, then AUTH as the new tenant and SET a key on its prefix over a fresh connection; after
   * each measured sample, one {@code baseline} sample (if any).
   */
  private static Stats firstCommand(RedisTenancy tenancy, String prefix, int port, Options options,
      Baseline baseline) throws IOException {
    List<Long> samples = new ArrayList<>();
    for (int i = -options.warmup(); i < options.n(); i++) {
      long start = System.nanoTime();
      ConnectionInfo info = tenancy.create(prefix + (i + options.warmup())).apply().connection();
      try (RespLine app = RespLine.open(port)) {
        app.command("AUTH", info.username(), info.password());
        app.command("SET", info.keyPrefix() + "k", "v");
      }
      long nanos = System.nanoTime() - start;
      if (i >= 0) {
        samples.add(nanos);
        if (baseline != null) {
          baseline.sample();
        }
      }
      progress(i + options.warmup(), options.warmup() + options.n());
    }
    return Stats.ofNanos(samples);
  }

  private static void progress(int done, int of) {
    if ((done + 1) % Math.max(1, of / 50) == 0 || done + 1 == of) {
      System.err.print(done + 1 == of ? "\n" : ".");
    }
  }
}
