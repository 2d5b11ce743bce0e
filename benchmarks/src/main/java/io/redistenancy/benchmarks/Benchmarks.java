package io.redistenancy.benchmarks;

import io.redistenancy.benchmarks.backup.BackupBenchmark;
import io.redistenancy.benchmarks.density.Density;
import io.redistenancy.benchmarks.provision.ProvisionDocker;
import io.redistenancy.benchmarks.provision.ProvisionLocal;
import io.redistenancy.benchmarks.provision.ProvisionSystemd;
import io.redistenancy.benchmarks.reconfigure.ReconfigureBenchmark;
import io.redistenancy.benchmarks.shared.SharedAcl;
import io.redistenancy.benchmarks.shared.SharedScale;
import io.redistenancy.benchmarks.testkit.TestkitOverhead;
import io.redistenancy.benchmarks.tls.TlsBenchmark;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Entry point of {@code benchmarks/run NAME [args]}: runs one benchmark, which prints a readable
 * table and, as its last line, one JSON object with the figures.
 */
public final class Benchmarks {
  private static final Map<String, Benchmark> BENCHMARKS = new TreeMap<>(Map.of(
      "provision-local", args -> ProvisionLocal.main(args),
      "shared-acl", args -> SharedAcl.main(args),
      "backup", args -> BackupBenchmark.main(args),
      "provision-docker", args -> ProvisionDocker.main(args),
      "provision-systemd", args -> ProvisionSystemd.main(args),
      "tls", args -> TlsBenchmark.main(args),
      "testkit", args -> TestkitOverhead.main(args),
      "density", args -> Density.main(args),
      "shared-scale", args -> SharedScale.main(args),
      "reconfigure", args -> ReconfigureBenchmark.main(args)));

  /** One benchmark's entry point; what it throws is reported once, here. */
  @FunctionalInterface
  interface Benchmark {
    void run(String[] args) throws Exception;
  }

  private Benchmarks() {}

  public static void main(String[] args) {
    if (args.length == 0 || !BENCHMARKS.containsKey(args[0])) {
      System.err.println((args.length == 0 ? "no benchmark named" : "unknown benchmark '" + args[0] + "'")
          + "; usage: benchmarks/run NAME [args], NAME one of " + BENCHMARKS.keySet());
      System.exit(2);
    }
    int exitCode = 0;
    try {
      BENCHMARKS.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length));
    } catch (IllegalArgumentException e) {
      System.err.println(args[0] + ": " + e.getMessage());
      exitCode = 2;
    } catch (Exception e) {
      if (Leftovers.shuttingDown() || e instanceof InterruptedException) {
        System.err.println(args[0] + " interrupted; its processes and temporary files are removed");
        return;
      }
      System.err.println(args[0] + " failed: " + e);
      e.printStackTrace();
      exitCode = 1;
    }
    System.out.flush();
    System.exit(exitCode);
  }
}
