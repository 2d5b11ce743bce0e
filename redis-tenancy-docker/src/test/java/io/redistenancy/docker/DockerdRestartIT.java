package io.redistenancy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Persistence;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart of the Docker engine: its tenants come back by themselves (restart policy
 * unless-stopped) with their data, and the tenancy keeps working. The engine restarted is a private
 * second dockerd ({@link PrivateDockerd}), never the machine's shared one.
 */
class DockerdRestartIT {
  private static final List<String> NAMES = List.of("one", "two", "three");

  @TempDir
  Path tmp;

  @Test
  void tenantsComeBackAfterTheEngineRestarts() throws Exception {
    PrivateDockerd.assumeUsable();
    try (PrivateDockerd dockerd = PrivateDockerd.start(DockerTestSupport.image());
        RedisTenancy tenancy = RedisTenancy.builder().home(tmp.resolve("home"))
            .backend(DockerBackends.docker().image(DockerTestSupport.image()).dockerHost(dockerd.host())).build()) {
      Map<String, String> runIds = new HashMap<>();
      for (String name : NAMES) {
        Tenant t = tenancy.create(name).persistence(Persistence.AOF_ALWAYS).apply();
        try (var conn = t.connect()) {
          conn.sync().set("k", "v-" + name);
          runIds.put(name, runId(conn.sync().info("server")));
        }
      }

      Duration downtime = dockerd.restart();
      System.out.println("private dockerd restarted in " + downtime.toMillis() + " ms");

      for (String name : NAMES) {
        Tenant t = tenancy.tenant(name).orElseThrow();
        assertThat(awaitValue(t, Duration.ofSeconds(30))).as(name).isEqualTo("v-" + name);
        try (var conn = t.connect()) {
          assertThat(runId(conn.sync().info("server"))).as("a new redis-server process for " + name)
              .isNotEqualTo(runIds.get(name));
        }
      }
      var report = tenancy.reconcile(); // the engine brought them back: nothing left to repair
      assertThat(report.isClean()).as(report.toString()).isTrue();
      Tenant four = tenancy.create("four").apply(); // the backend talks to the restarted engine
      try (var conn = four.connect()) {
        assertThat(conn.sync().ping()).isEqualTo("PONG");
      }
    }
  }

  private static String runId(String info) {
    return info.lines().filter(l -> l.startsWith("run_id:")).findFirst().orElseThrow();
  }

  /** The value of {@code k}, once the tenant answers again. */
  private static String awaitValue(Tenant tenant, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try (var conn = tenant.connect()) {
        return conn.sync().get("k");
      } catch (RuntimeException e) {
        last = e;
        Thread.sleep(50);
      }
    }
    throw new AssertionError("tenant " + tenant.name() + " did not answer within " + timeout, last);
  }
}
