package io.redistenancy.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Deletion;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.TenantState;
import io.redistenancy.contract.ChaosChildRun;
import io.redistenancy.spi.BackendFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No orphan, ever, on systemd: a child JVM loops create/delete on one home and is killed with
 * {@code kill -9} at a random moment of a create or delete (the seed is printed), {@value #RUNS}
 * times; after each, the home is reopened (which reconciles). Then nothing of the home is in the lab
 * that no tenant owns: no unit loaded or running, no user or group, no drop-in, enablement link,
 * config, port, login, data or runtime file; and every tenant whose {@code apply()} returned (and
 * whose delete had not begun) is there and running.
 */
class SystemdChaosIT {
  private static final int RUNS = 10;
  /**
   * Everything of the home's instances (tag $1, template $2, config root $3, state root $4) the
   * lab has: one per line, units as {@code unit NAME LOAD ACTIVE}, users and groups as {@code user NAME}.
   */
  private static final String EVERYTHING = "ls -d /etc/systemd/system/\"$2\"@\"$1\"-* "
      + "/etc/systemd/system/*.wants/\"$2\"@\"$1\"-* \"$3\"/\"$1\"-* \"$4\"/\"$1\"-* /var/lib/private/\"$2\"/\"$1\"-* "
      + "/run/\"$2\"/\"$1\"-* 2>/dev/null; "
      + "systemctl list-units --all --plain --no-legend \"$2@$1-*\" | awk '{print \"unit \" $1 \" \" $2 \" \" $3}'; "
      + "{ getent passwd; getent group; } | cut -d: -f1 | grep -E \"^r[td]$1-\" | sed 's/^/user /'; true";

  @TempDir
  Path tmp;

  private InstanceNames names;

  /** The child's backend: the lab's systemd, as every test here uses it. */
  public static final class LabBackend implements Function<List<String>, BackendFactory> {
    @Override
    public BackendFactory apply(List<String> args) {
      return SystemdLab.settings();
    }
  }

  @AfterEach
  void removeWhatALostTenantLeft() {
    if (names != null) { // by the tag alone: the lab is shared with the other tests
      SystemdLab.exec("sh", "-c", "for u in $(systemctl list-units --all --plain --no-legend \"$2@$1-*\" | awk '{print $1}');"
          + " do systemctl disable --now \"$u\"; done; rm -rf /etc/systemd/system/\"$2\"@\"$1\"-* "
          + "/etc/systemd/system/*.wants/\"$2\"@\"$1\"-* \"$3\"/\"$1\"-* \"$4\"/\"$1\"-*; "
          + "for u in $(getent passwd | cut -d: -f1 | grep \"^rt$1-\"); do userdel \"$u\"; done; "
          + "for g in $(getent group | cut -d: -f1 | grep \"^rt$1-\"); do groupdel \"$g\"; done; systemctl daemon-reload",
          "sh", names.tag(), names.unitName(), names.configRoot().toString(), names.stateRoot().toString());
    }
  }

  @Test
  void killedMidCreateOrDeleteLeavesNoOrphanAndLosesNoTenant() throws Exception {
    SystemdLab.require();
    Path home = tmp.resolve("home");
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<String> orphans = new ArrayList<>();
    List<String> leftovers = new ArrayList<>();
    List<String> lost = new ArrayList<>();
    int acked = 0;
    for (int run = 0; run < RUNS; run++) {
      ChaosChildRun child = ChaosChildRun.start(home, "r" + run + "-", tmp.resolve("child-" + run + ".log"),
          LabBackend.class);
      // a create or delete on the lab takes seconds: the kill falls anywhere in one (bounded: ~5 minutes in all)
      child.killAfterCreates(1 + random.nextInt(2), random.nextInt(4000));
      acked += child.acked().size();
      try (RedisTenancy tenancy = open(home)) {
        Set<String> tenants = tenancy.tenants().stream().map(Tenant::name).collect(Collectors.toCollection(TreeSet::new));
        for (String found : everythingOfTheHome()) {
          String owner = tenantOf(found);
          if (!tenants.contains(owner)) {
            (found.startsWith("unit ") || found.startsWith("user ") ? orphans : leftovers)
                .add("run " + child.prefix() + ": " + found);
          }
        }
        for (String name : child.ackedNotDeleting()) {
          boolean running = tenancy.tenant(name).map(t -> t.status().state() == TenantState.RUNNING).orElse(false);
          if (!running) {
            lost.add(name);
          }
        }
        tenancy.tenants().forEach(t -> t.delete(Deletion.PURGE));
      }
    }
    System.out.printf("SystemdChaosIT (seed %d): %d runs, %d tenants acked, %d orphans, %d acked tenants missing,"
        + " %d leftover files%n", seed, RUNS, acked, orphans.size(), lost.size(), leftovers.size());
    assertThat(orphans).as("units, users and groups of the home that no tenant owns").isEmpty();
    assertThat(lost).as("tenants whose apply() returned, missing or not running").isEmpty();
    assertThat(leftovers).as("files of the home that no tenant owns").isEmpty();
    assertThat(everythingOfTheHome()).as("what the last deletes left").isEmpty();
  }

  private RedisTenancy open(Path home) {
    return RedisTenancy.builder().home(home).backend(context -> {
      SystemdBackend backend = (SystemdBackend) SystemdLab.settings().create(context);
      names = backend.names();
      return backend;
    }).build();
  }

  private List<String> everythingOfTheHome() {
    String out = SystemdLab.exec("sh", "-c", EVERYTHING, "sh", names.tag(), names.unitName(),
        names.configRoot().toString(), names.stateRoot().toString()).stdout();
    // a unit systemd merely remembers (no files, not running) is nothing
    return out.lines().filter(l -> !l.isBlank() && !l.matches("unit \\S+ not-found inactive")).toList();
  }

  /** The tenant a found thing is named for: what follows {@code <tag>-}, up to a dot, slash or space. */
  private String tenantOf(String found) {
    Matcher m = Pattern.compile(Pattern.quote(names.tag()) + "-([a-z0-9-]+)").matcher(found);
    return m.find() ? m.group(1) : found;
  }
}
