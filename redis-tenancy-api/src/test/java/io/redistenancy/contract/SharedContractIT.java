package io.redistenancy.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Backends;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.MemorySize;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.TenantState;
import io.redistenancy.external.TestRedis;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.spi.BackendFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The contract suite on the shared-servers backend, against one real redis-server. It lives in the
 * contract package so that it can replace the tests that assume a dedicated instance: those are
 * either rewritten for what a shared tenant is promised, or skipped with the reason.
 */
class SharedContractIT extends TenancyContract {
  private static Path root;
  private static TestRedis server;

  @BeforeAll
  static void startServer() throws Exception {
    root = Files.createTempDirectory("rt-shared-contract-");
    server = TestRedis.start(root);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
    TestFiles.deleteQuietly(root);
  }

  @Override
  protected BackendFactory backend() {
    return Backends.sharedServers().server("127.0.0.1", server.port()).admin(TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD);
  }

  /** The dedicated lifecycle reads maxmemory with CONFIG GET; here maxMemory is a quota, measured. */
  @Override
  @Test
  void fullLifecycle() {
    Tenant acme = tenancy.create("acme").plan("small").apply();
    try (var conn = acme.connect()) {
      conn.sync().set("greeting", "hello");
    }
    assertRunningWithOneKeyIn16Megabytes(acme.status());

    acme.resize(MemorySize.ofMegabytes(24));
    assertThat(acme.status().maxMemory()).isEqualTo(MemorySize.ofMegabytes(24));
    acme.stop();
    assertThat(acme.status().state()).isEqualTo(TenantState.STOPPED);
    acme.start();
    acme.restart();
    try (var conn = acme.connect()) {
      assertThat(conn.sync().get("greeting")).as("a stopped user's keys stay on the server").isEqualTo("hello");
    }
    acme.delete(Deletion.PURGE);
    assertThat(tenancy.tenant("acme")).isEmpty();
    assertThat(tenancy.reconcile().unwanted()).isEmpty();
    assertThat(listener.types("acme")).containsSubsequence(TenancyEvent.Type.CREATED, TenancyEvent.Type.RESIZED,
        TenancyEvent.Type.STOPPED, TenancyEvent.Type.STARTED, TenancyEvent.Type.DELETED);
  }

  /** Every tenant has the server's endpoint; what must differ is the user and the key prefix. */
  @Override
  @Test
  void parallelCreatesAllBecomeReady() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(parallelThreads());
    try {
      List<Future<Tenant>> futures = new ArrayList<>();
      for (int i = 0; i < parallelThreads() * tenantsPerThread(); i++) {
        String name = "t" + i;
        futures.add(pool.submit(() -> tenancy.create(name).plan("small").apply()));
      }
      for (Future<Tenant> f : futures) {
        Tenant t = f.get(5, TimeUnit.MINUTES);
        assertThat(t.connection().keyPrefix()).isEqualTo(t.name() + ":");
        try (var conn = t.connect()) {
          conn.sync().set("me", t.name());
          assertThat(conn.sync().get("me")).isEqualTo(t.name());
        }
      }
      assertThat(tenancy.tenants()).hasSize(futures.size());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Both tenants are on one server, so A's own credentials work there (as A, on A's prefix): what
   * must fail is any mix of one tenant's name with the other's password, and no credentials at all.
   */
  @Override
  @Test
  void tenantsAreIsolated() throws Exception {
    Tenant a = tenancy.create("tenant-a").apply();
    Tenant b = tenancy.create("tenant-b").apply();
    ConnectionInfo ai = a.connection();
    ConnectionInfo bi = b.connection();
    assertThat(ai.password()).isNotEqualTo(bi.password());
    assertThat(ai.keyPrefix()).isNotEqualTo(bi.keyPrefix());
    assertThat(AuthRefusal.of(bi.endpoint(), bi.username(), ai.password())).startsWith("WRONGPASS");
    assertThat(AuthRefusal.of(bi.endpoint(), ai.username(), bi.password())).startsWith("WRONGPASS");
    try (var anonymous = RespConnection.open(bi.endpoint(), Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> anonymous.call("GET", bi.keyPrefix() + "k")).hasMessageStartingWith("NOAUTH");
    }
    try (var conn = b.connect()) {
      conn.sync().set("k", "b's");
    }
    try (var asA = connectAs(ai.endpoint(), ai.username(), ai.password())) {
      assertThatThrownBy(() -> asA.sync().get(bi.keyPrefix() + "k")).hasMessageContaining("NOPERM");
    }
  }

  @Override
  @Test
  @Disabled("SELECT, SCRIPT, FUNCTION and CONFIG are denied to a shared tenant (they reach other tenants); "
      + "shared reset is tested in SharedAclIT.stopStartResetAndDeleteWorkOnTheUserAndItsKeys")
  void resetReturnsTheInstanceToPristine() {}

