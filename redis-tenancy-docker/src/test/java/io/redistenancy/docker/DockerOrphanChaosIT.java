package io.redistenancy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.redistenancy.RedisTenancy;
import io.redistenancy.ReconcileReport;
import io.redistenancy.Tenant;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * No orphan container or network after a kill -9 at any moment of a create or delete: a child JVM
 * loops creates and deletes on one home and is killed at a random moment, 15 times; then the home is
 * reopened and reconciled. The kill moments are random (the seed is printed); what is asserted is not
 * timing: every container and network of the home belongs to a listed tenant, and no tenant whose
 * create returned (and whose delete did not start) is missing.
 */
class DockerOrphanChaosIT {
  private static final int RUNS = 15;

  @RegisterExtension
  static final DockerEngine engine = new DockerEngine();

  @TempDir
  Path temp;

  @Test
  void killedWhileCreatingOrDeletingLeavesNoOrphanAndLosesNoAckedTenant() throws Exception {
    long seed = System.nanoTime();
    System.out.println("[docker chaos] seed " + seed);
    Random random = new Random(seed);
    Path home = temp.resolve("home");
    Set<String> acked = new ConcurrentSkipListSet<>();
    Set<String> deleting = new ConcurrentSkipListSet<>();
    for (int run = 0; run < RUNS; run++) {
      runAndKill(home, "r" + run, random.nextInt(15_000), acked, deleting);
      if (run == 0) {
        engine.cleanUpOwner(DockerTestSupport.ownerId(home)); // whatever this test leaves, also when it fails
      }
      System.out.printf("[docker chaos] run %d: %d acked so far%n", run, acked.size());
    }

    try (RedisTenancy tenancy = RedisTenancy.builder().home(home)
        .backend(DockerBackends.docker().image(DockerTestSupport.image()).tcp("127.0.0.1", 23600, 23699)).build()) {
      ReconcileReport report = tenancy.reconcile();
      System.out.println("[docker chaos] last reconcile: " + report);
      Set<String> tenants = tenancy.tenants().stream().map(Tenant::name).collect(Collectors.toCollection(TreeSet::new));
      String owner = DockerTestSupport.ownerId(home);
      DockerClient docker = engine.client();
      List<Container> containers = docker.listContainersCmd().withShowAll(true)
          .withLabelFilter(Map.of(DockerEngine.OWNER_LABEL, owner)).exec();
      Set<String> containerTenants = containers.stream().map(c -> c.getLabels().get("io.redistenancy.tenant"))
          .collect(Collectors.toCollection(TreeSet::new));
      Set<String> networkTenants = docker.listNetworksCmd()
          .withFilter("label", List.of(DockerEngine.OWNER_LABEL + "=" + owner)).exec().stream()
          .map(n -> n.getLabels().get("io.redistenancy.tenant")).collect(Collectors.toCollection(TreeSet::new));
      Set<String> mustExist = new TreeSet<>(acked);
      mustExist.removeAll(deleting);
      System.out.printf("[docker chaos] %d runs: %d acked creates, %d deletes started, %d tenants, %d containers,"
          + " %d networks%n", RUNS, acked.size(), deleting.size(), tenants.size(), containers.size(),
          networkTenants.size());

      assertThat(containers).as("one container per tenant").hasSize(tenants.size());
      assertThat(containerTenants).as("orphan containers").isEqualTo(tenants);
      assertThat(networkTenants).as("orphan networks").isSubsetOf(tenants);
      assertThat(tenants).as("acked tenants").containsAll(mustExist);
      for (Tenant t : tenancy.tenants()) {
        t.delete(io.redistenancy.Deletion.PURGE);
      }
    }
  }

  /** Starts the child, kills it (SIGKILL) {@code killAfterMillis} after it is ready, records what it said. */
  private void runAndKill(Path home, String prefix, int killAfterMillis, Set<String> acked, Set<String> deleting)
      throws IOException, InterruptedException {
    Path log = temp.resolve(prefix + ".log");
    ChildJvm.Started started = ChildJvm.start(DockerCrashChild.class, log, home.toString(), prefix, "23600", "23699");
    Process child = started.process();
    BufferedReader out = started.out();
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.equals("READY")) {
            ready.countDown();
          } else if (line.startsWith("ACK ")) {
            acked.add(line.substring(4));
          } else if (line.startsWith("DELETING ")) {
            deleting.add(line.substring(9));
          }
        }
      } catch (IOException killed) {
        // the child is gone
      }
    });
    reader.start();
    // its open reconciles what the previous kill left; the kill comes a random time after that
    assertThat(ready.await(2, TimeUnit.MINUTES)).as("the child opened the home; its log: %s", log).isTrue();
    Thread.sleep(killAfterMillis);
    child.destroyForcibly(); // SIGKILL
    child.waitFor(30, TimeUnit.SECONDS);
    reader.join(10_000);
    assertThat(Files.readString(log)).as("the child's log").doesNotContain("Exception in thread \"main\"");
  }
}
