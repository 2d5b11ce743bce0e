package io.redistenancy.docker;

import static io.redistenancy.docker.DockerTestSupport.assumeAvailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.Persistence;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.TenantState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet image upgrade on a real engine, through the public API: two tags of the local redis image,
 * and a broken image (its redis-server is not an executable) that forces a rollback.
 */
class FleetUpgradeIT {
  private static final String REPO = "redis-tenancy-test/redis";
  private static final String OLD = REPO + ":upgrade-old";
  private static final String NEW = REPO + ":upgrade-new";
  private static final String BROKEN = REPO + ":upgrade-broken";
  private static final List<String> NAMES = List.of("alpha", "bravo", "charlie");
  private static DockerClient docker;
  private static String unavailable;

  @TempDir
  Path tmp;

  @BeforeAll
  static void images() throws Exception {
    docker = DockerTestSupport.dockerClient();
    unavailable = DockerTestSupport.unavailableReason(docker);
    if (unavailable != null) {
      return;
    }
    String source = DockerTestSupport.image();
    for (String tag : List.of(OLD, NEW)) {
      docker.tagImageCmd(source, REPO, tag.substring(REPO.length() + 1)).withForce().exec();
    }
    importBrokenImage();
  }

  /** A root file system whose /usr/bin/redis-server is a text file: the container cannot start. */
  private static void importBrokenImage() throws IOException, InterruptedException {
    Path root = Files.createTempDirectory("broken-image");
    Files.createDirectories(root.resolve("usr/bin"));
    Files.writeString(root.resolve("usr/bin/redis-server"), "not a program\n");
    Process p = new ProcessBuilder("sh", "-c", "tar -C \"$0\" -c . | docker import - \"$1\"", root.toString(), BROKEN)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("docker import: " + out).isTrue();
    try (var files = Files.walk(root)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  @AfterAll
  static void removeImages() throws IOException {
    if (docker == null) {
      return;
    }
    if (unavailable == null) {
      for (String image : List.of(OLD, NEW, BROKEN)) {
        try {
          docker.removeImageCmd(image).exec(); // only the tag, for OLD and NEW
        } catch (RuntimeException e) {
          // in use by a container a failed test left: that test's failure says so
        }
      }
    }
    docker.close();
  }

  @Test
  void upgradesOneTenantAtATimeKeepingDataAndEndpointsAndRollsBackABrokenImage() {
    assumeAvailable(unavailable);
    DockerBackends.Docker settings = DockerBackends.docker().image(OLD).tcp("127.0.0.1", 17300, 17399);
    try (RedisTenancy tenancy = RedisTenancy.builder().home(tmp.resolve("home")).backend(settings).build()) {
      Map<String, List<Endpoint>> endpoints = new java.util.TreeMap<>();
      for (String name : NAMES) {
        Tenant t = tenancy.create(name).persistence(Persistence.AOF_ALWAYS).apply();
        try (var conn = t.connect()) {
          conn.sync().set("greeting", "hello " + name);
        }
        endpoints.put(name, t.connection().endpoints());
        assertThat(t.connection().endpoints()).anyMatch(e -> !e.isUnixSocket());
      }
      String firstContainer = container("alpha").getId();
      tenancy.tenant("charlie").orElseThrow().stop(); // a stopped tenant is moved and stays stopped

      List<FleetUpgrade.Progress> progress = new ArrayList<>();
      FleetUpgrade.Report report = FleetUpgrade.run(tenancy, settings, NEW, progress::add);

      assertThat(report.complete()).as(report.toString()).isTrue();
      assertThat(report.upgraded()).containsExactlyElementsOf(NAMES);
      // one at a time: each tenant starts only after the one before it answered on the new image
      List<String> expected = new ArrayList<>();
      NAMES.forEach(n -> expected.addAll(List.of(n + " STARTING", n + " UPGRADED")));
      assertThat(progress).extracting(p -> p.tenant() + " " + p.step()).containsExactlyElementsOf(expected);
      assertThat(progress).extracting(FleetUpgrade.Progress::total).containsOnly(NAMES.size());
      assertThat(container("charlie").getState()).isNotEqualTo("running");
      tenancy.tenant("charlie").orElseThrow().start();
      for (String name : NAMES) {
        assertThat(container(name).getImage()).isEqualTo(NEW);
        Tenant t = tenancy.tenant(name).orElseThrow();
        assertThat(t.connection().endpoints()).isEqualTo(endpoints.get(name));
        try (var conn = t.connect()) {
          assertThat(conn.sync().get("greeting")).isEqualTo("hello " + name);
        }
      }
      assertThat(container("alpha").getId()).isNotEqualTo(firstContainer);

      // again: nothing to do
      FleetUpgrade.Report again = FleetUpgrade.run(tenancy, settings, NEW, p -> {});
      assertThat(again.alreadyCurrent()).containsExactlyElementsOf(NAMES);
      assertThat(again.upgraded()).isEmpty();

      // a broken image: the first tenant is rolled back, the others are not touched
      progress.clear();
      FleetUpgrade.Report broken = FleetUpgrade.run(tenancy, settings, BROKEN, progress::add);
      assertThat(broken.complete()).isFalse();
      assertThat(broken.rolledBack()).contains("alpha");
      assertThat(broken.notAttempted()).containsExactly("bravo", "charlie");
      assertThat(broken.failure().orElseThrow()).contains("alpha").contains("rolled back to " + NEW);
      System.out.println("broken image: " + broken.failure().orElseThrow());
      assertThat(progress).extracting(p -> p.tenant() + " " + p.step())
          .containsExactly("alpha STARTING", "alpha ROLLED_BACK");
      for (String name : NAMES) {
        assertThat(containers(name)).as("one container for " + name + ", none set aside").hasSize(1);
        assertThat(container(name).getImage()).isEqualTo(NEW);
        try (var conn = tenancy.tenant(name).orElseThrow().connect()) {
          assertThat(conn.sync().get("greeting")).isEqualTo("hello " + name);
        }
      }

      // a crash mid-upgrade leaves alpha's previous container set aside: it is never taken for alpha,
      // and the next upgrade clears it away
      Container alpha = container("alpha");
      String aside = docker.createContainerCmd(NEW).withName(alpha.getNames()[0].substring(1) + "-previous")
          .withLabels(alpha.getLabels()).withEntrypoint("redis-server").exec().getId();
      assertThat(tenancy.reconcile().isClean()).isTrue();
      assertThat(tenancy.tenant("alpha").orElseThrow().status().state()).isEqualTo(TenantState.RUNNING);
      FleetUpgrade.Report back = FleetUpgrade.run(tenancy, settings, OLD, p -> {});
      assertThat(back.complete()).as(back.toString()).isTrue();
      assertThat(docker.listContainersCmd().withShowAll(true).withIdFilter(List.of(aside)).exec()).isEmpty();
      for (String name : NAMES) {
        assertThat(containers(name)).hasSize(1);
        assertThat(container(name).getImage()).isEqualTo(OLD);
      }

      // a tenant created after a complete upgrade runs its image
      tenancy.create("delta").apply();
      assertThat(container("delta").getImage()).isEqualTo(OLD);

      assertThatThrownBy(() -> FleetUpgrade.run(tenancy, settings, "redis:latest", p -> {}))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("latest");
      assertThatThrownBy(() -> FleetUpgrade.run(tenancy, DockerBackends.docker(), NEW, p -> {}))
          .as("settings that did not make the tenancy's backend")
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("does not run on an open Docker backend (its backend is docker) made from these settings");
      for (Tenant t : tenancy.tenants()) {
        t.delete(Deletion.PURGE);
      }
    }
  }

  @Test
  void aStopDuringTheUpgradeOfItsTenantWaitsForItAndHolds() throws Exception {
    assumeAvailable(unavailable);
    ExecutorService other = Executors.newSingleThreadExecutor();
    DockerBackends.Docker settings = DockerBackends.docker().image(OLD);
    try (RedisTenancy tenancy = RedisTenancy.builder().home(tmp.resolve("concurrent")).backend(settings).build()) {
      Tenant echo = tenancy.create("echo").persistence(Persistence.AOF_ALWAYS).apply();
      try (var conn = echo.connect()) {
        conn.sync().set("k", "v");
      }
      List<Future<?>> stops = new ArrayList<>();
      FleetUpgrade.Report report = FleetUpgrade.run(tenancy, settings, NEW, p -> {
        if (p.step() == FleetUpgrade.Step.STARTING) { // a stop arrives while the container is being recreated
          stops.add(other.submit(() -> {
            Thread.sleep(100);
            echo.stop();
            return null;
          }));
        }
      });
      stops.get(0).get(60, TimeUnit.SECONDS);
      assertThat(report.complete()).as(report.toString()).isTrue();
      assertThat(container("echo").getImage()).isEqualTo(NEW);
      assertThat(echo.status().state()).isEqualTo(TenantState.STOPPED);
      assertThat(container("echo").getState()).as("the stop came after the swap, not before its start")
          .isNotEqualTo("running");
      echo.start();
      try (var conn = echo.connect()) {
        assertThat(conn.sync().get("k")).isEqualTo("v");
      }
      echo.delete(Deletion.PURGE);
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void aTenancyOnAnotherBackendIsRefused() {
    try (RedisTenancy local = RedisTenancy.builder().home(tmp.resolve("local")).build()) {
      assertThatThrownBy(() -> FleetUpgrade.run(local, DockerBackends.docker(), NEW, p -> {}))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("does not run on an open Docker backend (its backend is local)");
    }
  }

  @Test
  void aClosedTenancyIsRefusedItsSettingsForgetTheBackend() {
    assumeAvailable(unavailable);
    DockerBackends.Docker settings = DockerBackends.docker().image(OLD);
    RedisTenancy closed = RedisTenancy.builder().home(tmp.resolve("closed")).backend(settings).build();
    closed.close();
    assertThatThrownBy(() -> FleetUpgrade.run(closed, settings, NEW, p -> {}))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("does not run on an open Docker backend (its backend is docker) made from these settings");
  }

  /** This test's containers of {@code tenant}: those mounting its directories (other tests may use the name). */
  private List<Container> containers(String tenant) {
    return docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of("io.redistenancy.tenant", tenant)).exec().stream()
        .filter(c -> c.getMounts().stream().anyMatch(m -> m.getSource() != null && m.getSource().startsWith(tmp.toString())))
        .toList();
  }

  private Container container(String tenant) {
    List<Container> found = containers(tenant);
    assertThat(found).as("containers of " + tenant).hasSize(1);
    return found.get(0);
  }
}
