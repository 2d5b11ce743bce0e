package io.redistenancy.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Backends;
import io.redistenancy.Deletion;
import io.redistenancy.Lifecycle;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.TenantState;
import io.redistenancy.contract.ChaosChildRun;
import io.redistenancy.spi.BackendFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No orphan, ever: a child JVM loops create/delete and is killed with {@code kill -9} at a random
 * moment around a create; then the home is reopened (which reconciles). After every run: no
 * redis-server of the home that no tenant owns, every tenant whose {@code apply()} returned (and
 * whose delete had not begun) is there and running, and no file is left of a rolled-back tenant.
 */
class LocalChaosIT extends LocalBackendTestBase {
  private static final int RUNS = 25;

  @ParameterizedTest
  @EnumSource(Lifecycle.class)
  void killedMidCreateOrDeleteLeavesNoOrphanAndLosesNoTenant(Lifecycle lifecycle) throws Exception {
    Path home = root.resolve("chaos-" + lifecycle.name().toLowerCase());
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<String> orphans = new ArrayList<>();
    List<String> lost = new ArrayList<>();
    List<String> leftovers = new ArrayList<>();
    int acked = 0;
    for (int run = 0; run < RUNS; run++) {
      ChaosChildRun child = ChaosChildRun.start(home, "r" + run + "-", root.resolve("chaos-child-" + run + ".log"),
          LocalChaosBackend.class, lifecycle.name());
      child.killAfterCreates(1 + random.nextInt(3), random.nextInt(60));
      acked += child.acked().size();
      try (RedisTenancy tenancy = open(home, lifecycle)) {
        Set<String> tenants = tenancy.tenants().stream().map(Tenant::name).collect(Collectors.toCollection(TreeSet::new));
        orphans.addAll(unowned(home, tenants).stream().map(p -> "run " + child.prefix() + ": " + p).toList());
        for (String name : child.ackedNotDeleting()) {
          boolean running = tenancy.tenant(name).map(t -> t.status().state() == TenantState.RUNNING).orElse(false);
          if (!running) {
            lost.add(name);
          }
        }
        for (String name : child.rolledBack(tenants)) {
          leftovers.addAll(filesNamed(home, name));
        }
        tenancy.tenants().forEach(t -> t.delete(Deletion.PURGE));
      }
    }
    System.out.printf("LocalChaosIT %s (seed %d): %d runs, %d tenants acked, %d orphans, %d acked tenants missing,"
        + " %d leftover files%n", lifecycle, seed, RUNS, acked, orphans.size(), lost.size(), leftovers.size());
    assertThat(orphans).as("redis-server processes of the home that no tenant owns").isEmpty();
    assertThat(lost).as("tenants whose apply() returned, missing or not running").isEmpty();
    assertThat(leftovers).as("files of rolled-back tenants").isEmpty();
  }

  private static RedisTenancy open(Path home, Lifecycle lifecycle) {
    return RedisTenancy.builder().home(home).backend(Backends.local().lifecycle(lifecycle)).build();
  }

  /**
   * Processes running in a tenant directory of {@code home} that is not one of {@code tenants}, or a
   * second process in one that is: what nothing will ever stop.
   */
  private static List<String> unowned(Path home, Set<String> tenants) throws IOException {
    Map<String, Integer> perTenant = new HashMap<>();
    List<String> found = new ArrayList<>();
    for (ProcessHandle p : Processes.under(home)) {
      String cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).toString();
      Path data = Path.of(cwd.replace(" (deleted)", ""));
      String tenant = data.getParent().getFileName().toString();
      int count = perTenant.merge(tenant, 1, Integer::sum);
      if (!tenants.contains(tenant) || count > 1) {
        found.add(p.pid() + " in " + cwd);
        p.destroyForcibly(); // so that the next run counts only its own
      }
    }
    return found;
  }

  private static List<String> filesNamed(Path home, String tenant) throws IOException {
    try (Stream<Path> all = Files.walk(home)) {
      return all.filter(p -> p.getFileName().toString().startsWith(tenant))
          .filter(p -> {
            String rest = p.getFileName().toString().substring(tenant.length());
            return rest.isEmpty() || !Character.isLetterOrDigit(rest.charAt(0)); // r1-t1 is not r1-t10
          })
          .map(Path::toString).toList();
    }
  }

  /** The child's backend: the local one, in the lifecycle named by its one argument. */
  public static final class LocalChaosBackend implements Function<List<String>, BackendFactory> {
    @Override
    public BackendFactory apply(List<String> args) {
      return Backends.local().lifecycle(Lifecycle.valueOf(args.get(0)));
    }
  }
}
