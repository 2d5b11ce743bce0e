package io.redistenancy.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyEvent;
import io.redistenancy.TenancyListener;
import io.redistenancy.Tenant;
import io.redistenancy.contract.OwnInstance;
import io.redistenancy.contract.RecordingListener;
import io.redistenancy.spi.TenantId;
import io.redistenancy.systemd.SystemdBackends;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A systemd tenant's TCP endpoint is always its own instance, against the lab's real systemd: a
 * squatter on the range's first port or on a stopped tenant's port never receives a byte, and two
 * homes creating on one range at once never misroute a tenant.
 */
class SystemdPortsIT {
  private static final int FIRST_PORT = 27420;
  private static final int LAST_PORT = 27443;
  private static final int TENANTS_PER_HOME = 10;

  private static LabTcpRelay relay;

  @TempDir
  Path tmp;

  private final List<RedisTenancy> opened = new ArrayList<>();
  private final Map<RedisTenancy, SystemdBackend> backends = new java.util.HashMap<>();
  private RedisClient client;

  @BeforeAll
  static void relayTheLabsPorts() {
    relay = new LabTcpRelay(FIRST_PORT, LAST_PORT);
  }

  @AfterAll
  static void closeRelay() {
    if (relay != null) {
      relay.close();
    }
  }

  @BeforeEach
  void client() {
    client = RedisClient.create();
  }

  @AfterEach
  void cleanUp() {
    for (RedisTenancy tenancy : opened) {
      try (tenancy) {
        tenancy.tenants().forEach(t -> t.delete(Deletion.PURGE)); // units and users in the shared lab otherwise
      }
    }
    client.shutdown();
  }

  private RedisTenancy open(int first, int last, TenancyListener listener) {
    Path home = tmp.resolve("home" + opened.size());
    SystemdBackends.Systemd settings = SystemdLab.settings().tcpPorts(first, last);
    SystemdBackend[] made = new SystemdBackend[1];
    RedisTenancy tenancy = RedisTenancy.builder().home(home).listener(listener).backend(context -> {
      made[0] = (SystemdBackend) settings.create(context);
      return made[0];
    }).build();
    opened.add(tenancy);
    backends.put(tenancy, made[0]);
    return tenancy;
  }

  @Test
  void squattersOnTheFirstPortAndOnAStoppedTenantsPortNeverReceiveAByte() throws Exception {
    RecordingListener events = new RecordingListener();
    RedisTenancy tenancy = open(FIRST_PORT, FIRST_PORT + 3, events);
    try (LabSquatter onFirst = LabSquatter.on(FIRST_PORT)) {
      Tenant victim = tenancy.create("victim").apply();
      int port = tcpOf(victim.connection()).port();
      assertThat(port).as("the tenant's port").isNotEqualTo(FIRST_PORT).isBetween(FIRST_PORT, FIRST_PORT + 3);
      assertThat(checkOwnInstance(victim)).as("connection() reaches the tenant's own instance").isEmpty();

      // stopped behind the library's back; another program takes its port before reconcile starts it
      SystemdBackend backend = backends.get(tenancy);
      String unit = backend.names().unit(TenantId.of("victim"));
      assertThat(SystemdLab.exec("systemctl", "stop", unit).exitCode()).isZero();
      String passwordBefore = victim.connection().password();
      try (LabSquatter onItsPort = LabSquatter.on(port)) {
        var report = tenancy.reconcile();
        int moved = tcpOf(victim.connection()).port();
        assertThat(moved).as("connection() gives the tenant's new port; reconcile: %s; events: %s", report, events.events()).isNotIn(port, FIRST_PORT)
            .isBetween(FIRST_PORT, FIRST_PORT + 3);
        assertThat(checkOwnInstance(victim)).as("connection() reaches the tenant's own instance").isEmpty();
        assertThat(victim.handover().env()).contains("REDIS_PORT=" + moved + "\n");
        assertThat(events.events()).filteredOn(e -> e.type() == TenancyEvent.Type.PORT_CHANGED)
            .singleElement().satisfies(e -> assertThat(e.detail()).contains(Integer.toString(port))
                .contains(Integer.toString(moved)));
        // a restart by systemd itself keeps the new port: it is in the port file the config includes
        assertThat(SystemdLab.exec("systemctl", "restart", unit).exitCode()).isZero();
        assertThat(checkOwnInstance(victim)).as("after a restart by systemd").isEmpty();
        assertThat(onItsPort.connections()).as("connections to the squatter on the tenant's port").isZero();
        assertThat(onItsPort.received()).doesNotContain(passwordBefore).isEmpty();
      }
      assertThat(onFirst.connections()).as("connections to the squatter on the first port").isZero();
      assertThat(onFirst.received()).isEmpty();
    }
  }

  @Test
  void twoHomesCreatingOnOneRangeAtOnceNeverMisrouteATenant() throws Exception {
    List<RedisTenancy> both = List.of(open(FIRST_PORT, LAST_PORT, e -> {}), open(FIRST_PORT, LAST_PORT, e -> {}));
    ConcurrentLinkedQueue<String> misroutes = new ConcurrentLinkedQueue<>();
    List<Tenant> created = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < TENANTS_PER_HOME; i++) {
        for (int h = 0; h < both.size(); h++) {
          RedisTenancy tenancy = both.get(h);
          String name = "h" + h + "-t" + i;
          runs.add(pool.submit(() -> created.add(tenancy.create(name).apply())));
        }
      }
      for (Future<?> run : runs) {
        run.get(10, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    for (Tenant tenant : created) {
      checkOwnInstance(tenant).ifPresent(misroutes::add);
    }
    System.out.printf("SystemdPortsIT race: %d tenants checked, %d misroutes%n", created.size(), misroutes.size());
    assertThat(misroutes).as("tenants whose connection() did not reach their own instance").isEmpty();
    assertThat(created).hasSize(2 * TENANTS_PER_HOME);
    assertThat(created.stream().map(t -> tcpOf(t.connection()).port()).distinct()).hasSize(2 * TENANTS_PER_HOME);
  }

  private Optional<String> checkOwnInstance(Tenant tenant) {
    return OwnInstance.misroute(client, tenant);
  }

  private static Endpoint tcpOf(ConnectionInfo info) {
    return OwnInstance.tcpOf(info);
  }
}
