package io.redistenancy.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Backends;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.RedisTenancy;
import io.redistenancy.SharedServers;
import io.redistenancy.Tenant;
import io.redistenancy.TenantState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real standalone servers pooled by one tenancy: placement, and one server going down. */
class SharedPoolIT {
  @TempDir
  Path root;
  private TestRedis first;
  private TestRedis second;
  private RedisTenancy tenancy;

  @BeforeEach
  void startServers() throws Exception {
    first = TestRedis.start(root);
    second = TestRedis.start(root);
  }

  @AfterEach
  void stopServers() throws Exception {
    if (tenancy != null) {
      tenancy.close();
    }
    first.close();
    second.close();
  }

  private RedisTenancy open(Path home) {
    SharedServers shared = Backends.sharedServers().server("127.0.0.1", first.port())
        .server("127.0.0.1", second.port()).admin(TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD);
    return RedisTenancy.builder().home(home).backend(shared).build();
  }

  private RedisTenancy open(SharedServers.Placement placement) throws Exception {
    SharedServers shared = Backends.sharedServers().server("127.0.0.1", first.port())
        .server("127.0.0.1", second.port()).admin(TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD).placement(placement);
    return RedisTenancy.builder().home(Files.createTempDirectory(root, "home-")).backend(shared).build();
  }

  @Test
  void aServerDownWhenTheTenancyOpensIsReportedAndItsTenantsComeBackWithIt() throws Exception {
    Path home = Files.createTempDirectory(root, "home-");
    tenancy = open(home);
    Tenant a = tenancy.create("t0").apply();
    Tenant b = tenancy.create("t1").apply();
    TestRedis bServer = b.connection().endpoint().equals(first.endpoint()) ? first : second;
    assertThat(a.connection().endpoint()).isNotEqualTo(b.connection().endpoint());
    Thread.sleep(500); // past the coalesced ACL SAVE
    tenancy.close();

    bServer.kill();
    tenancy = open(home);
    Tenant down = tenancy.tenant("t1").orElseThrow();
    assertThat(down.status().state()).isEqualTo(TenantState.FAILED);
    assertThat(down.status().problem()).get().asString().contains("shared server " + bServer.endpoint());
    try (var conn = tenancy.tenant("t0").orElseThrow().connect()) {
      assertThat(conn.sync().ping()).isEqualTo("PONG");
    }

    bServer.restart();
    Thread.sleep(1100); // a down server is tried again at most once a second
    assertThat(down.status().state()).isEqualTo(TenantState.RUNNING);
    try (var conn = down.connect()) {
      assertThat(conn.sync().ping()).isEqualTo("PONG");
    }
  }

  private static Map<Endpoint, Long> perServer(List<Tenant> tenants) {
    return tenants.stream().collect(Collectors.groupingBy(t -> t.connection().endpoint(), Collectors.counting()));
  }

  @Test
  void leastLoadedPlacementSpreadsTenantsEvenly() throws Exception {
    tenancy = open(SharedServers.Placement.leastLoaded());
    List<Tenant> tenants = java.util.stream.IntStream.range(0, 6)
        .mapToObj(i -> tenancy.create("t" + i).apply()).toList();
    assertThat(perServer(tenants)).containsOnly(Map.entry(first.endpoint(), 3L), Map.entry(second.endpoint(), 3L));
    for (Tenant t : tenants) {
      try (var conn = t.connect()) {
        conn.sync().set("k", t.name());
        assertThat(conn.sync().get("k")).isEqualTo(t.name());
      }
    }
    Endpoint emptied = tenants.get(0).connection().endpoint();
    tenants.get(0).delete(Deletion.PURGE);
    Tenant next = tenancy.create("t6").apply();
    assertThat(next.connection().endpoint()).as("the server that lost a tenant is the least loaded")
        .isEqualTo(emptied);
  }

  @Test
  void aCustomPlacementIsFollowedAndAWrongAnswerIsRefused() throws Exception {
    Endpoint wanted = second.endpoint();
    tenancy = open((tenant, candidates) -> candidates.stream().filter(c -> c.server().equals(wanted)).findFirst()
        .orElseThrow());
    assertThat(tenancy.create("a1").apply().connection().endpoint()).isEqualTo(wanted);
    assertThat(tenancy.create("a2").apply().connection().endpoint()).isEqualTo(wanted);
    tenancy.close();

    tenancy = open((tenant, candidates) -> new SharedServers.ServerLoad(Endpoint.tcp("127.0.0.1", 1), 0,
        io.redistenancy.MemorySize.ofBytes(0)));
    assertThatThrownBy(() -> tenancy.create("b1").apply()).hasMessageContaining("tcp:127.0.0.1:1")
        .hasMessageContaining("which is not one of the reachable servers");
    assertThat(tenancy.tenant("b1")).isEmpty();
  }

  @Test
  void aServerDownIsReportedWhileTheOtherKeepsWorking() throws Exception {
    tenancy = open(SharedServers.Placement.leastLoaded());
    Tenant onFirst = null;
    Tenant onSecond = null;
    for (int i = 0; i < 2; i++) {
      Tenant t = tenancy.create("t" + i).apply();
      if (t.connection().endpoint().equals(first.endpoint())) {
        onFirst = t;
      } else {
        onSecond = t;
      }
    }
    assertThat(onFirst).isNotNull();
    assertThat(onSecond).isNotNull();
    onSecond.connect().sync().set("k", "kept");

    Thread.sleep(500); // past the coalesced ACL SAVE (200 ms): the users are in the aclfile
    first.kill();

    Tenant down = onFirst;
    var status = down.status();
    assertThat(status.state()).isEqualTo(TenantState.FAILED);
    assertThat(status.problem()).get().asString()
        .contains("shared server " + first.endpoint() + " is unreachable");
    assertThat(onSecond.status().state()).isEqualTo(TenantState.RUNNING);
    try (var conn = onSecond.connect()) {
      assertThat(conn.sync().get("k")).isEqualTo("kept");
    }
    for (int i = 2; i < 5; i++) {
      assertThat(tenancy.create("t" + i).apply().connection().endpoint())
          .as("new tenants go to the server that is up").isEqualTo(second.endpoint());
    }

    first.restart();
    Thread.sleep(1100); // a down server is tried again at most once a second
    assertThat(down.status().state()).as("users live in the aclfile: back after the restart")
        .isEqualTo(TenantState.RUNNING);
    try (var conn = down.connect()) {
      assertThat(conn.sync().ping()).isEqualTo("PONG");
    }
  }
}
