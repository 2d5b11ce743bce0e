package io.redistenancy.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Backends;
import io.redistenancy.Deletion;
import io.redistenancy.Lifecycle;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.TenantState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
  /** How long one child may take to print a line before the run fails: bounds a hung child. */
  private static final long LINE_TIMEOUT_SECONDS = 120;

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
      ChildRun child = ChildRun.start(home, lifecycle, "r" + run + "-", root.resolve("chaos-child-" + run + ".log"));
      child.killAfterCreates(1 + random.nextInt(3), random.nextInt(60));
      acked += child.acked.size();
      try (RedisTenancy tenancy = open(home, lifecycle)) {
        Set<String> tenants = tenancy.tenants().stream().map(Tenant::name).collect(Collectors.toCollection(TreeSet::new));
        orphans.addAll(unowned(home, tenants).stream().map(p -> "run " + child.prefix + ": " + p).toList());
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

  /** One child JVM and what it printed. */
  private static final class ChildRun {
    private final String prefix;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> creating = new ArrayList<>();
    private final List<String> acked = new ArrayList<>();
    private final List<String> deleting = new ArrayList<>();

    private ChildRun(String prefix, Process process) {
      this.prefix = prefix;
      this.process = process;
      Thread reader = new Thread(this::read, "chaos-child-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static ChildRun start(Path home, Lifecycle lifecycle, String prefix, Path log) throws IOException {
      String java = ProcessHandle.current().info().command().orElseThrow();
      Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          ChaosChild.class.getName(), home.toString(), lifecycle.name(), prefix)
          .redirectError(log.toFile())
          .start();
      return new ChildRun(prefix, child);
    }

    private void read() {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException e) {
        // killed
      }
      lines.add("EOF");
    }

    /** Kills the child {@code delayMillis} after it began its {@code creates}-th create. */
    void killAfterCreates(int creates, int delayMillis) throws Exception {
      try {
        while (creating.size() < creates) {
          if (!take()) {
            throw new AssertionError("the child " + prefix + " ended before it was killed; see its log");
          }
        }
        Thread.sleep(delayMillis); // a random moment, not a wait for a state: nothing is asserted on it
      } finally {
        process.toHandle().destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        while (take()) {
          // what it printed before it died
        }
      }
    }

    /** Reads one line; false at the end of the output. */
    private boolean take() throws InterruptedException {
      String line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (line == null) {
        throw new AssertionError("the child " + prefix + " printed nothing for " + LINE_TIMEOUT_SECONDS + " s");
      }
      if (line.equals("EOF")) {
        lines.add(line);
        return false;
      }
      String[] parts = line.split(" ", 2);
      switch (parts[0]) {
        case "CREATING" -> creating.add(parts[1]);
        case "ACKED" -> acked.add(parts[1]);
        case "DELETING" -> deleting.add(parts[1]);
        default -> { }
      }
      return true;
    }

    List<String> ackedNotDeleting() {
      return acked.stream().filter(n -> !deleting.contains(n)).toList();
    }

    /** Creates that did not end in a tenant: their files must all be gone. */
    List<String> rolledBack(Set<String> tenants) {
      return creating.stream().filter(n -> !tenants.contains(n)).toList();
    }
  }

  /**
   * Runs in the child JVM: opens the home, then creates and deletes tenants named PREFIX-tN until it
   * is killed, printing (flushed) {@code CREATING}, {@code ACKED} once {@code apply()} returned and
   * {@code DELETING} before each delete.
   *
   * <p>Arguments: home, {@link Lifecycle} name, tenant name prefix.
   */
  public static final class ChaosChild {
    public static void main(String[] args) {
      RedisTenancy tenancy = RedisTenancy.builder().home(Path.of(args[0]))
          .backend(Backends.local().lifecycle(Lifecycle.valueOf(args[1]))).build();
      for (int i = 0; ; i++) {
        String name = args[2] + "t" + i;
        say("CREATING " + name);
        Tenant tenant = tenancy.create(name).apply();
        say("ACKED " + name);
        say("DELETING " + name);
        tenant.delete(Deletion.PURGE);
      }
    }

    private static void say(String line) {
      System.out.println(line);
      System.out.flush();
    }
  }
}