  @Override
  @Test
  @Disabled("EVAL, FUNCTION, KEYS, SCAN, INFO, CONFIG, CLIENT LIST and FLUSH* are denied to a shared tenant; "
      + "what it may do is tested in SharedAclIT.tenantDoesAnApplicationsWorkOnItsPrefixWithLettuce")
  void tenantUserRunsAnApplicationsCommands() {}

  @Override
  @Test
  @Disabled("checks the re-applied maxmemory with CONFIG GET; on a shared server maxMemory is a quota only, "
      + "and resize changes no server setting")
  void reconcileReappliesAnInterruptedResize() {}

  @Override
  @Test
  @Disabled("SWAPDB and RESTORE are denied to a shared tenant (other tenants' databases, crafted payloads on a "
      + "server whose configuration is not the library's); tested in SharedAclIT")
  void dedicatedTenantSwapsAndRestoresButRefusesCorruptPayloadsAndMigrate() {}

  /** notify-keyspace-events is server-wide: a shared tenant cannot have its own. */
  @Override
  @Test
  void keyspaceEventsComeFromThePlanChangeLiveAndSurviveARestart() throws Exception {
    assertThatThrownBy(() -> tenancy.create("acme").keyspaceEvents(io.redistenancy.KeyspaceEvents.parse("Egx")).apply())
        .isInstanceOf(io.redistenancy.InvalidRequestException.class)
        .hasMessage("Keyspace events Egx need a dedicated instance: notify-keyspace-events is server-wide, and the "
            + tenancy.backendName() + " backend's tenants do not own their server's configuration. "
            + "Tenant 'acme' was not created.");
    assertNothingLeft();
    Tenant acme = tenancy.create("acme").apply();
    assertThatThrownBy(() -> acme.keyspaceEvents(io.redistenancy.KeyspaceEvents.parse("Egx")))
        .hasMessageEndingWith("Tenant 'acme' was not changed.");
    acme.keyspaceEvents(io.redistenancy.KeyspaceEvents.NONE);
  }

  /** hz is server-wide too: a plan or a request that sets it is refused on a shared server, leaving nothing. */
  @Test
  void aServerWidePlanValueNeedsADedicatedInstance() throws Exception {
    assertThatThrownBy(() -> tenancy.create("acme").override(p -> p.hz(5)).apply())
        .isInstanceOf(io.redistenancy.InvalidRequestException.class)
        .hasMessage("Tenant 'acme' cannot have hz 5: it is server-wide, and the " + tenancy.backendName()
            + " backend's tenants do not own their server's configuration (only a dedicated instance can). "
            + "Tenant 'acme' was not created.");
    assertNothingLeft();
    tenancy.create("acme").override(p -> p.hz(10)).apply(); // Redis's default: the server's own setting
  }

  @Override
  @Test
  @Disabled("a shared tenant is promised its own prefix on db 0, not a whole server: SELECT, SWAPDB, RESTORE, "
      + "KEYS, FLUSHALL, SCRIPT, FUNCTION and keyspace events are denied; tested in SharedAclIT")
  void applicationsRunUnchangedOnADedicatedTenant() {}

  /** Memory is a quota on a shared server: changed live; the rest of a plan is the server's and refused. */
  @Test
  void aReconfigurationChangesTheQuotaAndRefusesTheServersSettings() {
    Tenant acme = tenancy.create("acme").plan("small").apply();

    assertThatThrownBy(() -> acme.changePlan("durable")).isInstanceOf(io.redistenancy.InvalidRequestException.class)
        .hasMessageContaining("Tenant 'acme' cannot change evictionPolicy to NOEVICTION")
        .hasMessageContaining("it is the server's setting, not the tenant's")
        .hasMessageEndingWith("Tenant 'acme' was not changed.");
    assertThatThrownBy(() -> acme.reconfigure().persistence(io.redistenancy.Persistence.AOF_ALWAYS).apply())
        .isInstanceOf(io.redistenancy.InvalidRequestException.class)
        .hasMessageContaining("cannot change persistence to AOF_ALWAYS");
    assertThat(acme.plan().name()).isEqualTo("small");

    io.redistenancy.ReconfigureReport report = acme.reconfigure().maxMemory(MemorySize.ofMegabytes(24)).apply();

    assertThat(report.changes()).extracting(io.redistenancy.ReconfigureReport.Change::setting)
        .containsExactly("maxMemory");
    assertThat(report.changes().get(0).applied()).isEqualTo(io.redistenancy.ReconfigureReport.Applied.LIVE);
    assertThat(acme.status().maxMemory()).isEqualTo(MemorySize.ofMegabytes(24));
  }
}
